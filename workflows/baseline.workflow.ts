/**
 * The smallest workflow with the shape of a journey: one activity, then one signal, then done.
 * The journeys benchmark runs it on the same server as the baseline its figures are compared against,
 * and the foundation integration test proves a real worker runs workflows end to end.
 */
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createBaselineActivities } from '../activities/baseline.activities';

export const baselineAcknowledged = defineSignal<[{ readonly receipt: string }]>('baselineAcknowledged');

const { acknowledge } = proxyActivities<ReturnType<typeof createBaselineActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

export interface BaselineResult {
  readonly activityEcho: string;
  readonly receipt: string | undefined;
}

export async function baselineWorkflow(input: { readonly reference: string; readonly waitMs: number }): Promise<BaselineResult> {
  let receipt: string | undefined;
  setHandler(baselineAcknowledged, (signal) => {
    receipt = signal.receipt;
  });
  const activityEcho = await acknowledge(input.reference);
  await condition(() => receipt !== undefined, input.waitMs);
  return { activityEcho, receipt };
}
