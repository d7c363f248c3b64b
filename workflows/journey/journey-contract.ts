/**
 * The contract of `journeyWorkflow`: its input, its messages (query, updates, signals) and its views.
 * The Workflow ID is the domain's `journeyWorkflowId(secret, businessKey)`: the journey's idempotency key.
 * Imported by the workflow, the Temporal adapter and tests: definitions and types only.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SendRecipient } from '../../activities/notify/send-contract';
import type { EpochMs } from '../../src/domain/durations';
import type { PersonalisationFields } from '../../src/domain/journeys/personalisation-spec';
import type { CancelReason, JourneyDefinition } from '../../src/domain/journeys/types';
import { ESCALATION_OUTCOMES as DOMAIN_ESCALATION_OUTCOMES, type EscalationOutcome } from '../../src/domain/timeline';
import type { JourneySource } from '../../src/domain/webhooks/events';
import type { SendPolicy } from '../delivery/delivery-contract';
import type { JourneyClockSettings } from './journey-clock';
import type { CarriedJourneyState } from './journey-state';
import type { JourneyOutcome } from './journey-outcome';
import type { JourneyView } from './journey-view';

/**
 * A journey definition as plain data (the personalisation schema is code; its field list is data). Message sizes
 * are checked at start, before the workflow exists, so they stay out of the plan: the input keeps its shape.
 */
export type JourneyPlan = Omit<JourneyDefinition, 'personalisation' | 'messageSizes'> & { readonly personalisationFields: PersonalisationFields };

export function toJourneyPlan(definition: JourneyDefinition): JourneyPlan {
  const { personalisation, messageSizes: _checkedAtStart, ...rest } = definition;
  return { ...rest, personalisationFields: personalisation.fields };
}

/** A published catalogue version (catalogue.lock.json), looked up in the workflow bundle (published-plan.ts). */
export interface PlanRef {
  readonly type: string;
  readonly version: number;
}

/**
 * Where the journey's plan comes from, exactly one of the two: the plan itself (journeys started before planRef
 * existed, compressed test calendars, versions not in the bundle, cancellation notices), or the published version
 * it names, so the plan is not copied into the history of every journey (docs/scale.md).
 */
export type PlanSource = CarriedPlan | NamedPlan;
interface CarriedPlan { readonly plan: JourneyPlan; readonly planRef?: never }
interface NamedPlan { readonly planRef: PlanRef; readonly plan?: never }

export type JourneyInput = JourneyInputFields & PlanSource;

/** An input that carries its plan, as a cancellation notice's does. */
export type PlannedJourneyInput = JourneyInputFields & CarriedPlan;

/** The input as the journey runs on it: the plan resolved (validate-input.ts), the planRef kept to carry on. */
export type ResolvedJourneyInput = JourneyInputFields & { readonly plan: JourneyPlan; readonly planRef?: PlanRef };

/** Everything in a journey's input but its plan. */
interface JourneyInputFields {
  /** The client's event (appointment, invitation, result) time, ms since the epoch. */
  readonly eventAt: EpochMs;
  readonly recipient: SendRecipient;
  /** What the client sent (validated) and what NHS Notify will get (fallbacks filled). */
  readonly personalisation: { readonly provided: Readonly<Record<string, string>>; readonly values: Readonly<Record<string, string>> };
  readonly odsCode?: string;
  /** The cohort tag the client gave (a campaign or clinic list): sending controls can pause one cohort. */
  readonly cohort?: string;
  /** Hash of the validated start request: tells a duplicate trigger (same body) from a conflict. */
  readonly requestFingerprint: string;
  readonly sendPolicy?: SendPolicy;
  /** Default: real time. Tests run a compressed calendar (R12). */
  readonly clock?: JourneyClockSettings;
  /** The notice journey to start when the journey is cancelled for one of `reasons` (catalogue policy). */
  readonly cancellationNotice?: { readonly plan: JourneyPlan; readonly reasons: readonly CancelReason[] };
  /** Continue-as-new after this many escalations in one run (default 10). */
  readonly maxEscalationsPerRun?: number;
  /** Who asked and their own event id, for the webhooks (src/domain/webhooks/events.ts). */
  readonly source?: JourneySource;
  /** Set only by continue-as-new. */
  readonly carried?: CarriedJourneyState;
  /** Set when a cohort sent this journey's first step in a batch: the journey takes over from that outcome. */
  readonly sentInBatch?: SentInBatch;
}

