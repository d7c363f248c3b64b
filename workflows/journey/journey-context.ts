/**
 * The state one journey run works on, shared by the main loop and the message handlers: the input, the
 * journey clock, the record, and the few flags handlers raise for the main loop (a change of plan, a staff
 * outcome, the step in flight).
 */
import { workflowInfo } from '@temporalio/workflow';
import type { JourneyStep } from '../../src/domain/journeys/types';
import { journeyWindow, type AbsoluteWindow } from '../../src/domain/planning/journey-window';
import { upsertJourneyAttributes } from '../common/search-attributes';
import { anchorClock, journeyClock, type JourneyClock } from './journey-clock';
import type { EscalationOutcomeSignal, JourneyInput, JourneyStatus } from './journey-contract';
import type { JourneyState, LogEntry } from './journey-state';
import type { JourneyEvent } from '../../src/domain/webhooks/events';
import { buildView, type JourneyView } from './journey-view';

export interface JourneyContext {
  readonly input: JourneyInput;
  readonly journeyId: string;
  readonly clock: JourneyClock;
  readonly state: JourneyState;
  /** Raised by changeAppointment: the main loop re-plans its current wait. */
  replanned: boolean;
  /** The step whose child workflow is running, if any (cancel waits for it to settle). */
  activeStepId?: string;
  /** A staff outcome not yet applied by the escalation loop. */
  pendingOutcome?: EscalationOutcomeSignal;
  /** Webhook events not yet handed to the publisher (webhook-events.ts). */
  readonly outbox: JourneyEvent[];
}

export function createContext(input: JourneyInput): JourneyContext {
  const journeyId = workflowInfo().workflowId;
  if (input.carried !== undefined) {
    return { input, journeyId, clock: journeyClock(input.carried.clock), state: input.carried.state, replanned: false, outbox: [] };
  }
  const clock = journeyClock(anchorClock(input.clock, Date.now()));
  const now = clock.now();
  const state: JourneyState = {
    status: 'scheduled', createdAt: now, updatedAt: now, eventAt: input.eventAt, personalisation: input.personalisation,
    steps: [], escalations: [], skipped: [], log: [{ at: now, kind: 'journey-started' }], phase: 'planning',
  };
  return { input, journeyId, clock, state, replanned: false, outbox: [] };
}

/** The send window for the current event time (a changed appointment moves it). */
export function windowOf(ctx: JourneyContext): AbsoluteWindow {
  return journeyWindow(ctx.input.plan, ctx.state.eventAt);
}

export function addLog(ctx: JourneyContext, entry: Omit<LogEntry, 'at'>): void {
  ctx.state.log.push({ at: ctx.clock.now(), ...entry });
  ctx.state.updatedAt = ctx.clock.now();
}

export function setStatus(ctx: JourneyContext, status: JourneyStatus): void {
  ctx.state.status = status;
  ctx.state.updatedAt = ctx.clock.now();
  upsertJourneyAttributes({ status });
}

export function remainingSteps(ctx: JourneyContext): JourneyStep[] {
  const tried = new Set(ctx.state.steps.map((s) => s.stepId));
  return ctx.input.plan.steps.filter((step) => !tried.has(step.id));
}

export function isFinished(ctx: JourneyContext): boolean {
  return ctx.state.outcome !== undefined;
}

export function viewOf(ctx: JourneyContext): JourneyView {
  const { deadline, notBefore } = windowOf(ctx);
  return buildView({
    journeyId: ctx.journeyId, journeyType: ctx.input.plan.type, journeyVersion: ctx.input.plan.version, steps: ctx.input.plan.steps,
    deadline, ...(notBefore === undefined ? {} : { notBefore }),
  }, ctx.state);
}
