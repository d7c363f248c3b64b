/**
 * The next move of the journey, from the domain planner: the first remaining step that can still reach
 * the patient before the deadline (after quiet hours and not-before), or staff escalation. Steps the
 * planner passes over are logged with the reason, once.
 */
import { chooseFallback, type FallbackDecision } from '../../src/domain/planning/choose-fallback';
import { addLog, deadlineOf, notBeforeOf, remainingSteps, type JourneyContext } from './journey-context';

export function planNext(ctx: JourneyContext): FallbackDecision {
  const plan = ctx.input.plan;
  const notBefore = notBeforeOf(ctx);
  const decision = chooseFallback({
    now: ctx.clock.now(), deadline: deadlineOf(ctx), remainingSteps: remainingSteps(ctx),
    letterLeadTimeMs: plan.letterLeadTimeMs, quietHours: plan.quietHours, timeZone: plan.timeZone,
    ...(notBefore === undefined ? {} : { notBefore }),
  });
  return decision;
}

/** Logs skipped steps for the audit trail (a re-plan may skip the same step again: log it once). */
export function logSkipped(ctx: JourneyContext, decision: FallbackDecision): void {
  const logged = new Set(ctx.state.log.filter((e) => e.kind === 'step-skipped').map((e) => `${e.stepId}:${e.reason}`));
  for (const skipped of decision.skipped) {
    if (!logged.has(`${skipped.stepId}:${skipped.reason}`)) addLog(ctx, { kind: 'step-skipped', stepId: skipped.stepId, reason: skipped.reason });
  }
}

/** NHS Notify failed the message for the person, not the channel: another channel cannot help (§7.4). */
const PATIENT_LEVEL_FAILURES = new Set(['MFR_PDSV_0004', 'MFR_PDSV_0006', 'MFR_PDSV_0008', 'MFR_PDSV_0110', 'MFR_PDSV_0111', 'MFR_PDSV_0112']);

export function isPatientLevelFailure(code: string | undefined): boolean {
  return code !== undefined && PATIENT_LEVEL_FAILURES.has(code);
}
