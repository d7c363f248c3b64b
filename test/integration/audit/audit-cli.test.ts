import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOwner, openTestAuditStore, type TestAuditStore } from '../../support/audit-store';
import { notifyJourneys } from '../../support/cli';

const NHS_NUMBER = '9990548609';

describe('npx notify-journeys audit', () => {
  let store: TestAuditStore;
  let dir: string;
  beforeAll(async () => {
    store = await openTestAuditStore('postgres');
    dir = mkdtempSync(join(tmpdir(), 'notify-audit-cli-'));
    for (const id of ['journey-a', 'journey-b']) {
      await store.recorder.record({
        journeyId: id, journeyType: 'appointment-reminder', nhsNumber: NHS_NUMBER,
        facts: [{ key: 'started', kind: 'journey-started', at: Date.UTC(2026, 3, 1), detail: { journeyType: 'appointment-reminder' } },
          { key: 'finished', kind: 'journey-finished', at: Date.UTC(2026, 3, 2), detail: { outcome: 'delivered', note: 'a "quoted", comma' } }],
      });
    }
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => notifyJourneys(['audit', ...args], { TIER: 'local', DATA_DIR: dir, AUDIT_DATABASE_URL: store.db.url });

  it('K10: export writes the facts in range as CSV or JSON lines, the patient only as a keyed pseudonym', async () => {
    const csvFile = join(dir, 'out.csv');
    const csv = await cli('export', '--from', '2026-04-01', '--to', '2026-05-01', '--format', 'csv', '--output', csvFile);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toContain('exported 4 facts');
    const lines = readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('journeyId,journeyType,seq,kind,occurredAt,recordedAt,patientPseudonym,patientKeyId,detail,hash');
    expect(lines).toHaveLength(5);
    const jsonl = await cli('export', '--from', '2026-04-02', '--to', '2026-05-01', '--format', 'jsonl');
    const rows = jsonl.stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; patientPseudonym: string; detail: { note?: string } });
    expect(rows.map((r) => r.kind)).toEqual(['journey-finished', 'journey-finished']);
    expect(rows[0]!.detail.note).toBe('a "quoted", comma');
    expect(rows[0]!.patientPseudonym).toMatch(/^[0-9a-f]{64}$/);
    expect(csv.stdout + jsonl.stdout + readFileSync(csvFile, 'utf8')).not.toContain(NHS_NUMBER);
    expect((await cli('export', '--from', 'yesterday', '--to', '2026-05-01')).code).toBe(1);
  }, 120_000);

  it('K3: verify passes an intact record and names the first broken link of a tampered one (exit 1)', async () => {
    const intact = await cli('verify');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^OK: 4 facts in 2 chains verified/m);
    await asOwner(store, async (c) => {
      await c.query('ALTER TABLE audit_fact DISABLE TRIGGER audit_fact_append_only');
      await c.query(`DELETE FROM audit_fact WHERE partition_key = 'journey-b' AND seq = 1`);
      await c.query('ALTER TABLE audit_fact ENABLE TRIGGER audit_fact_append_only');
    });
    const broken = await cli('verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('BROKEN: chain journey-b, fact 2: sequence-gap');
  }, 120_000);
});
