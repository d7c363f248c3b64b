import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommunicationsRecord } from '../../../src/audit/communications-record';
import { expireRecords, RETENTION_PARTITION } from '../../../src/audit/retention';
import { journeyFactRows } from '../../../src/audit/store/fact-store';
import { verifyChains } from '../../../src/audit/store/verify-chain';
import { parsePatientKeys } from '../../../src/audit/patient-key';
import { createFactRecorder } from '../../../src/audit/fact-recorder';
import { createLogger } from '../../../src/observability/logger';
import { openTestAuditStore, SERVER_URL, type TestAuditStore } from '../../support/audit-store';

const run = promisify(execFile);
const PG_DUMP = ['/usr/lib/postgresql/15/bin/pg_dump', 'pg_dump'].find((p) => p === 'pg_dump' || existsSync(p))!;
const CANARY = { nhsNumber: '9990548609', name: 'Canary Clinic Patient Zzyzx', phone: '07700900123', email: 'canary.zzyzx@example.nhs.uk' };
const principal = { id: 'key-ops-1', role: 'operations' };

describe('the communications record holds no patient data, and expires by the configured retention', () => {
  let store: TestAuditStore;
  beforeAll(async () => { store = await openTestAuditStore('postgres'); }, 60_000);
  afterAll(async () => { await store?.close(); });

  it('K11: a pg_dump of the record has no canary NHS number, name, phone or email, though the patient is found by NHS number', async () => {
    await store.recorder.record({
      journeyId: 'journey-canary', journeyType: 'appointment-reminder', nhsNumber: CANARY.nhsNumber,
      facts: [{ key: 'started', kind: 'journey-started', at: Date.now(), detail: { personalisationFields: ['patientName', 'clinicPhone'] } }],
    });
    const record = createCommunicationsRecord(store.db, store.keys);
    expect((await record.lookupPatient({ nhsNumber: CANARY.nhsNumber, reason: 'canary scan', principal })).journeys).toHaveLength(1);
    const url = new URL(SERVER_URL);
    url.pathname = `/${store.databaseName!}`;
    const { stdout } = await run(PG_DUMP, ['--data-only', '--no-owner', url.toString()], { maxBuffer: 64 * 1024 * 1024 });
    expect(stdout).toContain('journey-canary');
    for (const value of Object.values(CANARY)) expect(stdout).not.toContain(value);
    expect(stdout).not.toMatch(/\b999\s?054\s?8609\b/);
  });

  it('K7: a rotated patient key still finds rows written under the old key', async () => {
    const oldKeys = store.keys;
    const old = [...oldKeys.keys][0]!;
    const rotated = parsePatientKeys([`${old[0]}=${old[1].toString('base64')}`, `test-2=${Buffer.alloc(32, 7).toString('base64')}`]);
    const recorder = createFactRecorder({ db: store.db, keys: rotated, backlog: store.backlog, logger: createLogger({ level: 'silent' }) });
    await recorder.record({ journeyId: 'journey-after-rotation', journeyType: 'appointment-reminder', nhsNumber: CANARY.nhsNumber, facts: [{ key: 'started', kind: 'journey-started', at: Date.now() + 1, detail: {} }] });
    await recorder.stop();
    const found = await createCommunicationsRecord(store.db, rotated).lookupPatient({ nhsNumber: CANARY.nhsNumber, reason: 'after rotation', principal });
    expect(found.journeys.map((j) => j.journeyId)).toEqual(['journey-after-rotation', 'journey-canary']);
    expect((await journeyFactRows(store.db, 'journey-after-rotation'))[0]?.patientKeyId).toBe('test-2');
  });

  it('K8: expiry removes whole finished journeys older than the retention, records the run, and leaves every chain whole', async () => {
    const day = 24 * 60 * 60 * 1000;
    const now = Date.now();
    const batch = (journeyId: string, at: number, finished: boolean) => store.recorder.record({
      journeyId, journeyType: 'appointment-reminder', nhsNumber: CANARY.nhsNumber,
      facts: [{ key: 'started', kind: 'journey-started', at, detail: {} }, ...(finished ? [{ key: 'finished', kind: 'journey-finished' as const, at: at + 1, detail: { outcome: 'delivered' } }] : [])],
    });
    await batch('journey-old-finished', now - 400 * day, true);
    await batch('journey-old-running', now - 400 * day, false);
    await batch('journey-recent', now - 10 * day, true);
    const expired = await expireRecords(store.db, { retentionDays: 365, now });
    expect(expired).toMatchObject({ journeys: 1, facts: 2 });
    expect(await journeyFactRows(store.db, 'journey-old-finished')).toEqual([]);
    expect(await journeyFactRows(store.db, 'journey-old-running')).toHaveLength(1);
    expect(await journeyFactRows(store.db, 'journey-recent')).toHaveLength(2);
    const runs = await journeyFactRows(store.db, RETENTION_PARTITION);
    expect(runs.at(-1)?.detail).toMatchObject({ retentionDays: 365, journeys: 1, expiredJourneys: ['journey-old-finished'] });
    expect((await verifyChains(store.db)).broken).toBeUndefined();
    // Outside the expiry function the service still cannot delete.
    await expect(store.db.withClient((c) => c.query(`DELETE FROM audit_fact WHERE partition_key = 'journey-recent'`))).rejects.toThrow(/permission denied/);
  });
});
