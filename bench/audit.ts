/**
 * The communications record's cost. Prints figures; asserts nothing.
 *
 *   npm run bench:audit [-- --batches 2000 --facts 12 --concurrency 20 --journeys 200 --journey-concurrency 50]
 *
 * 1. Audit writes/s: journey-sized batches (--facts each, the size of a delivered journey's record) appended
 *    through the recorder (HMAC, natural-key dedupe, hash chain, one transaction per batch), on a fresh database
 *    of the PostgreSQL at AUDIT_BENCH_POSTGRES_URL (default 127.0.0.1:5432, dropped afterwards) and on the
 *    embedded one (PGlite behind pglite-socket).
 * 2. Journeys/s with the record off and on, in the same run on the same dev server: the same journeys, the only
 *    difference is the fact sink's subscriber (on: the recorder over the PostgreSQL database).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FactSubscriber } from '../activities';
import { createFileBacklog } from '../src/audit/fact-backlog';
import { createFactRecorder, type FactRecorder } from '../src/audit/fact-recorder';
import { openAuditDatabase, type AuditDatabase } from '../src/audit/store/database';
import { JOURNEY_FACT_KINDS, type JourneyFactBatch } from '../src/domain/audit/journey-fact';
import { parseStartJourneyRequest, requestFingerprint } from '../src/domain';
import { createLogger } from '../src/observability/logger';
import { TEST_RECIPIENTS } from '../src/simulator';
import { startLoopbackStack, testTimings } from '../src/stack/loopback-stack';
import { startEphemeralTemporal, type EphemeralTemporal } from '../src/temporal/journeys/ephemeral-temporal';
import { installRuntimeLogger } from '../src/temporal/worker';
import { aPatientKeyRing, freshDatabase } from '../test/support/audit-store';
import type { journeyWorkflow } from '../workflows';

const { values } = parseArgs({ options: {
  batches: { type: 'string', default: '2000' }, facts: { type: 'string', default: '12' }, concurrency: { type: 'string', default: '20' },
  journeys: { type: 'string', default: '200' }, 'journey-concurrency': { type: 'string', default: '50' },
} });
const BATCHES = Number(values.batches);
const FACTS = Number(values.facts);
const CONCURRENCY = Number(values.concurrency);
const JOURNEYS = Number(values.journeys);
const JOURNEY_CONCURRENCY = Number(values['journey-concurrency']);
const SERVER = process.env.AUDIT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const logger = createLogger({ level: 'warn' });

async function pool(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) await task(next++);
  }));
}

function withRecorder<T>(db: AuditDatabase, work: (recorder: FactRecorder) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'nj-bench-audit-'));
  const recorder = createFactRecorder({ db, keys: aPatientKeyRing(), backlog: createFileBacklog(dir), logger });
  return work(recorder).finally(async () => {
    await recorder.stop();
    rmSync(dir, { recursive: true, force: true });
  });
}

function aBatch(i: number): JourneyFactBatch {
  const at = Date.now();
  return {
    journeyId: `journey-bench-${i}-${randomUUID()}`, journeyType: 'appointment-reminder', nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber,
    facts: Array.from({ length: FACTS }, (_, n) => ({
      key: `fact-${n}`, kind: JOURNEY_FACT_KINDS[n % JOURNEY_FACT_KINDS.length]!, at: at + n,
      detail: { stepId: 'nhsapp', messageReference: randomUUID(), status: 'delivered' },
    })),
  };
}

async function writes(db: AuditDatabase): Promise<{ factsPerSecond: number; batchesPerSecond: number; elapsed: number; backlog: number }> {
  return withRecorder(db, async (recorder) => {
    const started = performance.now();
    await pool(BATCHES, CONCURRENCY, (i) => recorder.record(aBatch(i)));
    const elapsed = (performance.now() - started) / 1000;
    const backlog = await recorder.drain();
    return { factsPerSecond: (BATCHES * FACTS) / elapsed, batchesPerSecond: BATCHES / elapsed, elapsed, backlog };
  });
}

async function journeysPerSecond(temporal: EphemeralTemporal, label: string, subscribers: readonly FactSubscriber[]): Promise<number> {
  const stack = await startLoopbackStack({
    client: temporal.client, connection: temporal.connection, taskQueue: `bench-audit-${label}-${randomUUID().slice(0, 8)}`, timings: testTimings(), logger,
    callbackSubscription: { messageStatuses: ['delivered', 'failed'], channelStatuses: false }, factSubscribers: subscribers,
    createWorker: (queue, activities) => temporal.createWorker(queue, activities),
  });
  try {
    const started = performance.now();
    await pool(JOURNEYS, JOURNEY_CONCURRENCY, async (i) => {
      const parsed = parseStartJourneyRequest({
        journeyType: 'appointment-reminder', eventId: `bench-${label}-${i}-${randomUUID()}`, eventTime: new Date(Date.now() + 200_000).toISOString(),
        patient: { nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber }, personalisation: { clinicName: 'Bench Clinic' },
      }, stack.catalogue);
      if (!parsed.ok) throw new Error('bench request invalid');
      const outcome = await stack.service.start(parsed.value, { requestHash: requestFingerprint(parsed.value) });
      if (outcome.kind !== 'new') throw new Error(`unexpected ${outcome.kind}`);
      await temporal.client.workflow.getHandle<typeof journeyWorkflow>(outcome.journey.journeyId).result();
    });
    return JOURNEYS / ((performance.now() - started) / 1000);
  } finally {
    await stack.close();
  }
}

async function main(): Promise<void> {
  installRuntimeLogger(logger);
  console.log(`notify-journeys communications record benchmark: ${BATCHES} batches of ${FACTS} facts (${CONCURRENCY} in flight); ${JOURNEYS} journeys per arm (${JOURNEY_CONCURRENCY} in flight)`);
  const scratch = await freshDatabase(SERVER);
  const postgres = await openAuditDatabase({ kind: 'url', url: scratch.url });
  const embeddedDir = mkdtempSync(join(tmpdir(), 'nj-bench-pglite-'));
  try {
    const pg = await writes(postgres);
    console.log(`audit writes, PostgreSQL   ${pg.factsPerSecond.toFixed(0)} facts/s  (${pg.batchesPerSecond.toFixed(0)} journey batches/s, ${pg.elapsed.toFixed(1)} s, backlog ${pg.backlog})`);
    const embedded = await openAuditDatabase({ kind: 'embedded', dataDir: embeddedDir });
    try {
      const lite = await writes(embedded);
      console.log(`audit writes, embedded     ${lite.factsPerSecond.toFixed(0)} facts/s  (${lite.batchesPerSecond.toFixed(0)} journey batches/s, ${lite.elapsed.toFixed(1)} s, backlog ${lite.backlog})`);
    } finally {
      await embedded.close();
    }
    const temporal = await startEphemeralTemporal({});
    try {
      const off = await journeysPerSecond(temporal, 'off', []);
      const on = await withRecorder(postgres, (recorder) => journeysPerSecond(temporal, 'on', [{ name: 'communications-record', record: (b) => recorder.record(b) }]));
      console.log(`journeys, record off       ${off.toFixed(1)} journeys/s`);
      console.log(`journeys, record on        ${on.toFixed(1)} journeys/s  (PostgreSQL)`);
      console.log(`ratio on/off               ${(on / off).toFixed(2)}  (overhead ${((1 - on / off) * 100).toFixed(1)} %)`);
    } finally {
      await temporal.stop();
    }
  } finally {
    await postgres.close();
    await scratch.drop();
    rmSync(embeddedDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
