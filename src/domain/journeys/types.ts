/**
 * The shape of a journey definition: what a journey sends, in which order, through which NHS Notify routing
 * plan, and by when. Definitions are data, so the workflow is one generic interpreter and a new journey is a
 * new catalogue entry, not new workflow code.
 */
import type { Channel } from '../channel';
import type { DurationMs } from '../durations';
import type { ChannelQuietHours } from '../planning/quiet-hours';
import type { RoutingPlanName } from '../routing-plans';
import type { PersonalisationSpec } from './personalisation-spec';

/** The five journeys the project ships in its built-in catalogue (catalogue/ at the repository root). */
export const JOURNEY_TYPES = [
  'appointment-reminder', 'appointment-changed', 'appointment-cancelled', 'screening-invitation', 'test-result-ready',
] as const;
export type BuiltInJourneyType = (typeof JOURNEY_TYPES)[number];

/** A catalogue's journey type name: lowercase words joined by hyphens. A trust's catalogue names its own. */
export type JourneyType = string;

export type Urgency = 'routine' | 'urgent';

/** Which wording the patient got (C4): the template id and version, recorded on every send. */
export interface TemplateRef {
  readonly id: string;
  readonly version: string;
}

/** One send attempt in the journey's own cascade. Each step is one single-channel NHS Notify message. */
export interface JourneyStep {
  /** Stable id ('nhsapp', 'sms', 'letter'); part of the messageReference, so never rename it within a version. */
  readonly id: string;
  readonly channel: Channel;
  /** Logical routing plan name; configuration maps it to the environment's routingPlanId. */
  readonly routingPlan: RoutingPlanName;
  readonly template: TemplateRef;
  /** How long to wait for a terminal status callback before treating the step as not delivered. */
  readonly callbackTimeoutMs: DurationMs;
}

/**
 * When sending is useful, relative to the journey's event time (the appointment, invitation or result).
 * Offsets are signed: -24 h is "24 h before the appointment", +14 days is "14 days after the invitation".
 */
export interface SendWindow {
  /** Do not send before eventTime + this (a reminder sent a month ahead is forgotten). Absent: send at once. */
  readonly notBeforeOffsetMs?: DurationMs;
  /** After eventTime + this, a message is no use; unfinished journeys escalate to staff. */
  readonly deadlineOffsetMs: DurationMs;
  /** Human wording of the deadline for the timeline and the safety case. */
  readonly description: string;
}

export type CancelReason = 'appointment_cancelled' | 'patient_request' | 'sent_in_error' | 'clinical_decision' | 'patient_deceased';
export const CANCEL_REASONS: readonly CancelReason[] = ['appointment_cancelled', 'patient_request', 'sent_in_error', 'clinical_decision', 'patient_deceased'];

export interface CancellationPolicy {
  /** Whether cancelling this journey should start a notice journey for the patient. */
  readonly sendsNotice: boolean;
  /** The journey that carries the notice (e.g. appointment-cancelled). */
  readonly noticeJourney?: JourneyType;
}

export interface JourneyDefinition {
  readonly type: JourneyType;
  /** Bump on any change to steps, templates or timings semantics; part of the journey's idempotency key. */
  readonly version: number;
  /** One sentence: why this journey exists (read by ops and the Clinical Safety Officer). */
  readonly purpose: string;
  readonly urgency: Urgency;
  /** Tried in order; the workflow moves to the next step when one fails or times out. */
  readonly steps: readonly JourneyStep[];
  readonly window: SendWindow;
  /** A letter is only sent if it can arrive before the deadline: time from send to doormat. */
  readonly letterLeadTimeMs: DurationMs;
  /** Local times per channel when nothing is sent. */
  readonly quietHours: ChannelQuietHours;
  readonly timeZone: string;
  readonly cancellation: CancellationPolicy;
  /** How quickly staff must act on an escalation raised by this journey. */
  readonly escalationSlaMs: DurationMs;
  readonly personalisation: PersonalisationSpec;
  /** What each step's template adds to the message, checked against NHS Notify's limits at start. */
  readonly messageSizes: MessageSizes;
}

/** A template's fixed text length and the personalisation fields it renders, as agreed at onboarding. */
export interface TemplateSize {
  /**
   * Characters of fixed text per channel the step's routing plan can send on (one for a single-channel plan, each
   * channel of a combined plan), including an allowance for fields NHS Notify fills itself (e.g. fullName).
   */
  readonly fixedLengths: Readonly<Partial<Record<Channel, number>>>;
  readonly fields: readonly string[];
}

export interface MessageSizes {
  /** By step id. */
  readonly steps: Readonly<Record<string, TemplateSize>>;
  /** The most SMS parts one message may cost (absent: only NHS Notify's 918-character limit applies). */
  readonly maxSmsFragments?: number;
}

/** The catalogue: every journey type mapped to the version new journeys start on (the highest published). */
export type JourneyCatalogue = Readonly<Record<JourneyType, JourneyDefinition>>;

/** The shipped catalogue, whose five types are always present. */
export type BuiltInCatalogue = JourneyCatalogue & Readonly<Record<BuiltInJourneyType, JourneyDefinition>>;
