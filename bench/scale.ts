/**
 * Many open journeys: what they cost while they wait, and how fast the API answers while starts run. Prints
 * figures; asserts nothing.
 *
 *   npm run bench:scale [-- --journeys 10000 --concurrency 40]
 *   npm run bench:scale -- --temporal-address 127.0.0.1:7233 [--pg-databases temporal,temporal_visibility]
 *
 * Opens N screening invitations whose invitation date is 30 days away (each waits on a 30-day timer, as a
 * screening programme's do), plus a few already past their response window (they go straight to the staff
 * worklist, so the worklist has a page to serve). One journey worker runs as deployed: a `ROLE=worker` process
 * with the default configuration (its workflow cache sized from WORKER_MEMORY_BUDGET_MIB) loading the prebuilt
 * workflow bundle. The dev server
 * runs on a SQLite file of its own (so its size can be read), or the Temporal at --temporal-address is used.
 * At every 10 % of N it prints: starts/s, API p50/p99 of start, get (GET /v1/journeys/{id}), list and worklist
 * pages measured while the starts run, worker RSS and the workflows in its cache (the SDK's metrics), server
 * RSS, and the database size; at the end, history bytes per journey.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { temporal as proto } from '@temporalio/proto';
import { BUILT_IN_CATALOGUE_DIR, loadCatalogue } from '../src/catalogue/load-catalogue';
import { parseStartJourneyRequest, requestFingerprint, type JourneyCatalogue } from '../src/domain';
import { createLogger } from '../src/observability/logger';
import { TEST_RECIPIENTS } from '../src/simulator';
import { ensureTemporalCli } from '../src/temporal/cli-binary';
import { startDevServer, type RunningDevServer } from '../src/temporal/dev-server';
import { TemporalUnavailableError } from '../src/contracts/ports';
import { createJourneyService, type JourneyService } from '../src/temporal/journey-service';
import { startEphemeralTemporal } from '../src/temporal/journeys/ephemeral-temporal';
import { freePort } from '../src/temporal/tcp-ports';
import { installRuntimeLogger } from '../src/temporal/worker';
import { startRoleProcess } from '../src/stack/role-process';
import { ensureWorkflowBundle } from '../src/temporal/workflow-bundle';
import { rssMiB, stickyCacheSize } from './worker-memory';

const { values } = parseArgs({ options: {
  journeys: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '40' },
  escalated: { type: 'string', default: '50' },
  'temporal-address': { type: 'string' }, 'pg-databases': { type: 'string' },
} });
const N = Number(values.journeys);
const CONCURRENCY = Number(values.concurrency);
const ESCALATED = Number(values.escalated);
const TEMPORAL_ADDRESS = values['temporal-address'];
const PG_DATABASES = values['pg-databases']?.split(',').filter(Boolean) ?? [];
const RUN = randomUUID().slice(0, 8);
const DAY_MS = 24 * 3_600_000;

function pct(samples: readonly number[], p: number): string {
  if (samples.length === 0) return 'n/a';
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(0);
}

const pair = (samples: readonly number[]): string => `${pct(samples, 50)}/${pct(samples, 99)}`.padStart(11);

function dbMiB(sqliteFile: string | undefined): string {
  if (sqliteFile !== undefined) {
    const bytes = [sqliteFile, `${sqliteFile}-wal`].filter(existsSync).reduce((sum, file) => sum + statSync(file).size, 0);
    return (bytes / 1024 / 1024).toFixed(0);
  }
  if (PG_DATABASES.length === 0) return 'n/a';
  const list = PG_DATABASES.map((name) => `'${name.replace(/[^A-Za-z0-9_]/g, '')}'`).join(',');
  const bytes = execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-tAc', `select sum(pg_database_size(datname)) from pg_database where datname in (${list})`], { encoding: 'utf8' });
  return (Number(bytes.trim()) / 1024 / 1024).toFixed(0);
}

/** One timed call; a 503 (Temporal past the call deadline) is counted, not timed, and answers undefined. */
async function timed<T>(samples: number[], unavailable: { count: number }, call: () => Promise<T>): Promise<T | undefined> {
  const t0 = performance.now();
  try {
    const result = await call();
    samples.push(performance.now() - t0);
    return result;
  } catch (error) {
    if (!(error instanceof TemporalUnavailableError)) throw error;
    unavailable.count += 1;
    return undefined;
  }
}

