/**
 * The journey timeline: the workflow's query answer for operations and for "which wording did the patient
 * get?" (docs/reliability.md C4). It holds identifiers, channels, template and routing plan versions, statuses
 * and times. It holds NO contact details and no personalisation: ops screens and logs read it.
 */
import type { Channel } from './channel';
import type { EpochMs } from './durations';
import type { CancelReason, JourneyType, TemplateRef } from './journeys/types';
import type { SkipReason, EscalationReason } from './planning/reasons';
import type { RoutingPlanName } from './routing-plans';
import type { MessageState } from './status/message-state';
import type { SupplierStatus } from './status/statuses';

/**
 * scheduled: waiting for the send window or quiet hours to end; paused: a send is due but a sending control
 * (kill switch) holds it; sending: a send is in flight; awaiting_outcome: sent, waiting for a terminal callback
 * or the step's timeout; delivered: a step was delivered, done; escalated: handed to staff (see escalations);
 * cancelled: stopped by a cancel request; dry_run: its type was in dry run, the send step recorded what it
 * would send and sent nothing.
 */
export const JOURNEY_STATUSES = ['scheduled', 'paused', 'sending', 'awaiting_outcome', 'delivered', 'escalated', 'cancelled', 'dry_run'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];

export type StepStatus = 'pending' | 'skipped' | 'sending' | 'sent' | 'delivered' | 'failed' | 'timed_out' | 'dry_run';

export interface TimelineStatusEntry {
  readonly at: EpochMs;
  /** 'message' for a message status, otherwise the channel the status belongs to. */
  readonly source: 'message' | Channel;
  readonly status: string;
  readonly supplierStatus?: SupplierStatus;
}

export interface TimelineStep {
  readonly stepId: string;
  readonly channel: Channel;
  readonly template: TemplateRef;
  /** The logical name, plus NHS Notify's id and version once a response or callback reports them. */
  readonly routingPlan: { readonly name: RoutingPlanName; readonly id?: string; readonly version?: string };
  readonly messageReference: string;
  /** Optional until NHS Notify supplies it (a 422 duplicate never does; a callback will). */
  readonly messageId?: string;
  readonly status: StepStatus;
  readonly scheduledAt?: EpochMs;
  readonly sentAt?: EpochMs;
  readonly skipReason?: SkipReason;
  readonly failureCode?: string;
  readonly history: readonly TimelineStatusEntry[];
}

/** What staff did with an escalation (the journey's last resort): the words of the staff outcome signal. */
export const ESCALATION_OUTCOMES = ['phoned', 'letter_posted', 'unreachable'] as const;
export type EscalationOutcome = (typeof ESCALATION_OUTCOMES)[number];

/**
 * Who closed an escalation, as a role from a closed list: free text would invite a person's name into the
 * workflow history, which is stored in plaintext. Identities live in the staff system, not here.
 */
export const STAFF_ROLES = ['clinician', 'nurse', 'medical_secretary', 'booking_clerk', 'administrator', 'operations'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface TimelineEscalation {
  readonly reason: EscalationReason;
  readonly openedAt: EpochMs;
  readonly dueBy: EpochMs;
  readonly outcome?: EscalationOutcome;
  readonly closedAt?: EpochMs;
  /** A role, never a name: the audit trail records who by role; identities live in the staff system. */
  readonly closedByRole?: StaffRole;
}

export interface JourneyTimeline {
  readonly workflowId: string;
  readonly journeyType: JourneyType;
  readonly journeyVersion: number;
  readonly status: JourneyStatus;
  readonly startedAt: EpochMs;
  readonly notBefore?: EpochMs;
  readonly deadline: EpochMs;
  readonly steps: readonly TimelineStep[];
  readonly escalations: readonly TimelineEscalation[];
  readonly cancellation?: { readonly at: EpochMs; readonly reason: CancelReason; readonly noticeJourney?: JourneyType };
}

/** Message and channel statuses with their times, oldest first (ties: message before channels). */
export function statusHistory(state: MessageState): TimelineStatusEntry[] {
  const entries: TimelineStatusEntry[] = Object.entries(state.reachedAt)
    .map(([status, at]) => ({ at: at ?? 0, source: 'message' as const, status }));
  for (const channel of Object.values(state.channels)) {
    for (const [status, at] of Object.entries(channel.reachedAt)) entries.push({ at: at ?? 0, source: channel.channel, status });
    if (channel.supplierStatus !== undefined && channel.supplierStatusAt !== undefined) {
      entries.push({ at: channel.supplierStatusAt, source: channel.channel, status: channel.status, supplierStatus: channel.supplierStatus });
    }
  }
  return entries.sort((a, b) => a.at - b.at || rankSource(a) - rankSource(b) || a.status.localeCompare(b.status));
}

function rankSource(entry: TimelineStatusEntry): number {
  return entry.source === 'message' ? 0 : 1;
}

/** Step status from what the callbacks say; `fallback` is the workflow's own view when no terminal status has come. */
export function stepStatusFrom(state: MessageState | undefined, fallback: StepStatus): StepStatus {
  if (state?.status === 'delivered') return 'delivered';
  if (state?.status === 'failed') return 'failed';
  return fallback;
}

/** Copies NHS Notify's ids and versions from the status state into a timeline step. */
export function withMessageState(step: TimelineStep, state: MessageState): TimelineStep {
  return {
    ...step,
    ...(state.messageId === undefined ? {} : { messageId: state.messageId }),
    routingPlan: { ...step.routingPlan, ...(state.routingPlan ?? {}) },
    ...(state.failureCode === undefined ? {} : { failureCode: state.failureCode }),
    status: stepStatusFrom(state, step.status),
    history: statusHistory(state),
  };
}

/** Escalations opened and not yet closed. */
export function openEscalations(timeline: JourneyTimeline): TimelineEscalation[] {
  return timeline.escalations.filter((escalation) => escalation.outcome === undefined);
}
