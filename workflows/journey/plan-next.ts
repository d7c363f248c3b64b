/**
 * The next move of the journey, from the domain planner: the first remaining step that can still reach
 * the patient before the deadline (after quiet hours and not-before), or staff escalation. Steps the
 * planner passes over are logged with the reason, once.
 */
import { planNextSend, type FallbackDecision } from '../../src/domain/planning/choose-fallback';
import { recordStepSkipped } from '../common/journey-metrics';
import { remainingSteps, windowOf, type JourneyContext } from './journey-context';

export function planNext(ctx: JourneyContext): FallbackDecision {
  return planNextSend(ctx.input.plan, windowOf(ctx), remainingSteps(ctx), ctx.clock.now());
}

/**
 * Records the steps the planner passed over, for the audit trail. A later re-plan (a changed appointment)
 * may make a skipped step possible again, so a skip is only current while the planner keeps skipping it.
 */
export function recordSkipped(ctx: JourneyContext, decision: FallbackDecision): void {
  const now = ctx.clock.now();
  ctx.state.skipped = decision.skipped.map((s) => {
    const known = ctx.state.skipped.find((old) => old.stepId === s.stepId && old.reason === s.reason);
    if (known !== undefined) return known;
    const channel = ctx.input.plan.steps.find((step) => step.id === s.stepId)?.channel ?? 'unknown';
    recordStepSkipped(ctx.input.plan.type, channel, s.reason);
    return { ...s, at: now };
  });
}

/** NHS Notify failed the message for the person, not the channel: another channel cannot help (docs/nhs-notify.md, failure reasons). */
const PATIENT_LEVEL_FAILURES = new Set(['MFR_PDSV_0004', 'MFR_PDSV_0006', 'MFR_PDSV_0008', 'MFR_PDSV_0110', 'MFR_PDSV_0111', 'MFR_PDSV_0112']);

export function isPatientLevelFailure(code: string | undefined): boolean {
  return code !== undefined && PATIENT_LEVEL_FAILURES.has(code);
}