function request(catalogue: JourneyCatalogue, i: number, eventAt: number) {
  const parsed = parseStartJourneyRequest({
    journeyType: 'screening-invitation', eventId: `scale-${RUN}-${i}`, eventTime: new Date(eventAt).toISOString(),
    patient: { nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber }, personalisation: { programmeName: 'bowel cancer screening' },
  }, catalogue);
  if (!parsed.ok) throw new Error(`bench request invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

interface Probes { readonly start: number[]; readonly get: number[]; readonly list: number[]; readonly worklist: number[]; readonly unavailable: { count: number } }

/** Reads while the starts run: a journey's page, a list page and a worklist page, one after another. */
function probeWhile(service: JourneyService, opened: readonly string[], probes: Probes, running: () => boolean): Promise<void> {
  return (async () => {
    while (running()) {
      const id = opened[Math.floor(Math.random() * opened.length)];
      if (id !== undefined) await timed(probes.get, probes.unavailable, () => service.get(id));
      await timed(probes.list, probes.unavailable, () => service.list({ limit: 50 }));
      await timed(probes.worklist, probes.unavailable, () => service.listEscalations({ status: 'open', limit: 50 }));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
}

async function main(): Promise<void> {
  installRuntimeLogger(createLogger({ level: 'warn' }));
  const dir = mkdtempSync(join(tmpdir(), 'nj-bench-scale-'));
  let server: RunningDevServer | undefined;
  const sqlite = TEMPORAL_ADDRESS === undefined ? join(dir, 'temporal.sqlite') : undefined;
  if (TEMPORAL_ADDRESS === undefined) {
    server = await startDevServer({ cliPath: await ensureTemporalCli(), port: await freePort(), dbFilename: sqlite, readyTimeoutMs: 90_000 });
  }
  const address = TEMPORAL_ADDRESS ?? server!.address;
  const temporal = await startEphemeralTemporal({ address });
  const taskQueue = `bench-scale-${RUN}`;
  const workerPort = await freePort();
  const metricsPort = await freePort();
  // As in the image: the bundle is built before the worker starts, so webpack's heap is not counted in its RSS.
  await ensureWorkflowBundle();
  const worker = await startRoleProcess({
    ROLE: 'worker', TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: taskQueue, WORKER_HTTP_PORT: String(workerPort),
    SDK_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`, DATA_DIR: join(dir, 'worker'), LOG_LEVEL: 'warn',
    ...(temporal.payloadKeyEntry === undefined ? {} : { PAYLOAD_ENCRYPTION_KEYS: temporal.payloadKeyEntry }),
  }, `http://127.0.0.1:${workerPort}`);
  try {
    const { current: catalogue } = loadCatalogue(BUILT_IN_CATALOGUE_DIR); // production durations
    const service = createJourneyService({ client: temporal.client, taskQueue, catalogue, journeyIdSecret: randomBytes(32) });
    const target = TEMPORAL_ADDRESS === undefined ? `dev server ${address} (SQLite ${sqlite})` : `Temporal at ${address}`;
    console.log(`notify-journeys scale benchmark: ${N} screening invitations waiting 30 days (+${ESCALATED} on the worklist), ${CONCURRENCY} starts in flight, ${target}, one ROLE=worker process (default config)`);
    // Past their response window: straight to the staff worklist.
    const lapsed = Date.now() - catalogue['screening-invitation']!.window.deadlineOffsetMs - DAY_MS;
    for (let i = 0; i < ESCALATED; i += 1) {
      const valid = request(catalogue, N + i, lapsed);
      await service.start(valid, { requestHash: requestFingerprint(valid) });
    }
    console.log('open     starts/s  start p50/p99  get p50/p99  list p50/p99  worklist p50/p99 (ms)  503s  worker RSS  cached  server RSS  DB (MiB)');
    const opened: string[] = [];
    const step = Math.max(1, Math.round(N / 10));
    let next = 0;
    while (next < N) {
      const first = next;
      const end = Math.min(N, next + step);
      const probes: Probes = { start: [], get: [], list: [], worklist: [], unavailable: { count: 0 } };
      let running = true;
      const probing = probeWhile(service, opened, probes, () => running);
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < end) {
          const i = next++;
          const valid = request(catalogue, i, Date.now() + 30 * DAY_MS);
          // A 503 is retried, as a client would: the start is idempotent.
          for (;;) {
            const outcome = await timed(probes.start, probes.unavailable, () => service.start(valid, { requestHash: requestFingerprint(valid) }));
            if (outcome === undefined) continue;
            if (outcome.kind !== 'conflict') opened.push(outcome.journey.journeyId);
            break;
          }
        }
      }));
      const perSecond = (end - first) / ((performance.now() - t0) / 1000);
      running = false;
      await probing;
      console.log(`${String(end).padStart(7)}  ${perSecond.toFixed(1).padStart(8)}  ${pair(probes.start)}    ${pair(probes.get)}  ${pair(probes.list)}  ${pair(probes.worklist)}             ${String(probes.unavailable.count).padStart(4)}  ${rssMiB(worker.pid).padStart(7)}  ${String(await stickyCacheSize(`http://127.0.0.1:${metricsPort}/metrics`)).padStart(9)}  ${rssMiB(server?.process.pid).padStart(10)}  ${dbMiB(sqlite).padStart(8)}`);
    }
    const sample = opened.filter((_, i) => i % Math.max(1, Math.floor(opened.length / 20)) === 0).slice(0, 20);
    const sizes = await Promise.all(sample.map(async (id) => proto.api.history.v1.History.encode(await temporal.client.workflow.getHandle(id).fetchHistory()).finish().length));
    console.log(`history per waiting journey: ${(sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length) / 1024).toFixed(1)} KiB (mean of ${sizes.length}, encoded protobuf, payloads encrypted)`);
    const escalations = await service.listEscalations({ status: 'open', limit: 100 });
    console.log(`worklist: ${escalations.items.length} open escalations listed (of ${ESCALATED} raised)`);
  } catch (error) {
    console.error(error instanceof Error ? error.stack : String(error));
    throw error;
  } finally {
    await worker.stop();
    await temporal.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
