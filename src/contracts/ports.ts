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
  /** The start request's cohort tag. */
  readonly cohort?: string;
  /** true: only journeys still running; false: only finished ones. */
  readonly open?: boolean;
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

// ---------------------------------------------------------------- cohorts

/** One patient of a cohort: the start request as a single start would receive it, what it means, its fingerprint. */
export interface CohortItem {
  readonly raw: unknown;
  readonly valid: ValidStartJourneyRequest;
  readonly fingerprint: string;
}

/** How many of a cohort's patients are where. Counts only: a cohort's answer never holds patient data. */
export interface CohortCounts {
  readonly patients: number;
  /** Started as ordinary journeys: their first step was not due yet, so it could not go in the batch. */
  readonly startedSingly: number;
  /** Rows naming a journey an earlier row already named (same type, NHS number and eventId): kept once. */
  readonly repeatedRows: number;
  /** In the batches, not sent yet. */
  readonly notSent: number;
  /** Put in a batch request that NHS Notify answered (accepted or refused). */
  readonly sent: number;
  /** Accepted by NHS Notify in a batch. */
  readonly accepted: number;
  /** Accepted, no final status yet. */
  readonly awaitingStatus: number;
  readonly delivered: number;
  /** NHS Notify said the message failed (each such patient is followed up). */
  readonly failed: number;
  /** NHS Notify refused the message in the batch (each such patient is followed up). */
  readonly refused: number;
  /** Handed to a journey of their own: a failed, refused or timed-out first message. */
  readonly followingUp: number;
}

export interface CohortView {
  readonly cohortId: string;
  readonly journeyType: string;
  readonly journeyVersion: number;
  readonly createdAt: string;
  readonly counts: CohortCounts;
}

export interface CohortStartRequest {
  /** The caller's reference: with the journey type, the cohort's idempotency key. */
  readonly reference: string;
  readonly patients: readonly CohortItem[];
}

export type CohortStartOutcome =
  | { readonly kind: 'new' | 'duplicate'; readonly cohort: CohortView }
  | { readonly kind: 'conflict' };

export interface CohortPort {
  /** new: saved and started; duplicate: this reference was started before with this request; conflict: with another. */
  start(request: CohortStartRequest, requestHash: string): Promise<CohortStartOutcome>;
  /** From the cohort store (no workflow woken); undefined: no such cohort. */
  get(cohortId: string): Promise<CohortView | undefined>;
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
