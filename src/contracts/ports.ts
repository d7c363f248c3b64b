/**
 * What the gateway needs from the rest of the system, and nothing more. Routes talk only to these ports;
 * src/temporal implements them with Temporal (start/signal/query), tests implement them with in-memory fakes.
 * They live here, not in the gateway, so the Temporal adapter implements them without depending on the HTTP edge.
 *
 * Expected business outcomes (not found, closed, conflict) are returned as results. Only infrastructure
 * failure is thrown: TemporalUnavailableError, which the gateway turns into 503 + Retry-After.
 */
import type {
  EscalationOutcomeRequest, ValidAppointmentChange, ValidCancelJourneyRequest, ValidStartJourneyRequest,
} from '../domain/messages/commands/v1';
import type { CallbackItem } from './nhs-notify/wire';

/**
 * Temporal could not be reached (or timed out), or its namespace cannot take journeys yet (reason
 * SEARCH_ATTRIBUTES_MISSING). The caller may retry; nothing was changed.
 */
export class TemporalUnavailableError extends Error {
  constructor(readonly retryAfterSeconds = 5, options?: { cause?: unknown; reason?: 'SEARCH_ATTRIBUTES_MISSING' }) {
    super('Temporal is unavailable', options);
    this.name = 'TemporalUnavailableError';
    this.reason = options?.reason;
  }

  readonly reason: 'SEARCH_ATTRIBUTES_MISSING' | undefined;
}

// ---------------------------------------------------------------- journeys

/**
 * A journey's idempotency key is its business key (journey type, NHS number, eventId, version), which the port
 * turns into the Workflow ID (domain `journeyWorkflowId`). The gateway adds the fingerprint of the body as sent
 * (domain `requestFingerprint`, canonical JSON, keyed): store it with the journey (e.g. a memo) and compare it
 * on a repeat start to tell "same body" (duplicate) from "different body" (conflict).
 */
export interface IdempotencyContext {
  readonly requestHash: string;
  /** The caller's credential id (not part of the key): routes the journey's webhooks to its subscriptions. */
  readonly requestedBy?: string;
}

/** What the API says about a journey. No patient data: ids, type, status and times only. */
export interface JourneySummary {
  readonly journeyId: string;
  readonly type: string;
  readonly status: string;
  readonly createdAt: string;
  readonly updatedAt?: string;
}

/** One audit entry (C4: which channel, status, template version and routing plan, and when). */
export interface TimelineEntry {
  readonly at: string;
  readonly kind: string;
  readonly stepId?: string;
  readonly channel?: string;
  readonly status?: string;
  readonly messageReference?: string;
  readonly templateId?: string;
  readonly templateVersion?: string;
  readonly routingPlan?: { readonly id: string; readonly version?: string };
  /** sending-held / send-dry-run: why, the control's scope and the role that set it. */
  readonly reason?: string;
  readonly controlScope?: string;
  readonly controlRole?: string;
}

export interface JourneyTimeline extends JourneySummary {
  readonly timeline: readonly TimelineEntry[];
}

/**
 * new: started now (201). duplicate: this business key was started before with the same request hash (200, same
 * journey, also after it closed, for as long as Temporal retains it). conflict: a different request hash (422).
 */
export type StartOutcome =
  | { readonly kind: 'new'; readonly journey: JourneySummary }
  | { readonly kind: 'duplicate'; readonly journey: JourneySummary }
  | { readonly kind: 'conflict' };

export interface JourneyFilter {
  readonly type?: string;
  readonly status?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

type Missing = { readonly kind: 'not-found' } | { readonly kind: 'closed' };

/** A field problem found by the port (e.g. journey-specific personalisation), path like "personalisation.site". */
export interface PortProblem {
  readonly path: string;
  readonly message: string;
}

export type ChangeOutcome =
  | { readonly kind: 'changed'; readonly journey: JourneySummary }
  | { readonly kind: 'invalid'; readonly reason: string; readonly problems: readonly PortProblem[] }
  | { readonly kind: 'rejected'; /** a stable code, e.g. STEP_ALREADY_SENT; shown to the caller */ readonly reason: string }
  | Missing;

/** Cancelling twice answers `cancelled` again (idempotent); `closed` means it finished some other way. */
export type CancelOutcome = { readonly kind: 'cancelled'; readonly journey: JourneySummary } | Missing;

// ---------------------------------------------------------------- escalations

export interface EscalationView {
  readonly escalationId: string;
  readonly journeyId: string;
  /** A stable code, e.g. ALL_CHANNELS_FAILED. */
  readonly reason: string;
  readonly status: 'open' | 'closed';
  readonly raisedAt: string;
  readonly outcome?: string;
  readonly closedAt?: string;
}

export interface EscalationFilter {
  readonly status?: 'open' | 'closed';
  readonly limit: number;
  readonly cursor?: string;
}

export type EscalationOutcomeResult =
  | { readonly kind: 'recorded'; readonly escalation: EscalationView }
  | Missing;

/** The journey API's port. Requests arrive validated by the domain's v1 commands. */
export interface JourneyPort {
  start(request: ValidStartJourneyRequest, idempotency: IdempotencyContext): Promise<StartOutcome>;
  /** From what the journey published (no workflow woken); `live`: from the workflow itself (its live detail). */
  get(journeyId: string, options?: { readonly live?: boolean }): Promise<JourneyTimeline | undefined>;
  list(filter: JourneyFilter): Promise<Page<JourneySummary>>;
  change(journeyId: string, patch: ValidAppointmentChange): Promise<ChangeOutcome>;
  cancel(journeyId: string, request: ValidCancelJourneyRequest): Promise<CancelOutcome>;
  listEscalations(filter: EscalationFilter): Promise<Page<EscalationView>>;
  recordEscalationOutcome(escalationId: string, outcome: EscalationOutcomeRequest): Promise<EscalationOutcomeResult>;
}

// ---------------------------------------------------------------- callbacks

/** One callback item that passed API key, HMAC and schema checks. */
export interface VerifiedStatusEvent {
  /** NHS Notify's meta.idempotencyKey: at most one application per key (R14). */
  readonly idempotencyKey: string;
  /** Our correlation key: the journey is found by this (docs/nhs-notify.md, messageReference). */
  readonly messageReference: string;
  readonly messageId: string;
  readonly item: CallbackItem;
  /** When the gateway accepted it (ISO 8601). */
  readonly receivedAt: string;
}

export type DeliveryResult = 'delivered' | 'duplicate' | 'unknown-journey' | 'closed-journey';

export interface CallbackSink {
  /** Deliver one verified status event to its journey, found by messageReference. Throws TemporalUnavailableError. */
  deliver(event: VerifiedStatusEvent): Promise<DeliveryResult>;
}
