import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeyFactRows } from '../../../src/audit/store/fact-store';
import { verifyChains } from '../../../src/audit/store/verify-chain';
import { useJourneySuite, waitFor } from '../journeys/support/journey-suite';
import { openTestAuditStore, type TestAuditStore } from '../../support/audit-store';
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';

describe.runIf(privatePostgresAvailable)('the communications record while its PostgreSQL is down', () => {
  let server: PrivatePostgres;
  let store: TestAuditStore;
  beforeAll(async () => {
    server = await startPrivatePostgres();
    store = await openTestAuditStore('postgres', { serverUrl: server.url, timeoutMs: 2_000, drainIntervalMs: 200 });
  }, 120_000);
  const s = useJourneySuite({ factSubscribers: [{ name: 'communications-record', record: (batch) => store.recorder.record(batch) }] });
  afterAll(async () => {
    await store?.close().catch(() => undefined);
    await server?.destroy();
  });

  it('K9: journeys finish while the store is stopped; the facts wait in the backlog and are all written, once, when it is back', async () => {
    const journeys = await Promise.all([s.start({ recipient: 'nhsAppUnread' }), s.start({ recipient: 'smsPermanentFailure' }), s.start()]);
    // Mid-run: each journey has begun its record, none has finished.
    await waitFor(async () => {
      const started = await Promise.all(journeys.map((id) => journeyFactRows(store.db, id)));
      return started.every((rows) => rows.length > 0) ? true : undefined;
    }, 60_000, 'every journey to start its record');
    await server.stop();

    const results = await Promise.all(journeys.map((id) => s.resultOf(id)));
    expect(results.map((r) => r.outcome)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(store.backlog.size()).toBeGreaterThan(0);

    await server.start();
    await waitFor(async () => (await store.recorder.drain()) === 0 ? true : undefined, 60_000, 'the backlog to drain');
    for (const id of journeys) {
      const rows = await journeyFactRows(store.db, id);
      const kinds = rows.map((r) => r.kind);
      expect(kinds[0]).toBe('journey-started');
      expect(kinds.at(-1)).toBe('journey-finished');
      expect(kinds).toContain('message-accepted');
      expect(new Set(rows.map((r) => r.factKey)).size).toBe(rows.length);
    }
    // Each delivered journey has its one delivered status, and every step it ran is recorded as finished.
    for (const [i, id] of journeys.entries()) {
      const rows = await journeyFactRows(store.db, id);
      expect(rows.filter((r) => r.kind === 'status-changed' && r.detail.status === 'delivered'), id).toHaveLength(1);
      const ran = results[i]!.view.steps.filter((step) => step.scheduledAt !== undefined).length;
      expect(rows.filter((r) => r.kind === 'step-finished'), id).toHaveLength(ran);
    }
    expect((await verifyChains(store.db)).broken).toBeUndefined();
  });
});
