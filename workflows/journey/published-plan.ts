/**
 * A journey started on a published catalogue version names it (`planRef`) instead of carrying its plan: the plan
 * is looked up here, in the plans compiled into this bundle (published-plans.generated.ts), once, before the
 * journey's first command, so no command depends on which of the two the input held and no patch is needed.
 * A published version never changes (catalogue.lock.json), so a newer bundle holds a superset of an older one.
 */
import type { JourneyInput, JourneyPlan, PlanRef, ResolvedJourneyInput } from './journey-contract';
import { PUBLISHED_PLANS } from './published-plans.generated';

/** The key of a published version, as in catalogue.lock.json. */
export function planKey(ref: PlanRef): string {
  return `${ref.type}@${ref.version}`;
}

/** The bundled plan's JSON, or undefined when this bundle does not hold that version. */
export function bundledPlanJson(ref: PlanRef): string | undefined {
  const key = planKey(ref);
  return Object.hasOwn(PUBLISHED_PLANS, key) ? PUBLISHED_PLANS[key]?.plan : undefined;
}

/**
 * The plan the journey runs on: the one its input carries, or the published version its planRef names.
 * Undefined when the input holds both or neither (an invalid input). A version this bundle lacks throws a plain
 * Error: the workflow task fails and Temporal retries it until a worker with a newer bundle takes it; the
 * journey itself never fails for it.
 */
export function journeyPlanOf(input: JourneyInput): JourneyPlan | undefined {
  const { plan, planRef } = input as { plan?: JourneyPlan; planRef?: PlanRef };
  if ((plan === undefined) === (planRef === undefined)) return undefined;
  if (plan !== undefined) return plan;
  if (typeof planRef?.type !== 'string' || !Number.isSafeInteger(planRef.version)) return undefined;
  const bundled = bundledPlan(planRef);
  if (bundled === undefined) throw new Error(`journey plan ${planKey(planRef)} is not in this worker's workflow bundle (a worker with a newer bundle will take this task)`);
  return bundled;
}

/** The published version's plan, parsed, or undefined when this bundle does not hold it. */
export function bundledPlan(ref: PlanRef): JourneyPlan | undefined {
  const json = bundledPlanJson(ref);
  return json === undefined ? undefined : JSON.parse(json) as JourneyPlan;
}

/** What a continue-as-new carries: a journey started with a planRef carries the ref again, not the plan it names. */
export function carriedInput(input: ResolvedJourneyInput): JourneyInput {
  const { plan, planRef, ...fields } = input;
  return planRef === undefined ? { ...fields, plan } : { ...fields, planRef };
}
