/**
 * What one cached workflow costs the worker. Prints figures; asserts nothing.
 *
 *   npm run bench:workflow-cache [-- --journeys 1500 --steps 3 --cache 1256]
 *
 * One `ROLE=worker` process (the prebuilt bundle, as deployed) with a workflow cache large enough for every
 * journey opened here (or `--cache` workflows: then the later steps show the worker with its cache full),
 * against a dev server in memory. It opens screening invitations that wait on a 30-day
 * timer (each stays in the cache once its first task has run) in `--steps` equal steps, and after each step,
 * once the task queue's backlog is empty and the SDK's `temporal_sticky_cache_size` says they are all cached
 * (or the cache is full), prints the worker's RSS (the median of five reads a second apart). The cost per cached workflow is the slope of RSS over cached workflows
 * (least squares over the steps, after a warm-up step that loads the bundle's code). It also prints the
 * bundle's size and the packages in it, largest first: each workflow evaluates its own instance of every
 * module in the bundle.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { BUILT_IN_CATALOGUE_DIR, loadCatalogue } from '../src/catalogue/load-catalogue';
import { parseStartJourneyRequest, requestFingerprint, type JourneyCatalogue } from '../src/domain';
import { createLogger } from '../src/observability/logger';
import { TEST_RECIPIENTS } from '../src/simulator';
import { ensureTemporalCli } from '../src/temporal/cli-binary';
import { startDevServer } from '../src/temporal/dev-server';
import { createJourneyService, type JourneyService } from '../src/temporal/journey-service';
import { startEphemeralTemporal } from '../src/temporal/journeys/ephemeral-temporal';
import { freePort } from '../src/temporal/tcp-ports';
import { installRuntimeLogger } from '../src/temporal/worker';
import { startRoleProcess } from '../src/stack/role-process';
import { ensureWorkflowBundle } from '../src/temporal/workflow-bundle';
import { bundleFigures, rssMiBOf, stickyCacheSize } from './worker-memory';

const { values } = parseArgs({ options: {
  journeys: { type: 'string', default: '1500' }, steps: { type: 'string', default: '3' },
  concurrency: { type: 'string', default: '20' }, warmup: { type: 'string', default: '100' }, cache: { type: 'string' },
} });
const N = Number(values.journeys);
const STEPS = Number(values.steps);
const CONCURRENCY = Number(values.concurrency);
const WARMUP = Number(values.warmup);
const CACHE = values.cache === undefined ? WARMUP + N + 100 : Number(values.cache);
const RUN = randomUUID().slice(0, 8);
const DAY_MS = 24 * 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function screeningInvitation(catalogue: JourneyCatalogue, i: number) {
  const parsed = parseStartJourneyRequest({
    journeyType: 'screening-invitation', eventId: `cache-${RUN}-${i}`, eventTime: new Date(Date.now() + 30 * DAY_MS).toISOString(),
    patient: { nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber }, personalisation: { programmeName: 'bowel cancer screening' },
  }, catalogue);
  if (!parsed.ok) throw new Error(`bench request invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

/** The workflow tasks waiting for a worker on the journeys' task queue. */
async function backlog(client: Client, taskQueue: string): Promise<number> {
  const { stats } = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace, taskQueue: { name: taskQueue },
    taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, reportStats: true,
  });
  return Number(stats?.approximateBacklogCount ?? 0);
}

/** Waits until every opened journey has run its first task and is cached (or the cache is full), then reads RSS. */
async function settledRss(worker: { pid: number; metricsUrl: string }, client: Client, taskQueue: string, opened: number): Promise<{ cached: number; rss: number }> {
  const deadline = Date.now() + 300_000;
  const settled = async () => (await backlog(client, taskQueue)) === 0 && (await stickyCacheSize(worker.metricsUrl)) >= Math.min(opened, CACHE);
  while (!(await settled()) && Date.now() < deadline) await sleep(1_000);
  const reads: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    await sleep(1_000);
    reads.push(rssMiBOf(worker.pid) ?? Number.NaN);
  }
  return { cached: await stickyCacheSize(worker.metricsUrl), rss: reads.sort((a, b) => a - b)[2]! };
}

