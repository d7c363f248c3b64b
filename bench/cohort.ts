/**
 * A cohort through NHS Notify's message batches on a real Temporal (a dev server of its own, or
 * --temporal-address), the simulator with NHS's default quota (1,200 requests a minute) and the real
 * callback route. Prints figures; asserts nothing.
 *
 *   npm run bench:cohort [-- --patients 10000 --failing-percent 1 --temporal-address 127.0.0.1:7233]
 *
 * Figures: time from the cohort's start call to the simulator having accepted every patient's message;
 * batch requests made; 429s the client saw; ledger duplicates (the same messageReference accepted twice);
 * patients followed up on their own (a failed callback: --failing-percent of the cohort are NHS App
 * "unread" patients, whose message fails and whose journey then sends an SMS); delivered patients, who get no
 * workflow. Also the cohort start call's own time (validation, encryption, store) and peak RSS of the engine
 * (this process: worker, gateway, cohort service) and of the simulator, which runs in a process of its own
 * (bench/support/simulator-process.ts): NHS Notify's side of 100,000 messages is not the engine's memory. Follow-ups
 * are counted as distinct journeys and as runs (a journey escalated past its per-run limit continues as new). The calendar is
 * compressed as in the tests, but the cohort's callback timeout is --callback-timeout-seconds (default 600):
 * 100,000 callbacks take longer than a compressed 26 hours (26 s) to arrive on this machine.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { parseArgs } from 'node:util';
import { parseStartJourneyRequest, requestFingerprint, type JourneyCatalogue } from '../src/domain';
import { cachedWorkflowsFor, EnvSchema } from '../src/config';
import { NotifyError, type NotifyClient } from '../src/notify';
import { createLogger } from '../src/observability/logger';
import { TEST_RECIPIENTS } from '../src/simulator';
import { startEphemeralTemporal } from '../src/temporal/journeys/ephemeral-temporal';
import { startLoopbackStack, testTimings } from '../src/stack/loopback-stack';
import { installRuntimeLogger } from '../src/temporal/worker';
import { simulatorInProcessOfItsOwn } from './support/simulator-process';
import type { CohortItem } from '../src/contracts/ports';
import type { cohortWorkflow } from '../workflows';
import { EscalationOpen } from '../workflows/common/search-attributes';

const { values } = parseArgs({ options: {
  patients: { type: 'string', default: '10000' }, 'failing-percent': { type: 'string', default: '1' },
  'temporal-address': { type: 'string' }, 'quota-per-minute': { type: 'string', default: '1200' },
  'callback-timeout-seconds': { type: 'string', default: '600' },
} });
const N = Number(values.patients);
const FAILING = Math.round(N * Number(values['failing-percent']) / 100);
const TEMPORAL_ADDRESS = values['temporal-address'];
const RUN = randomUUID().slice(0, 8);
const DEPLOYED_CACHE = cachedWorkflowsFor(EnvSchema.shape.WORKER_MEMORY_BUDGET_MIB.parse(undefined));

const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

function countRateLimits(counter: { n: number }) {
  return (client: NotifyClient): NotifyClient => ({
    ...client,
    createMessageBatch: async (...args) => {
      try {
        return await client.createMessageBatch(...args);
      } catch (error) {
        if (error instanceof NotifyError && error.status === 429) counter.n += 1;
        throw error;
      }
    },
  });
}

/**
 * The follow-up journeys on the queue: distinct journeys (workflow ids: one per patient, as REJECT_DUPLICATE
 * allows) and their runs. A journey escalated past its per-run limit continues as new: one journey, more runs.
 */
async function journeysOnQueue(client: Client, taskQueue: string): Promise<{ journeys: number; runs: number; continuedAsNew: number; escalated: number }> {
  const ids = new Set<string>();
  let runs = 0;
  let continuedAsNew = 0;
  let escalated = 0;
  for await (const run of client.workflow.list({ query: `WorkflowType = 'journeyWorkflow' AND TaskQueue = '${taskQueue}'` })) {
    ids.add(run.workflowId);
    runs += 1;
    if (run.status.name === 'CONTINUED_AS_NEW') continuedAsNew += 1;
    if (run.status.name === 'RUNNING' && run.typedSearchAttributes.get(EscalationOpen) === true) escalated += 1;
  }
  return { journeys: ids.size, runs, continuedAsNew, escalated };
}

/** N appointment reminders, the first FAILING of them to NHS App "unread" patients. */
function cohortItems(catalogue: JourneyCatalogue): CohortItem[] {
  const eventTime = new Date(Date.now() + 200_000).toISOString();
  return Array.from({ length: N }, (_, i) => {
    const raw = {
      journeyType: 'appointment-reminder', eventId: `bench-${RUN}-${i}`, eventTime,
      patient: { nhsNumber: (i < FAILING ? TEST_RECIPIENTS.nhsAppUnread : TEST_RECIPIENTS.deliveredFirstChannel).nhsNumber },
      personalisation: { clinicName: 'Bench Clinic' },
    };
    const parsed = parseStartJourneyRequest(raw, catalogue);
    if (!parsed.ok) throw new Error('bench request invalid');
    return { raw, valid: parsed.value, fingerprint: requestFingerprint(raw) };
  });
}

