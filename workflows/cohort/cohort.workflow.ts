/**
 * A cohort: one workflow owns the first step for all its patients and sends it in batches, one activity per
 * chunk, one chunk after another (so at most one batch request is in flight: far under NHS Notify's rate).
 * Patients are followed up one by one, outside this history: a refused message or a failed callback starts
 * that patient's own journey at once; after the callback timeout, every message still without a final
 * status is followed up as timed out. A delivered patient never gets a workflow. The history stays small
 * whatever the cohort's size: a few events per chunk, none per patient.
 */
import { proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import { chunkRanges } from '../../src/domain/cohorts/spread';
import type { CohortActivities } from '../../activities/cohorts/cohort.activities';
import type { ControlsActivities } from '../../activities/controls/controls.activities';
import { cohortProgress, type CohortInput, type CohortProgress, type CohortResult } from './cohort-contract';

const { sendCohortChunk } = proxyActivities<CohortActivities>({
  summary: 'send a cohort chunk in a message batch',
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const { followUpStalled } = proxyActivities<CohortActivities>({
  summary: 'follow up messages without a final status',
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const { sendingDecision } = proxyActivities<ControlsActivities>({
  summary: 'may the cohort send?', startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

export async function cohortWorkflow(input: CohortInput): Promise<CohortResult> {
  const chunks = chunkRanges(input.count, input.chunkSize);
  let progress: CohortProgress = { phase: 'sending', chunksSent: 0, chunks: chunks.length, accepted: 0, refused: 0, requests: 0, timedOut: 0 };
  setHandler(cohortProgress, () => progress);

  for (const [chunk, range] of chunks.entries()) {
    // The kill switch and dry run, asked before every batch as a journey asks before every send.
    for (;;) {
      const decision = await sendingDecision(input.subject);
      if (decision.kind === 'send') break;
      if (decision.kind === 'dry_run') {
        progress = { ...progress, phase: 'dry_run' };
        return progress;
      }
      progress = { ...progress, phase: 'held' };
      await sleep(decision.recheckAfterMs, { summary: 'sending paused for the cohort' });
    }
    progress = { ...progress, phase: 'sending' };
    const sent = await sendCohortChunk({ cohortId: input.cohortId, chunk, ...range });
    progress = {
      ...progress, chunksSent: chunk + 1, accepted: progress.accepted + sent.accepted,
      refused: progress.refused + sent.refused, requests: progress.requests + sent.requests,
    };
  }
  progress = { ...progress, phase: 'awaiting-callbacks' };
  await sleep(input.callbackTimeoutMs, { summary: 'callback timeout for the cohort' });
  progress = { ...progress, phase: 'following-up' };
  const timedOut = await followUpStalled({ cohortId: input.cohortId });
  progress = { ...progress, phase: 'finished', timedOut };
  return progress;
}
