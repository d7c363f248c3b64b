/**
 * Journey outcome metrics recorded from workflow code through the SDK's workflow metric meter, which records
 * nothing while a workflow replays: a worker restart, a cache eviction or a replay test never counts an
 * outcome twice, and recording adds nothing to the history (no patch needed). Exported by the worker's SDK
 * runtime (its Prometheus exporter), beside the SDK's own worker metrics.
 * At least once, not exactly once: "not replaying" is not "first time". A workflow task that ran (and recorded)
 * but whose completion the server refused or never received (a signal racing it, a worker killed before it
 * answered, a task timeout) runs again as new code, not as replay, and records its new part again. Rare, and
 * alerts use rates and ratios; a figure that must be exact comes from the communications record or visibility.
 * Labels are low-cardinality by construction: journey type, channel, outcome and reason codes, never ids.
 */
import { metricMeter } from '@temporalio/workflow';

/** Names as the SDK's Prometheus exporter publishes them (no `_total` on counters; histograms add _bucket/_sum/_count). */
export const JOURNEY_METRICS = {
  finished: 'notify_journeys_finished',
  stepOutcomes: 'notify_journeys_step_outcomes',
  fallbacks: 'notify_journeys_fallbacks',
  skipped: 'notify_journeys_steps_skipped',
  held: 'notify_journeys_sends_held',
  dryRun: 'notify_journeys_sends_dry_run',
  acceptedToTerminal: 'notify_journeys_accepted_to_terminal',
  triggerToAccepted: 'notify_journeys_trigger_to_accepted',
} as const;

function count(name: string, description: string, labels: Record<string, string>): void {
  metricMeter.createCounter(name, '1', description).add(1, labels);
}

export function recordJourneyFinished(journeyType: string, outcome: string): void {
  count(JOURNEY_METRICS.finished, 'Journeys finished, by outcome', { journey_type: journeyType, outcome });
}

/** delivered | failed | timed_out | send_failed | stopped | child_failed, with NHS Notify's reason code for failures. */
export function recordStepOutcome(journeyType: string, channel: string, outcome: string, reason = 'none'): void {
  count(JOURNEY_METRICS.stepOutcomes, 'Journey steps finished, by channel and outcome', { journey_type: journeyType, channel, outcome, reason });
}

/** `to` is a channel, or `escalation` when no channel can still help. */
export function recordFallback(journeyType: string, from: string, to: string): void {
  count(JOURNEY_METRICS.fallbacks, 'Fallbacks taken after a step did not deliver', { journey_type: journeyType, from, to });
}

export function recordStepSkipped(journeyType: string, channel: string, reason: string): void {
  count(JOURNEY_METRICS.skipped, 'Steps the planner passed over (e.g. a letter too late to arrive)', { journey_type: journeyType, channel, reason });
}

export function recordSendHeld(journeyType: string): void {
  count(JOURNEY_METRICS.held, 'Sends held by a sending control (kill switch)', { journey_type: journeyType });
}

export function recordDryRun(journeyType: string, channel: string): void {
  count(JOURNEY_METRICS.dryRun, 'Sends recorded as dry_run (nothing sent)', { journey_type: journeyType, channel });
}

/** Milliseconds of workflow time: from NHS Notify accepting a message to its terminal status. */
export function recordAcceptedToTerminal(channel: string, outcome: string, ms: number): void {
  if (ms < 0) return;
  metricMeter.createHistogram(JOURNEY_METRICS.acceptedToTerminal, 'int', 'ms', 'NHS Notify accepted → terminal status, per channel')
    .record(Math.round(ms), { channel, outcome });
}

/** Milliseconds of workflow time from the journey's start to NHS Notify accepting its first message. */
export function recordTriggerToAccepted(journeyType: string, channel: string, ms: number): void {
  if (ms < 0) return;
  metricMeter.createHistogram(JOURNEY_METRICS.triggerToAccepted, 'int', 'ms', 'Journey start → NHS Notify accepted')
    .record(Math.round(ms), { journey_type: journeyType, channel });
}