/**
 * A first step a cohort sent in one of its batches (same stepId, so the same messageReference), and why the
 * patient now needs their own journey. No patient data: codes, ids and times.
 */
export interface SentInBatch {
  readonly stepId: string;
  /** failed: NHS Notify's callback said so; timed_out: no final status by the cohort's callback timeout; send_failed: the batch refused it. */
  readonly outcome: 'failed' | 'timed_out' | 'send_failed';
  readonly failureCode?: string;
  readonly messageId?: string;
  /** When NHS Notify accepted the batch (ISO 8601); absent when it refused this message. */
  readonly acceptedAt?: string;
  /** The follow-up is spread over this much journey time (ms) from the journey's start, so a cohort's do not fire together. */
  readonly spreadMs: number;
}

/** The domain's journey status (src/domain/timeline.ts), also the JourneyStatus search attribute. */
export type { JourneyStatus } from '../../src/domain/timeline';

export type { JourneyOutcome } from './journey-outcome';

export interface ChangeAppointmentRequest {
  /** The new event time (ISO 8601 with offset). */
  readonly eventAt: string;
  /** Changed personalisation fields, already validated against the journey's schema. */
  readonly personalisation?: Readonly<Record<string, string>>;
}

export interface CancelJourneyRequest {
  readonly reason: CancelReason;
}

export type EscalationOutcomeKind = EscalationOutcome;
export const ESCALATION_OUTCOMES: readonly EscalationOutcomeKind[] = DOMAIN_ESCALATION_OUTCOMES;

export interface EscalationOutcomeSignal {
  readonly escalationId: string;
  readonly outcome: EscalationOutcomeKind;
  /**
   * A role, never a name. The gateway admits only the domain's STAFF_ROLES; the workflow keeps whatever role
   * it was sent, so histories recorded before the list existed still replay.
   */
  readonly staffRole: string;
}

export interface JourneyResult {
  readonly outcome: JourneyOutcome;
  readonly view: JourneyView;
}

export const timelineQuery = defineQuery<JourneyView>('timeline');
export const changeAppointment = defineUpdate<JourneyView, [ChangeAppointmentRequest]>('changeAppointment');
/** Acknowledged only once nothing is being sent any more: after it returns, no new send (C2). */
export const cancelJourney = defineUpdate<JourneyView, [CancelJourneyRequest]>('cancelJourney');
/** Kept so journeys that were sent the signal (and their histories) still run and replay; callers use staffOutcome. */
export const escalationOutcome = defineSignal<[EscalationOutcomeSignal]>('escalationOutcome');
/**
 * A staff outcome for an open escalation, answered once the journey has closed that escalation and finished: the caller
 * sees what the journey accepted (a second outcome for the same escalation answers the first one's result).
 * The validator refuses ESCALATION_NOT_FOUND, ESCALATION_CLOSED and INVALID_ESCALATION_OUTCOME before
 * anything reaches history.
 */
export const staffOutcome = defineUpdate<JourneyView, [EscalationOutcomeSignal]>('staffOutcome');

/** Memo keys the adapter reads without running a query. */
export const MEMO_KEYS = {
  requestFingerprint: 'requestFingerprint', createdAt: 'createdAt', definitionVersion: 'definitionVersion',
  /** The journey's view as last published (journey-publication.ts): what GET and the worklist answer from. */
  journey: 'journey',
} as const;
