/**
 * The `timeline` query's answer: the domain's JourneyTimeline (src/domain/timeline.ts), with what ops and the
 * API need on top: escalation ids and open/closed, the final outcome, and journey-level events (changes,
 * cancel requests). Steps are listed in journey order, including skipped and not-yet-reached ones. Ids,
 * codes, versions and times only: no contact details, no personalisation values (C4, P1).
 */
import { messageReference } from '../../src/domain/idempotency';
import type { JourneyStep, JourneyType } from '../../src/domain/journeys/types';
import { withMessageState, type JourneyTimeline, type StepStatus, type TimelineStep } from '../../src/domain/timeline';
import type { JourneyOutcome } from './journey-outcome';
import type { EscalationRecord, JourneyState, LogEntry, StepRecord } from './journey-state';

export interface JourneyEscalationView {
  readonly escalationId: string;
  readonly reason: string;
  readonly status: 'open' | 'closed';
  readonly openedAt: number;
  readonly dueBy: number;
  /** phoned | letter_posted | unreachable (staff), or sla_breached | cancelled (the journey). */
  readonly outcome?: string;
  readonly closedAt?: number;
  readonly closedByRole?: string;
}

export interface JourneyView extends Omit<JourneyTimeline, 'escalations'> {
  readonly outcome?: JourneyOutcome;
  readonly updatedAt: number;
  readonly nextSendAt?: number;
  /** The event's current time (an appointment change moves it); optional for answers from older workers. */
  readonly eventAt?: number;
  readonly escalations: readonly JourneyEscalationView[];
  readonly events: readonly LogEntry[];
}

export interface ViewMeta {
  readonly journeyId: string;
  readonly journeyType: JourneyType;
  readonly journeyVersion: number;
  readonly steps: readonly JourneyStep[];
  readonly deadline: number;
  readonly notBefore?: number;
}

export function buildView(meta: ViewMeta, state: JourneyState): JourneyView {
  return {
    workflowId: meta.journeyId, journeyType: meta.journeyType, journeyVersion: meta.journeyVersion, status: state.status,
    startedAt: state.createdAt, updatedAt: state.updatedAt, deadline: meta.deadline, eventAt: state.eventAt,
    ...(meta.notBefore === undefined ? {} : { notBefore: meta.notBefore }),
    ...(state.outcome === undefined ? {} : { outcome: state.outcome }),
    ...(state.nextSendAt === undefined ? {} : { nextSendAt: state.nextSendAt }),
    ...(state.cancel === undefined ? {} : { cancellation: { at: state.cancel.at, reason: state.cancel.reason } }),
    steps: meta.steps.map((step) => stepView(meta.journeyId, step, state)),
    escalations: state.escalations.map(escalationView),
    events: state.log,
  };
}

function stepView(journeyId: string, step: JourneyStep, state: JourneyState): TimelineStep {
  const record = state.steps.find((r) => r.stepId === step.id);
  if (record !== undefined) return recordView(record);
  const skipped = state.skipped.find((s) => s.stepId === step.id);
  return {
    stepId: step.id, channel: step.channel, template: step.template, routingPlan: { name: step.routingPlan },
    messageReference: messageReference(journeyId, step.id, step.channel),
    status: skipped === undefined ? 'pending' : 'skipped', history: [],
    ...(skipped === undefined ? {} : { skipReason: skipped.reason }),
  };
}

/** A step that was started: what the workflow knows, refined by NHS Notify's statuses when it has them. */
export function recordView(record: StepRecord): TimelineStep {
  const base: TimelineStep = {
    stepId: record.stepId, channel: record.channel, template: record.template, routingPlan: record.routingPlan,
    messageReference: record.messageReference, status: stepStatus(record), scheduledAt: record.scheduledAt, history: [],
    ...(record.messageId === undefined ? {} : { messageId: record.messageId }),
    ...(record.acceptedAt === undefined ? {} : { sentAt: Date.parse(record.acceptedAt) }),
    ...(record.failureCode === undefined ? {} : { failureCode: record.failureCode }),
  };
  return record.message === undefined ? base : withMessageState(base, record.message);
}

function stepStatus(record: StepRecord): StepStatus {
  switch (record.outcome) {
    case undefined: return record.accepted === undefined ? 'sending' : 'sent';
    case 'delivered': return 'delivered';
    case 'failed': case 'send_failed': return 'failed';
    case 'timed_out': return 'timed_out';
    case 'stopped': return record.accepted === undefined ? 'skipped' : 'sent';
    case 'dry_run': return 'dry_run';
  }
}

function escalationView(e: EscalationRecord): JourneyEscalationView {
  return {
    escalationId: e.escalationId, reason: e.reason, status: e.status, openedAt: e.raisedAt, dueBy: e.dueAt,
    ...(e.outcome === undefined ? {} : { outcome: e.outcome }), ...(e.closedAt === undefined ? {} : { closedAt: e.closedAt }),
    ...(e.closedByRole === undefined ? {} : { closedByRole: e.closedByRole }),
  };
}
