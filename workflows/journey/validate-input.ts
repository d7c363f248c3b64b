/**
 * Checks a journey input before anything is planned or sent. The gateway validated the request already;
 * this guards the workflow against inputs from elsewhere (a script, a bad deploy) so a bad input ends the
 * journey as `rejected` with a named reason instead of failing workflow tasks forever.
 */
import type { JourneyInput } from './journey-contract';

const STEP_ID = /^[a-z][a-z0-9-]{0,31}$/;

export function inputProblem(input: JourneyInput): string | undefined {
  const plan = input?.plan as JourneyInput['plan'] | undefined;
  if (plan === undefined || !Array.isArray(plan.steps) || plan.steps.length === 0) return 'INVALID_JOURNEY_PLAN';
  const steps: JourneyInput['plan']['steps'] = plan.steps;
  if (steps.some((step) => !STEP_ID.test(step.id) || !(step.callbackTimeoutMs > 0))) return 'INVALID_JOURNEY_PLAN';
  if (!Number.isFinite(plan.window?.deadlineOffsetMs) || !(plan.escalationSlaMs > 0)) return 'INVALID_JOURNEY_PLAN';
  if (!Number.isFinite(input.eventAt)) return 'INVALID_EVENT_TIME';
  if (typeof input.recipient?.nhsNumber !== 'string') return 'INVALID_RECIPIENT';
  if (input.clock !== undefined && !(Number.isFinite(input.clock.speed) && input.clock.speed > 0)) return 'INVALID_CLOCK';
  return undefined;
}