async function main(): Promise<void> {
  installRuntimeLogger(createLogger({ level: 'warn' }));
  const temporal = await startEphemeralTemporal(TEMPORAL_ADDRESS === undefined ? {} : { address: TEMPORAL_ADDRESS });
  const rateLimited = { n: 0 };
  let peak = process.memoryUsage();
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    if (usage.rss > peak.rss) peak = usage;
    if (process.env.BENCH_MEMORY_TRACE !== undefined) console.error(`memory ${new Date().toISOString()} rss ${mib(usage.rss)} heapUsed ${mib(usage.heapUsed)} external ${mib(usage.external)} arrayBuffers ${mib(usage.arrayBuffers)}`);
  }, process.env.BENCH_MEMORY_TRACE === undefined ? 200 : 2_000);
  const stack = await startLoopbackStack({
    client: temporal.client, connection: temporal.connection, taskQueue: `bench-cohort-${RUN}`, timings: testTimings(),
    logger: createLogger({ level: 'warn' }), cohorts: { followUpSpreadMs: 60 * 60_000, callbackTimeoutMs: Number(values['callback-timeout-seconds']) * 1000 },
    simulator: { quotaPerMinute: Number(values['quota-per-minute']) },
    callbackSubscription: { messageStatuses: ['delivered', 'failed'], channelStatuses: false },
    wrapNotify: countRateLimits(rateLimited),
    startSimulator: simulatorInProcessOfItsOwn(N),
    // A 45,000-message request takes the simulator seconds on busy cores: the tests' 3 s budget would make it ambiguous.
    notifyTimeouts: { headersMs: 120_000, bodyMs: 120_000, totalMs: 180_000 },
    // The workflow cache a deployed worker has (sized from the default memory budget), not the SDK's heap-derived one.
    createWorker: (queue, activities) => temporal.createWorker(queue, activities, { maxCachedWorkflows: DEPLOYED_CACHE }),
  });
  try {
    const server = TEMPORAL_ADDRESS === undefined ? `dev server ${temporal.address} (in memory)` : `Temporal at ${temporal.address}`;
    console.log(`notify-journeys cohort benchmark: ${N} patients (${FAILING} whose NHS App message fails), ${server}, NHS Notify quota ${values['quota-per-minute']}/min, worker cache ${DEPLOYED_CACHE} workflows`);
    const started = Date.now();
    // The request lives only for the start call, as a POST /v1/cohorts body does in the API.
    const outcome = await stack.cohorts!.start({ reference: `bench-${RUN}`, patients: cohortItems(stack.catalogue) }, `bench-${RUN}`);
    if (outcome.kind === 'conflict') throw new Error('a new cohort reference conflicted');
    const { cohortId } = outcome.cohort;
    const startCall = Date.now() - started;
    // Acceptance first (the figure the cohort exists for), then the follow-ups after the callback timeout.
    const allAccepted = await stack.sim.allAccepted;
    const atAcceptance = await stack.sim.stats();
    console.log(`accepted: ${N} patients in ${((allAccepted - started) / 1000).toFixed(1)} s; batch requests ${atAcceptance.batchRequests}; 429s ${rateLimited.n}; duplicates ${atAcceptance.duplicates}`);
    const result = await temporal.client.workflow.getHandle<typeof cohortWorkflow>(cohortId).result();
    // Failed callbacks arrive within the callback timeout the cohort just waited out; let their journeys finish their SMS.
    const summary = (await stack.cohorts!.summary(cohortId))!;
    const followUps = await journeysOnQueue(temporal.client, `bench-cohort-${RUN}`);
    const sim = await stack.sim.stats();
    const acceptSeconds = (allAccepted - started) / 1000;
    console.log(`cohort start call (validate, store encrypted, start workflow)  ${(startCall / 1000).toFixed(1)} s`);
    console.log(`time to accept ${N} patients at the simulator                  ${acceptSeconds.toFixed(1)} s (${(N / acceptSeconds).toFixed(0)} messages/s)`);
    console.log(`batch requests                                                 ${sim.batchRequests} (cohort chunks: ${result.chunks}; requests the cohort counted: ${result.requests})`);
    console.log(`429s seen by the client                                        ${rateLimited.n}`);
    console.log(`ledger duplicates                                              ${sim.duplicates}`);
    console.log(`follow-ups started (journeys on the queue)                     ${followUps.journeys} (refused ${result.refused}, timed out ${result.timedOut}, cohort record followed_up ${summary.byStatus.followed_up})`);
    console.log(`journey runs (continue-as-new of long escalations counts again) ${followUps.runs} (${followUps.continuedAsNew} continued as new, ${followUps.escalated} escalated now)`);
    console.log(`delivered patients (no workflow)                               ${summary.byStatus.delivered}`);
    console.log(`peak RSS, engine (worker + gateway + cohort service + this driver) ${mib(peak.rss)} MiB (main heap used ${mib(peak.heapUsed)} MiB, external ${mib(peak.external)} MiB at that moment)`);
    console.log(`peak RSS, simulator (NHS Notify's side, a process of its own)  ${sim.peakRssMiB} MiB`);
  } finally {
    clearInterval(sampler);
    await stack.close();
    await temporal.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
