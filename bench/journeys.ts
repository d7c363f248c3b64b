/**
 * Journey throughput and latency on a real Temporal dev server. Prints figures; asserts nothing.
 *
 *   npm run bench:journeys [-- --journeys 1000 --concurrency 100]
 *   npm run bench:journeys -- --temporal-address 127.0.0.1:7233 [--worker-processes 1]
 *
 * One in-memory dev server of its own (or the Temporal at --temporal-address, e.g. `npm run temporal:cluster`),
 * one in-process worker plus --worker-processes `ROLE=worker` processes, the simulator and the real callback route.
 * Each journey: start (idempotent) → child delivery workflow → NHS Notify send → simulated delivery callback
 * → signal → complete. Then, in the same run and on the same server, the baseline workflow (one activity,
 * one signal) for the ratio. Figures: journeys/s; p50/p99 trigger → NHS Notify request; p50/p99 callback
 * received → signal recorded and → delivery workflow closed (state applied); peak RSS of this process
 * (worker + simulator + gateway).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { messageReference, parseStartJourneyRequest, requestFingerprint } from '../src/domain';
import type { CallbackSink } from '../src/contracts/ports';
import { createLogger } from '../src/observability/logger';
import { TEST_RECIPIENTS, type LedgerEntry } from '../src/simulator';
import { startEphemeralTemporal, type EphemeralTemporal } from '../src/temporal/journeys/ephemeral-temporal';
import { startLoopbackStack, testTimings } from '../src/stack/loopback-stack';
import { installRuntimeLogger } from '../src/temporal/worker';
import { freePort } from '../src/temporal/tcp-ports';
import { startRoleProcess, type RoleProcess } from '../src/stack/role-process';
import { createBaselineActivities } from '../activities';
import { baselineAcknowledged, baselineWorkflow, deliveryWorkflowId, journeyWorkflow } from '../workflows';

const { values } = parseArgs({ options: {
  journeys: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '100' },
  'temporal-address': { type: 'string' }, 'worker-processes': { type: 'string', default: '0' },
} });
const N = Number(values.journeys);
const CONCURRENCY = Number(values.concurrency);
const TEMPORAL_ADDRESS = values['temporal-address'];
const WORKER_PROCESSES = Number(values['worker-processes']);
/** Fresh queues per run: on a shared cluster, an earlier run's tasks must not be polled by this one. */
const RUN = randomUUID().slice(0, 8);
const now = (): number => performance.timeOrigin + performance.now();

async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  }));
  return results;
}

function pct(values: number[], p: number): string {
  if (values.length === 0) return 'n/a';
  const sorted = [...values].sort((a, b) => a - b);
  return `${sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1)} ms`;
}

function rssSampler(): { peakMiB(): number; stop(): void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100);
  return { peakMiB: () => peak / 1024 / 1024, stop: () => clearInterval(timer) };
}

async function journeys(temporal: EphemeralTemporal) {
  const received = new Map<string, number>();
  const recorded = new Map<string, number>();
  const timingSink = (sink: CallbackSink): CallbackSink => ({
    deliver: async (event) => {
      const terminal = event.item.type === 'MessageStatus' && event.item.attributes.messageStatus === 'delivered';
      if (terminal) received.set(event.messageReference, now());
      const result = await sink.deliver(event);
      if (terminal) recorded.set(event.messageReference, now());
      return result;
    },
  });
  const logger = createLogger({ level: 'warn' });
  const stack = await startLoopbackStack({
    client: temporal.client, connection: temporal.connection, taskQueue: `bench-journeys-${RUN}`, timings: testTimings(), logger, wrapSink: timingSink,
    // NHS Notify's usual subscription: message-level delivered/failed callbacks only.
    callbackSubscription: { messageStatuses: ['delivered', 'failed'], channelStatuses: false },
    createWorker: (queue, activities) => temporal.createWorker(queue, activities),
  });
  const workers = await startWorkerProcesses(temporal, stack, WORKER_PROCESSES);
  const accepted = new Map<string, number>();
  stack.sim.events.on('accepted', (entry: LedgerEntry) => accepted.set(entry.messageReference, now()));
  const rss = rssSampler();
  const started = now();
  // Worker processes are stopped however the run ends: a failed run must not leave them polling.
  const runs = await pool(N, CONCURRENCY, async (i) => {
    const parsed = parseStartJourneyRequest({
      journeyType: 'appointment-reminder', eventId: `bench-${i}-${randomUUID()}`, eventTime: new Date(Date.now() + 200_000).toISOString(),
      patient: { nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber }, personalisation: { clinicName: 'Bench Clinic' },
    }, stack.catalogue);
    if (!parsed.ok) throw new Error('bench request invalid');
    const trigger = now();
    const outcome = await stack.service.start(parsed.value, { requestHash: requestFingerprint(parsed.value) });
    if (outcome.kind !== 'new') throw new Error(`unexpected ${outcome.kind}`);
    await temporal.client.workflow.getHandle<typeof journeyWorkflow>(outcome.journey.journeyId).result();
    return { trigger, reference: messageReference(outcome.journey.journeyId, 'nhsapp', 'nhsapp') };
  }).finally(() => workers.stop());
  const elapsed = (now() - started) / 1000;
  rss.stop();
  const closes = await pool(runs.length, 50, async (i) => {
    const description = await temporal.client.workflow.getHandle(deliveryWorkflowId(runs[i]!.reference)).describe();
    return description.closeTime?.getTime();
  });
  await stack.close();
  const toRequest = runs.flatMap(({ trigger, reference }) => accepted.has(reference) ? [accepted.get(reference)! - trigger] : []);
  const toSignal = runs.flatMap(({ reference }) => received.has(reference) && recorded.has(reference) ? [recorded.get(reference)! - received.get(reference)!] : []);
  const toApplied = runs.flatMap(({ reference }, i) => received.has(reference) && closes[i] !== undefined ? [closes[i] - received.get(reference)!] : []);
  return { perSecond: N / elapsed, elapsed, toRequest, toSignal, toApplied, peakRss: rss.peakMiB(), duplicates: stack.sim.ledger.duplicates().length };
}

