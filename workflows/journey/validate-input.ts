/**
 * Checks a journey input before anything is planned or sent. The gateway validated the request already;
 * this guards the workflow against inputs from elsewhere (a script, a bad deploy) so a bad input ends the
 * journey as `rejected` with a named reason instead of failing workflow tasks forever.
 */
import type { JourneyInput, JourneyPlan, ResolvedJourneyInput } from './journey-contract';
import { journeyPlanOf } from './published-plan';

const STEP_ID = /^[a-z][a-z0-9-]{0,31}$/;

export type CheckedInput = { readonly ok: true; readonly input: ResolvedJourneyInput } | { readonly ok: false; readonly problem: string };

/** The input with its plan resolved (the one it carries or the published version it names), or why it cannot run. */
export function checkedInput(input: JourneyInput): CheckedInput {
  const plan = journeyPlanOf(input);
  if (plan === undefined) return { ok: false, problem: 'INVALID_JOURNEY_PLAN' };
  const problem = planProblem(plan) ?? inputProblem(input);
  return problem === undefined ? { ok: true, input: { ...input, plan } } : { ok: false, problem };
}

function planProblem(plan: JourneyPlan): string | undefined {
  if (!Array.isArray(plan.steps) || plan.steps.length === 0) return 'INVALID_JOURNEY_PLAN';
  const steps: JourneyPlan['steps'] = plan.steps;
  if (steps.some((step) => !STEP_ID.test(step.id) || !(step.callbackTimeoutMs > 0))) return 'INVALID_JOURNEY_PLAN';
  if (!Number.isFinite(plan.window?.deadlineOffsetMs) || !(plan.escalationSlaMs > 0)) return 'INVALID_JOURNEY_PLAN';
  return undefined;
}

function inputProblem(input: JourneyInput): string | undefined {
  if (!Number.isFinite(input.eventAt)) return 'INVALID_EVENT_TIME';
  if (typeof input.recipient?.nhsNumber !== 'string') return 'INVALID_RECIPIENT';
  if (input.clock !== undefined && !(Number.isFinite(input.clock.speed) && input.clock.speed > 0)) return 'INVALID_CLOCK';
  return undefined;
}
