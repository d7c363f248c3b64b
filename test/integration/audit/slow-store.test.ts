import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileBacklog } from '../../../src/audit/fact-backlog';
import { createFactRecorder } from '../../../src/audit/fact-recorder';
import { openAuditDatabase } from '../../../src/audit/store/database';
import { journeyFactRows } from '../../../src/audit/store/fact-store';
import type { JourneyFactBatch } from '../../../src/domain/audit/journey-fact';
import { createLogger } from '../../../src/observability/logger';
import { aPatientKeyRing, openTestAuditStore, type TestAuditStore } from '../../support/audit-store';

const logger = createLogger({ level: 'silent' });
const batch = (journeyId: string, note = 'ok'): JourneyFactBatch => ({
  journeyId, journeyType: 'appointment-reminder', nhsNumber: '9990548609',
  facts: [{ key: 'started', kind: 'journey-started', at: Date.now(), detail: { note } }],
});

describe('a slow or refusing communications record store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'notify-slow-store-'));
  let silent: Server;
  const sockets: Socket[] = [];
  let store: TestAuditStore;
  beforeAll(async () => {
    // Accepts connections and never answers: a store that hangs rather than refuses.
    silent = createServer((socket) => { sockets.push(socket); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    store = await openTestAuditStore('postgres');
  }, 60_000);
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('K9: a store that hangs costs the journey its short budget, then the batch waits in the backlog', async () => {
    const address = silent.address() as { port: number };
    const db = await openAuditDatabase({ kind: 'url', url: `postgres://postgres@127.0.0.1:${address.port}/none` }, { migrate: false, timeoutMs: 30_000 });
    const backlog = createFileBacklog(join(dir, 'hanging'));
    const recorder = createFactRecorder({ db, keys: aPatientKeyRing(), backlog, logger, budgetMs: 500, drainIntervalMs: 60_000 });
    const started = Date.now();
    await recorder.record(batch('journey-hanging'));
    // The rule: the recorder gave up on its own budget, far short of the driver's 30 s timeout.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(backlog.size()).toBe(1);
    await recorder.stop();
    for (const socket of sockets) socket.destroy();
    await db.close().catch(() => undefined);
  }, 60_000);

  it('K9: a batch the store refuses as data is quarantined, not retried forever, and does not hold back the batches behind it', async () => {
    const backlog = createFileBacklog(join(dir, 'refusing'));
    const recorder = createFactRecorder({ db: store.db, keys: store.keys, backlog, logger, drainIntervalMs: 60_000 });
    await recorder.record(batch('journey-poisoned', 'nul \u0000 inside')); // jsonb refuses \u0000
    expect(backlog.size()).toBe(1);
    await recorder.record(batch('journey-behind-it'));
    expect(await recorder.drain()).toBe(0);
    expect(await journeyFactRows(store.db, 'journey-behind-it')).toHaveLength(1);
    expect(await journeyFactRows(store.db, 'journey-poisoned')).toEqual([]);
    expect(readdirSync(join(dir, 'refusing', 'rejected'))).toHaveLength(1);
    await recorder.stop();
  });
});
