/**
 * The state one journey run works on, shared by the main loop and the message handlers: the input, the
 * journey clock, the record, and the few flags handlers raise for the main loop (a change of plan, a staff
 * outcome, the step in flight).
 */
import { workflowInfo } from '@temporalio/workflow';
import type { JourneyStep } from '../../src/domain/journeys/types';
import { journeyWindow, type AbsoluteWindow } from '../../src/domain/planning/journey-window';
import type { JourneyAttributes } from '../common/search-attributes';
import { anchorClock, journeyClock, type JourneyClock } from './journey-clock';
import type { EscalationOutcomeSignal, JourneyInput, JourneyPlan, JourneyStatus, ResolvedJourneyInput } from './journey-contract';
import { noteAttributes, publish, startPublication, type Publication } from './journey-publication';
import type { JourneyState, LogEntry } from './journey-state';
import type { JourneyEvent } from '../../src/domain/webhooks/events';
import { buildView, type JourneyView } from './journey-view';

export interface JourneyContext {
  readonly input: ResolvedJourneyInput;
  readonly journeyId: string;
  readonly clock: JourneyClock;
  readonly state: JourneyState;
  /** Raised by changeAppointment: the main loop re-plans its current wait. */
  replanned: boolean;
  /** The step whose child workflow is running, if any (cancel waits for it to settle). */
  activeStepId?: string;
  /** Raised by sendingResumed: a held journey consults the sending controls again. */
  resumeSignalled: boolean;
  /** A staff outcome not yet applied by the escalation loop. */
  pendingOutcome?: EscalationOutcomeSignal;
  /** What this run publishes for the API (search attributes, memo) and what it has not written yet. */
  readonly publication: Publication;
  /** Webhook events not yet handed to the publisher (webhook-events.ts). */
  readonly outbox: JourneyEvent[];
  /** Keys of the facts this run has handed to the fact sink (a new run hands over again: the sink dedupes). */
  readonly handedOver: Set<string>;
}

export function createContext(input: ResolvedJourneyInput): JourneyContext {
  const journeyId = workflowInfo().workflowId;
  const publication = startPublication();
  if (input.carried !== undefined) {
    return { input, journeyId, clock: journeyClock(input.carried.clock), state: input.carried.state, replanned: false, publication, outbox: [], handedOver: new Set(), resumeSignalled: false };
  }
  const clock = journeyClock(anchorClock(input.clock, Date.now()));
  return { input, journeyId, clock, state: initialState(input, clock.now()), replanned: false, publication, outbox: [], handedOver: new Set(), resumeSignalled: false };
}

/** A new journey's record. Also what the starter publishes before the journey's first task (start-workflow.ts). */
export function initialState(input: Pick<JourneyInput, 'eventAt' | 'personalisation'>, now: number): JourneyState {
  return {
    status: 'scheduled', createdAt: now, updatedAt: now, eventAt: input.eventAt, personalisation: input.personalisation,
    steps: [], escalations: [], skipped: [], log: [{ at: now, kind: 'journey-started' }], phase: 'planning',
  };
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
  noteAttributes(ctx.publication, { status });
}

/** A search attribute change (written at once on the old path, at the next publish on the new one). */
export function noteJourneyAttributes(ctx: JourneyContext, attributes: JourneyAttributes): void {
  noteAttributes(ctx.publication, attributes);
}

/** Called where the journey is about to wait: writes what changed for the API to read. */
export function publishJourney(ctx: JourneyContext): void {
  publish(ctx.publication, viewOf(ctx));
}

export function remainingSteps(ctx: JourneyContext): JourneyStep[] {
  const tried = new Set(ctx.state.steps.map((s) => s.stepId));
  return ctx.input.plan.steps.filter((step) => !tried.has(step.id));
}

export function isFinished(ctx: JourneyContext): boolean {
  return ctx.state.outcome !== undefined;
}

export function viewOf(ctx: JourneyContext): JourneyView {
  return journeyViewOf(ctx.journeyId, ctx.input.plan, ctx.state);
}

export function journeyViewOf(journeyId: string, plan: JourneyPlan, state: JourneyState): JourneyView {
  const { deadline, notBefore } = journeyWindow(plan, state.eventAt);
  return buildView({
    journeyId, journeyType: plan.type, journeyVersion: plan.version, steps: plan.steps,
    deadline, ...(notBefore === undefined ? {} : { notBefore }),
  }, state);
}
