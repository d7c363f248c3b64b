/**
 * The sending controls, met just before each send. An activity asks the control workflow (its answer is
 * recorded, so replay never asks again and never counts twice). Not a local activity: a worker that evicts
 * the workflow while one is in flight (a full cache, or no cache at all) drops it and asks again, forever.
 * - send: go on.
 * - hold: the journey waits, status `paused`, until the control is lifted (a `sendingResumed` wake-up, or a
 *   periodic re-check if a wake-up is lost), or the journey is cancelled. It sends nothing while it waits, and
 *   afterwards the main loop plans again: a letter that can no longer arrive in time is not sent late.
 * - dry_run: the send step records what it would have sent and calls nothing.
 */
import { proxyActivities } from '@temporalio/workflow';
import { recordDryRun as countDryRun, recordSendHeld } from '../common/journey-metrics';
import { messageReference } from '../../src/domain/idempotency';
import { describeScope, type ControlRule } from '../../src/domain/controls/sending-controls';
import type { JourneyStep } from '../../src/domain/journeys/types';
import type { ControlsActivities } from '../../activities/controls/controls.activities';
import { addLog, setStatus, type JourneyContext } from './journey-context';
import { journeyWait } from './journey-wait';

const { sendingDecision } = proxyActivities<ControlsActivities>({
  summary: 'sending controls',
  startToCloseTimeout: '10 seconds',
  // Unreadable controls are never taken as "no pause": the journey keeps asking (bounded backoff).
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds', backoffCoefficient: 2 },
});

/** send: go ahead now. replan: the journey was held and is released (or cancelled): plan again. dry_run: done. */
export type GateOutcome = 'send' | 'replan' | 'dry_run';

/** Patch id: journeys that started before the controls existed never consult them on replay. */
export const SENDING_CONTROLS_PATCH = 'sending-controls-v1';

export async function passSendingGate(ctx: JourneyContext, step: JourneyStep, scheduledAt: number): Promise<GateOutcome> {
  const subject = { journeyType: ctx.input.plan.type, ...(ctx.input.cohort === undefined ? {} : { cohort: ctx.input.cohort }) };
  let held = false;
  for (;;) {
    const decision = await sendingDecision(subject);
    if (decision.kind === 'send') return held ? released(ctx, step) : 'send';
    if (decision.kind === 'dry_run') {
      recordDryRun(ctx, step, scheduledAt, decision.rule);
      return 'dry_run';
    }
    if (!held) {
      held = true;
      recordSendHeld(ctx.input.plan.type);
      setStatus(ctx, 'paused');
      addLog(ctx, { kind: 'sending-held', stepId: step.id, ...controlFields(decision.rule) });
    }
    ctx.resumeSignalled = false;
    // A named timer, so the Web UI history says what holds the journey, who set it and why; a wait like any
    // other, it publishes that the journey is held.
    const { reason, controlScope, controlRole } = controlFields(decision.rule);
    await journeyWait(ctx, decision.recheckAfterMs, `held by sending controls (${controlScope}) set by ${controlRole}: ${reason}`,
      () => ctx.resumeSignalled || ctx.state.cancel !== undefined);
    if (ctx.state.cancel !== undefined) return released(ctx, step);
  }
}

function released(ctx: JourneyContext, step: JourneyStep): 'replan' {
  addLog(ctx, { kind: 'sending-released', stepId: step.id });
  return 'replan';
}

function recordDryRun(ctx: JourneyContext, step: JourneyStep, scheduledAt: number, rule: ControlRule): void {
  const now = ctx.clock.now();
  ctx.state.steps.push({
    stepId: step.id, channel: step.channel, messageReference: messageReference(ctx.journeyId, step.id, step.channel),
    template: step.template, routingPlan: { name: step.routingPlan }, startedAt: now, scheduledAt, outcome: 'dry_run', finishedAt: now,
  });
  addLog(ctx, { kind: 'send-dry-run', stepId: step.id, ...controlFields(rule) });
  countDryRun(ctx.input.plan.type, step.channel);
}

function controlFields(rule: ControlRule) {
  return { reason: rule.reason, controlScope: describeScope(rule.scope), controlRole: rule.role };
}