async function open(service: JourneyService, catalogue: JourneyCatalogue, from: number, to: number): Promise<void> {
  let next = from;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < to) {
      const valid = screeningInvitation(catalogue, next++);
      await service.start(valid, { requestHash: requestFingerprint(valid) });
    }
  }));
}

/** Least-squares slope of y over x. */
function slope(points: readonly { x: number; y: number }[]): number {
  const mean = (f: (p: { x: number; y: number }) => number) => points.reduce((s, p) => s + f(p), 0) / points.length;
  const mx = mean((p) => p.x);
  const my = mean((p) => p.y);
  return mean((p) => (p.x - mx) * (p.y - my)) / mean((p) => (p.x - mx) ** 2);
}

async function main(): Promise<void> {
  installRuntimeLogger(createLogger({ level: 'warn' }));
  const dir = mkdtempSync(join(tmpdir(), 'nj-bench-cache-'));
  const server = await startDevServer({ cliPath: await ensureTemporalCli(), port: await freePort(), readyTimeoutMs: 90_000 });
  const temporal = await startEphemeralTemporal({ address: server.address });
  const bundlePath = await ensureWorkflowBundle();
  const bundle = bundleFigures(bundlePath);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  console.log(`workflow bundle ${bundlePath}: ${kib(bundle.fileBytes)} (code ${kib(bundle.codeBytes)}, ${bundle.modules} modules; the rest is its source map)`);
  console.log(`  code by package: ${[...bundle.byOrigin].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([origin, bytes]) => `${origin} ${kib(bytes)}`).join(', ')}`);
  const workerPort = await freePort();
  const metricsPort = await freePort();
  const worker = await startRoleProcess({
    ROLE: 'worker', TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: `bench-cache-${RUN}`, WORKER_HTTP_PORT: String(workerPort),
    WORKER_MAX_CACHED_WORKFLOWS: String(CACHE), SDK_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
    DATA_DIR: join(dir, 'worker'), LOG_LEVEL: 'warn',
    ...(temporal.payloadKeyEntry === undefined ? {} : { PAYLOAD_ENCRYPTION_KEYS: temporal.payloadKeyEntry }),
  }, `http://127.0.0.1:${workerPort}`);
  const measured = { pid: worker.pid, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
  const taskQueue = `bench-cache-${RUN}`;
  try {
    const { current: catalogue } = loadCatalogue(BUILT_IN_CATALOGUE_DIR);
    const service = createJourneyService({ client: temporal.client, taskQueue, catalogue, journeyIdSecret: randomBytes(32) });
    console.log(`worker RSS at start: ${rssMiBOf(worker.pid)?.toFixed(0)} MiB; warm-up: ${WARMUP} journeys`);
    await open(service, catalogue, 0, WARMUP);
    const points = [await settledRss(measured, temporal.client, taskQueue, WARMUP)].map(({ cached, rss }) => ({ x: cached, y: rss }));
    console.log('cached workflows  worker RSS (MiB)');
    console.log(`${String(points[0]!.x).padStart(16)}  ${points[0]!.y.toFixed(0).padStart(16)}`);
    for (let step = 1; step <= STEPS; step += 1) {
      const target = WARMUP + Math.round((N * step) / STEPS);
      await open(service, catalogue, WARMUP + Math.round((N * (step - 1)) / STEPS), target);
      const { cached, rss } = await settledRss(measured, temporal.client, taskQueue, target);
      points.push({ x: cached, y: rss });
      console.log(`${String(cached).padStart(16)}  ${rss.toFixed(0).padStart(16)}`);
    }
    // Readings with the cache full say what the worker holds at the cap, not what a cached workflow costs.
    const filling = points.filter((point, i) => i === 0 || points[i - 1]!.x < CACHE);
    const perWorkflow = slope(filling);
    console.log(`per cached workflow: ${perWorkflow.toFixed(3)} MiB (slope over ${filling.length} readings while the cache filled); cache of ${CACHE}`);
  } finally {
    await worker.stop();
    await temporal.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
