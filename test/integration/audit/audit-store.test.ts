import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import type { JourneyFactBatch } from '../../../src/domain/audit/journey-fact';
import { createCommunicationsRecord, LookupError } from '../../../src/audit/communications-record';
import { verifyChains } from '../../../src/audit/store/verify-chain';
import { journeyFactRows } from '../../../src/audit/store/fact-store';
import { asOwner, openTestAuditStore, STORE_KINDS, type TestAuditStore } from '../../support/audit-store';

const NHS_NUMBER = '9990548609';
const principal = { id: 'key-ops-1', role: 'audit:read' };

function aBatch(journeyId: string, keys: string[], nhsNumber = NHS_NUMBER): JourneyFactBatch {
  return {
    journeyId, journeyType: 'appointment-reminder', nhsNumber,
    facts: keys.map((key, i) => ({ key, kind: i === 0 ? 'journey-started' : 'send-scheduled', at: Date.UTC(2026, 0, 1, 9, i), detail: { stepId: `s${i}` } })),
  };
}

describe.each(STORE_KINDS)('the communications record on %s', (kind) => {
  let store: TestAuditStore;
  beforeAll(async () => { store = await openTestAuditStore(kind); }, 120_000);
  afterAll(async () => { await store?.close(); });

  it('K1: a fact is written once by its natural key: a replayed or retried batch adds nothing, and the chain verifies', async () => {
    await store.recorder.record(aBatch('j-idem', ['started', 'scheduled:a']));
    await store.recorder.record(aBatch('j-idem', ['started', 'scheduled:a', 'scheduled:b']));
    await store.recorder.record(aBatch('j-idem', ['scheduled:b']));
    const rows = await journeyFactRows(store.db, 'j-idem');
    expect(rows.map((r) => [r.seq, r.factKey])).toEqual([[1, 'started'], [2, 'scheduled:a'], [3, 'scheduled:b']]);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect((await verifyChains(store.db)).broken).toBeUndefined();
  });

  it('K2: the service role may insert but not update or delete a fact', async () => {
    await store.recorder.record(aBatch('j-grants', ['started']));
    await expect(store.db.withClient((c) => c.query(`UPDATE audit_fact SET kind = 'x' WHERE partition_key = 'j-grants'`))).rejects.toThrow(/permission denied/);
    await expect(store.db.withClient((c) => c.query(`DELETE FROM audit_fact WHERE partition_key = 'j-grants'`))).rejects.toThrow(/permission denied/);
    // Even the owner cannot edit in place: the trigger refuses.
    await expect(asOwner(store, (c) => c.query(`UPDATE audit_fact SET kind = 'x' WHERE partition_key = 'j-grants'`))).rejects.toThrow(/append-only/);
    expect((await journeyFactRows(store.db, 'j-grants')).map((r) => r.kind)).toEqual(['journey-started']);
  });

  it('K3: audit verify names the first broken link when a row is changed behind the service\'s back', async () => {
    await store.recorder.record(aBatch('j-tamper', ['started', 'scheduled:a', 'scheduled:b']));
    await asOwner(store, async (c) => {
      await c.query('ALTER TABLE audit_fact DISABLE TRIGGER audit_fact_append_only');
      await c.query(`UPDATE audit_fact SET detail = '{"stepId":"forged"}' WHERE partition_key = 'j-tamper' AND seq = 2`);
      await c.query('ALTER TABLE audit_fact ENABLE TRIGGER audit_fact_append_only');
    });
    const result = await verifyChains(store.db);
    expect(result.broken).toEqual({ partitionKey: 'j-tamper', seq: 2, problem: 'content-changed' });
    await asOwner(store, async (c) => {
      await c.query('ALTER TABLE audit_fact DISABLE TRIGGER audit_fact_append_only');
      await c.query(`DELETE FROM audit_fact WHERE partition_key = 'j-tamper'`);
      await c.query('ALTER TABLE audit_fact ENABLE TRIGGER audit_fact_append_only');
    });
  });

  it('K4: a patient is found by a keyed hash of the NHS number, newest journey first with paging, and the lookup is itself recorded', async () => {
    const other = '9990548617';
    for (const [i, id] of ['p-1', 'p-2', 'p-3'].entries()) {
      await store.recorder.record({ ...aBatch(id, ['started']), facts: [{ key: 'started', kind: 'journey-started', at: Date.UTC(2026, 1, 1 + i), detail: {} }] });
    }
    await store.recorder.record(aBatch('p-other', ['started'], other));
    const record = createCommunicationsRecord(store.db, store.keys);
    const first = await record.lookupPatient({ nhsNumber: NHS_NUMBER, reason: 'patient phoned: no reminder', principal, pageSize: 2 });
    expect(first.journeys.map((j) => j.journeyId)).toEqual(['p-3', 'p-2']);
    expect(first.journeys.every((j) => j.chainIntact)).toBe(true);
    const second = await record.lookupPatient({ nhsNumber: NHS_NUMBER, reason: 'patient phoned: no reminder', principal, pageSize: 2, pageToken: first.nextPageToken! });
    expect(second.journeys.map((j) => j.journeyId)).toContain('p-1');
    expect(second.journeys.map((j) => j.journeyId)).not.toContain('p-other');
    await expect(record.lookupPatient({ nhsNumber: NHS_NUMBER, reason: ' ', principal })).rejects.toBeInstanceOf(LookupError);
    const accessLog = await journeyFactRows(store.db, 'access');
    expect(accessLog.filter((r) => r.kind === 'patient-lookup').map((r) => r.detail)).toContainEqual(expect.objectContaining({
      principalId: 'key-ops-1', reason: 'patient phoned: no reminder', returnedJourneys: ['p-3', 'p-2'],
    }));
    expect(JSON.stringify(accessLog)).not.toContain(NHS_NUMBER);
  });
});