/**
 * More journey workers, each a `ROLE=worker` process as deployed, polling the same task queue with the same
 * simulator application, signing key and payload key as the in-process one. No send pacing: the benchmark
 * measures the engine, not NHS Notify's quota.
 */
async function startWorkerProcesses(temporal: EphemeralTemporal, stack: Awaited<ReturnType<typeof startLoopbackStack>>, count: number): Promise<{ stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nj-bench-worker-'));
  const started: RoleProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((worker) => worker.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await Promise.all(Array.from({ length: count }, async () => {
      const port = await freePort();
      return startRoleProcess({
        ROLE: 'worker', TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: `bench-journeys-${RUN}`, WORKER_HTTP_PORT: String(port),
        DATA_DIR: dataDir, LOG_LEVEL: 'warn', NOTIFY_BASE_URL: stack.sim.baseUrl, NOTIFY_TOKEN_URL: stack.sim.tokenUrl,
        NOTIFY_API_KEY: stack.application.apiKey, NOTIFY_APPLICATION_ID: stack.application.applicationId,
        NOTIFY_SIGNING_KID: stack.signingKey.kid, NOTIFY_SIGNING_KEY_PEM: stack.signingKey.pem, NOTIFY_MAX_SENDS_PER_SECOND: '100000',
        ...(temporal.payloadKeyEntry === undefined ? {} : { PAYLOAD_ENCRYPTION_KEYS: temporal.payloadKeyEntry }),
      }, `http://127.0.0.1:${port}`).then((worker) => started.push(worker));
    }));
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}

async function baseline(temporal: EphemeralTemporal) {
  const queue = `bench-baseline-${RUN}`;
  const worker = await temporal.createWorker(queue, createBaselineActivities());
  const running = worker.run();
  const started = now();
  await pool(N, CONCURRENCY, async (i) => {
    const handle = await temporal.client.workflow.start(baselineWorkflow, {
      taskQueue: queue, workflowId: `baseline-${i}-${randomUUID()}`, args: [{ reference: `r-${i}`, waitMs: 60_000 }],
    });
    await handle.signal(baselineAcknowledged, { receipt: `k-${i}` });
    await handle.result();
  });
  const elapsed = (now() - started) / 1000;
  worker.shutdown();
  await running;
  return { perSecond: N / elapsed, elapsed };
}

async function main(): Promise<void> {
  installRuntimeLogger(createLogger({ level: 'warn' }));
  const temporal = await startEphemeralTemporal(TEMPORAL_ADDRESS === undefined ? {} : { address: TEMPORAL_ADDRESS });
  try {
    const server = TEMPORAL_ADDRESS === undefined ? `dev server ${temporal.address} (in memory)` : `Temporal at ${temporal.address}`;
    console.log(`notify-journeys journey benchmark: ${N} journeys, ${CONCURRENCY} in flight, ${server}, ${1 + WORKER_PROCESSES} journey worker(s) (1 in-process + ${WORKER_PROCESSES} ROLE=worker)`);
    const j = await journeys(temporal);
    const b = await baseline(temporal);
    console.log(`journeys          ${j.perSecond.toFixed(1)} journeys/s (${N} in ${j.elapsed.toFixed(1)} s; ledger duplicates: ${j.duplicates})`);
    console.log(`trigger → NHS Notify request            p50 ${pct(j.toRequest, 50)}  p99 ${pct(j.toRequest, 99)}  (n=${j.toRequest.length})`);
    console.log(`callback → signal recorded              p50 ${pct(j.toSignal, 50)}  p99 ${pct(j.toSignal, 99)}`);
    console.log(`callback → delivery workflow closed     p50 ${pct(j.toApplied, 50)}  p99 ${pct(j.toApplied, 99)}`);
    console.log(`peak RSS (worker + simulator + gateway) ${j.peakRss.toFixed(0)} MiB`);
    console.log(`baseline workflow ${b.perSecond.toFixed(1)} workflows/s (${N} in ${b.elapsed.toFixed(1)} s; one activity, one signal)`);
    console.log(`ratio journeys/baseline ${(j.perSecond / b.perSecond).toFixed(2)}`);
  } catch (error) {
    // Said first: stopping after a failure can fail too (a worker still holds the connection) and would hide it.
    console.error(error instanceof Error ? error.stack : String(error));
    throw error;
  } finally {
    await temporal.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
