/**
 * Outcome metrics, exact. Journeys run through every outcome, then finished histories are replayed in this
 * process (the same SDK runtime and registry) and no count moves: nothing is counted on replay.
 * Not run with maxCachedWorkflows 0: the SDK meter skips replay, but a workflow task that is retried after a
 * failed completion runs its new code again and counts again (at least once, not exactly once; see
 * docs/operations.md), and with no cache such retries are common enough to make exact values flaky.
 */
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { createMetricsRegistry } from '../../../src/observability/metrics';
import { createOutcomeMetrics } from '../../../src/observability/outcome-metrics';
import { SDK_WORKER_METRICS } from '../../../src/observability/sdk-metrics';
import { scrape, sumOf, type Sample } from '../../support/prometheus-text';
import { TEST_DATA_CONVERTER } from '../../support/temporal';
import { useJourneySuite, waitFor } from './support/journey-suite';

const registry = createMetricsRegistry();
const metrics = createOutcomeMetrics(registry);

async function counted(name: string, where: Record<string, string> = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? []).filter((v) => Object.entries(where).every(([k, want]) => String(v.labels[k]) === want)).reduce((n, v) => n + v.value, 0);
}

const sdkMetrics = () => scrape(process.env.NJ_TEST_SDK_METRICS_URL ?? '');

