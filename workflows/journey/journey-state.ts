/**
 * The journey's own record: plain data, so it can be queried, carried across continue-as-new and replayed.
 * Times are journey-clock ms. Nothing here holds contact details (the recipient stays in the input).
 */
import type { Channel } from '../../src/domain/channel';
import type { TemplateRef } from '../../src/domain/journeys/types';
import type { RoutingPlanName } from '../../src/domain/routing-plans';
import type { MessageState } from '../../src/domain/status/message-state';
import type { DeliveryAttemptResult, DeliveryOutcomeKind, DeliveryProgress } from '../delivery/delivery-contract';
import type { ClockAnchor } from './journey-clock';
import type { CancelReason } from '../../src/domain/journeys/types';
import type { JourneyStatus } from '../../src/domain/timeline';
import type { SkipReason } from '../../src/domain/planning/reasons';
import type { JourneyOutcome } from './journey-outcome';

export interface StepRecord {
  readonly stepId: string;
  readonly channel: Channel;
  readonly messageReference: string;
  readonly template: TemplateRef;
  readonly routingPlan: { readonly name: RoutingPlanName; readonly id?: string; readonly version?: string };
  readonly startedAt: number;
  /** When the planner scheduled the send (journey time). */
  readonly scheduledAt: number;
  readonly accepted?: 'now' | 'earlier';
  /** When NHS Notify accepted the message (its own clock, ISO 8601). */
  readonly acceptedAt?: string;
  readonly messageId?: string;
  /** dry_run: the journey type was in dry run; nothing was sent. */
  readonly outcome?: DeliveryOutcomeKind | 'dry_run';
  readonly failureCode?: string;
  readonly finishedAt?: number;
  readonly message?: MessageState;
}

export interface EscalationRecord {
  readonly escalationId: string;
  readonly reason: string;
  readonly raisedAt: number;
  readonly dueAt: number;
  readonly status: 'open' | 'closed';
  readonly outcome?: string;
  readonly closedByRole?: string;
  readonly closedAt?: number;
}

/** Journey-level events for the timeline (message statuses come from the step records). */
export interface LogEntry {
  readonly at: number;
  readonly kind: 'journey-started' | 'send-scheduled' | 'step-finished' | 'appointment-changed' | 'cancel-requested' | 'notice-started' | 'journey-finished'
    | 'sending-held' | 'sending-released' | 'send-dry-run';
  readonly stepId?: string;
  /** step-finished: delivered | failed | timed_out | send_failed | stopped. */
  readonly stepOutcome?: string;
  readonly failureCode?: string;
  readonly reason?: string;
  readonly outcome?: JourneyOutcome;
  /** sending-held / send-dry-run: the control's scope and the role that set it (its reason is in `reason`). */
  readonly controlScope?: string;
  readonly controlRole?: string;
}

export interface JourneyState {
  status: JourneyStatus;
  /** Set when the journey is finished. */
  outcome?: JourneyOutcome;
  readonly createdAt: number;
  updatedAt: number;
  eventAt: number;
  personalisation: { readonly provided: Readonly<Record<string, string>>; readonly values: Readonly<Record<string, string>> };
  steps: StepRecord[];
  escalations: EscalationRecord[];
  /** Steps the planner passed over, with why (first reason given). */
  skipped: { readonly stepId: string; readonly reason: SkipReason; readonly at: number }[];
  log: LogEntry[];
  cancel?: { readonly reason: CancelReason; readonly at: number };
  nextSendAt?: number;
  /** Where the main loop resumes after continue-as-new. */
  phase: 'planning' | 'escalating';
  escalationReason?: string;
}

export interface CarriedJourneyState {
  readonly state: JourneyState;
  readonly clock: ClockAnchor;
}

export function recordProgress(state: JourneyState, progress: DeliveryProgress): void {
  state.steps = state.steps.map((step) => step.stepId !== progress.stepId ? step : {
    ...step, accepted: progress.accepted, acceptedAt: step.acceptedAt ?? progress.acceptedAt,
    routingPlan: { ...step.routingPlan, id: progress.routingPlan.id, ...(progress.routingPlan.version === undefined ? {} : { version: progress.routingPlan.version }) },
    ...(progress.messageId === undefined ? {} : { messageId: progress.messageId }),
  });
}

export function recordResult(state: JourneyState, result: DeliveryAttemptResult, finishedAt: number): void {
  state.steps = state.steps.map((step) => {
    if (step.stepId !== result.stepId) return step;
    const send = result.send;
    const version = send?.routingPlan.version ?? result.state.routingPlan?.version ?? step.routingPlan.version;
    const messageId = result.state.messageId ?? step.messageId;
    return {
      ...step, outcome: result.outcome, finishedAt, message: result.state,
      ...(send === undefined ? {} : { accepted: send.accepted, acceptedAt: step.acceptedAt ?? send.acceptedAt }),
      routingPlan: { ...step.routingPlan, ...(send === undefined ? {} : { id: send.routingPlan.id }), ...(version === undefined ? {} : { version }) },
      ...(messageId === undefined ? {} : { messageId }),
      ...(result.failureCode === undefined ? {} : { failureCode: result.failureCode }),
    };
  });
}

export function openEscalationRecord(state: JourneyState): EscalationRecord | undefined {
  return state.escalations.find((e) => e.status === 'open');
}

export function closeEscalationRecord(state: JourneyState, escalationId: string, fields: { outcome: string; closedByRole?: string; closedAt: number }): void {
  state.escalations = state.escalations.map((e) => e.escalationId === escalationId ? { ...e, status: 'closed', ...fields } : e);
}