describe('outcome metrics', () => {
  const s = useJourneySuite({ metrics });

  it('O5: every outcome counted exactly; replaying finished histories changes no count', async () => {
    await s.h.controls.change({ action: 'dry_run_on', scope: { kind: 'journey-type', journeyType: 'screening-invitation' }, role: 'service_manager', reason: 'wording trial' });
    const [first, unread, toLetter, phoned, unreachable, cancelled, tooLate, dryRun] = await Promise.all([
      s.start({ recipient: 'deliveredFirstChannel' }), s.start({ recipient: 'nhsAppUnread' }), s.start({ recipient: 'smsPermanentFailure' }),
      s.start({ recipient: 'patientNotFound' }), s.start({ recipient: 'patientNotFound' }),
      s.start({ recipient: 'deliveredFirstChannel', eventInMs: 300_000 }), s.start({ recipient: 'smsPermanentFailure', eventInMs: 60_000 }),
      s.start({ journeyType: 'screening-invitation', eventInMs: 0, personalisation: { programmeName: 'bowel cancer screening' } }),
    ]);
    expect(await s.h.service.cancel(cancelled, { reason: 'clinical_decision' })).toMatchObject({ kind: 'cancelled' });
    const close = async (journeyId: string, outcome: 'phoned' | 'unreachable') => {
      const open = await waitFor(async () => (await s.h.service.get(journeyId))?.escalations.find((e) => e.status === 'open'), 60_000, 'escalation');
      await s.h.service.recordEscalationOutcome(open.escalationId, { outcome, staffRole: 'nurse' });
    };
    await Promise.all([close(phoned, 'phoned'), close(unreachable, 'unreachable'), close(tooLate, 'phoned')]);
    const results = await Promise.all([first, unread, toLetter, phoned, unreachable, cancelled, tooLate, dryRun].map((id) => s.resultOf(id)));
    expect(results.map((r) => r.outcome)).toEqual(['delivered', 'delivered', 'delivered', 'handled_by_staff', 'unreachable', 'cancelled', 'handled_by_staff', 'dry_run']);

    // Activities (prom-client): what NHS Notify accepted, by channel; the escalations.
    expect(await counted('notify_journeys_messages_sent_total', { accepted: 'now', channel: 'nhsapp' })).toBe(6);
    expect(await counted('notify_journeys_messages_sent_total', { accepted: 'now', channel: 'sms' })).toBe(3);
    expect(await counted('notify_journeys_messages_sent_total', { accepted: 'now', channel: 'letter' })).toBe(1);
    expect(await counted('notify_journeys_messages_sent_total', { accepted: 'earlier' })).toBe(0);
    expect(await counted('notify_journeys_messages_sent_total')).toBe(s.h.sim.ledger.entries().length);
    expect(await counted('notify_journeys_escalations_opened_total', { reason: 'patient_not_contactable' })).toBe(2);
    expect(await counted('notify_journeys_escalations_opened_total', { reason: 'no_step_can_arrive_in_time' })).toBe(1);
    expect(await counted('notify_journeys_escalations_closed_total', { outcome: 'phoned' })).toBe(2);
    expect(await counted('notify_journeys_escalations_closed_total', { outcome: 'unreachable' })).toBe(1);

    // Workflows (the SDK's replay-aware meter). Metrics from a completed task reach the exporter at once;
    // wait for the last journey's finish to show, then every value must be exact.
    const finished = (samples: Sample[], outcome: string) => sumOf(samples, 'notify_journeys_finished', { outcome });
    const sdk = await waitFor(async () => {
      const samples = await sdkMetrics();
      return finished(samples, 'dry_run') === 1 && finished(samples, 'handled_by_staff') === 2 ? samples : undefined;
    }, 30_000, 'SDK metrics');
    const expectations: Array<[string, Record<string, string>, number]> = [
      ['notify_journeys_finished', { journey_type: 'appointment-reminder', outcome: 'delivered' }, 3],
      ['notify_journeys_finished', { outcome: 'handled_by_staff' }, 2],
      ['notify_journeys_finished', { outcome: 'unreachable' }, 1],
      ['notify_journeys_finished', { outcome: 'cancelled' }, 1],
      ['notify_journeys_finished', { journey_type: 'screening-invitation', outcome: 'dry_run' }, 1],
      ['notify_journeys_step_outcomes', { channel: 'nhsapp', outcome: 'delivered' }, 1],
      ['notify_journeys_step_outcomes', { channel: 'nhsapp', outcome: 'failed' }, 5],
      ['notify_journeys_step_outcomes', { channel: 'nhsapp', outcome: 'failed', reason: 'MFR_PDSV_0006' }, 2],
      ['notify_journeys_step_outcomes', { channel: 'sms', outcome: 'delivered' }, 1],
      ['notify_journeys_step_outcomes', { channel: 'sms', outcome: 'failed' }, 2],
      ['notify_journeys_step_outcomes', { channel: 'letter', outcome: 'delivered' }, 1],
      ['notify_journeys_fallbacks', { from: 'nhsapp', to: 'sms' }, 3],
      ['notify_journeys_fallbacks', { from: 'sms', to: 'letter' }, 1],
      ['notify_journeys_fallbacks', { from: 'sms', to: 'escalation' }, 1],
      ['notify_journeys_fallbacks', { from: 'nhsapp', to: 'escalation' }, 2],
      ['notify_journeys_steps_skipped', { channel: 'letter', reason: 'letter_cannot_arrive_in_time' }, 1],
      ['notify_journeys_sends_dry_run', { journey_type: 'screening-invitation', channel: 'nhsapp' }, 1],
      ['notify_journeys_sends_held', {}, 0],
    ];
    expect(expectations.map(([name, where]) => [name, where, sumOf(sdk, name, where)])).toEqual(expectations);
    // Every step that finished has one outcome. The latency histogram is recorded by the message's own workflow,
    // whose last task races late callbacks (a retried task records again): at least one per accepted message.
    expect(sumOf(sdk, 'notify_journeys_step_outcomes')).toBe(10);
    expect(sumOf(sdk, 'notify_journeys_accepted_to_terminal_count')).toBeGreaterThanOrEqual(10);

    // The SDK worker metrics the dashboards and alerts name are really served by the runtime.
    const served = new Set(sdk.map((m) => m.name));
    expect(SDK_WORKER_METRICS.filter((name) => !served.has(name))).toEqual([]);

    // Replaying a finished history (here, in this process, on the same SDK runtime) counts nothing.
    const before = { sdk: (await sdkMetrics()).filter((m) => m.name.startsWith('notify_journeys_')), sent: await counted('notify_journeys_messages_sent_total') };
    for (const journeyId of [toLetter, tooLate]) {
      const history = await s.env.client.workflow.getHandle(journeyId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: TEST_DATA_CONVERTER }, history, journeyId);
    }
    const after = { sdk: (await sdkMetrics()).filter((m) => m.name.startsWith('notify_journeys_')), sent: await counted('notify_journeys_messages_sent_total') };
    expect(after).toEqual(before);
  }, 240_000);
});
