import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileCohortStore, singleKeyRing, type CohortMeta } from '../../../src/cohorts/cohort-store';

const COHORT = 'cohort-abcdefghijklmnopqrstuvwxyz234567';
const meta: CohortMeta = { cohortId: COHORT, journeyType: 'appointment-reminder', journeyVersion: 1, stepId: 'nhsapp', channel: 'nhsapp', count: 2, createdAt: '2026-12-01T09:00:00.000Z' };
const rows = [
  { request: { patient: { nhsNumber: '9990000018' }, personalisation: { clinicName: 'Canary Clinic' } }, fingerprint: 'f1' },
  { request: { patient: { nhsNumber: '9990000026' }, personalisation: { clinicName: 'Canary Clinic' } }, fingerprint: 'f2' },
];
const keys = [{ journeyId: 'journey-a', messageReference: 'ref-a' }, { journeyId: 'journey-b', messageReference: 'ref-b' }];

describe('the cohort store: rows encrypted outside history, outcomes per row', () => {
  const dirs: string[] = [];
  afterEach(async () => { await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))); });
  const aDir = async () => { const d = await mkdtemp(join(tmpdir(), 'cohort-store-')); dirs.push(d); return d; };

  it('P1: no file holds an NHS number or personalisation value in plaintext; the rows come back decrypted', async () => {
    const dir = await aDir();
    const key = randomBytes(32);
    const store = createFileCohortStore({ dir, keys: singleKeyRing(key) });
    expect(await store.create(meta, rows, keys)).toBe('created');
    for (const file of await readdir(join(dir, COHORT))) {
      const text = (await readFile(join(dir, COHORT, file))).toString('latin1');
      expect(text, file).not.toContain('9990000018');
      expect(text, file).not.toContain('Canary Clinic');
    }
    // Another process (a new store over the same directory) reads them, and finds a row by its reference.
    const other = createFileCohortStore({ dir, keys: singleKeyRing(key) });
    expect(await other.rows(COHORT, 1, 2)).toEqual([rows[1]]);
    expect(await other.findByReference('ref-b')).toEqual({ cohortId: COHORT, row: 1 });
    expect(await other.findByReference('ref-unknown')).toBeUndefined();
    expect(await store.create(meta, rows, keys)).toBe('exists');
    await expect(createFileCohortStore({ dir, keys: singleKeyRing(randomBytes(32)) }).rows(COHORT, 0, 1)).rejects.toThrow();
  });

  it('a final status is never undone by a late "accepted", and the summary counts every row', async () => {
    const store = createFileCohortStore({ dir: await aDir(), keys: singleKeyRing(randomBytes(32)) });
    await store.create(meta, rows, keys);
    await store.record(COHORT, [{ row: 0, status: 'delivered', messageId: 'm0' }]);
    await store.record(COHORT, [{ row: 0, status: 'accepted' }, { row: 1, status: 'accepted', messageId: 'm1' }]);
    const outcomes = await store.outcomes(COHORT);
    expect(outcomes.get(0)).toMatchObject({ status: 'delivered', messageId: 'm0' });
    expect(outcomes.get(1)).toMatchObject({ status: 'accepted', messageId: 'm1' });
    expect((await store.summary(COHORT))?.byStatus).toMatchObject({ delivered: 1, accepted: 1, not_sent: 0 });
    expect(await store.summary('cohort-22222222222222222222222222222222')).toBeUndefined();
  });

  it('a burst of 5,000 concurrent outcomes under a 128 open-files limit: every one recorded through one handle, no EMFILE', async () => {
    const dir = await aDir();
    const script = join(__dirname, 'support', 'record-burst-process.ts');
    const tsx = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
    const { stdout } = await promisify(execFile)('sh', ['-c', 'ulimit -n 128 && exec "$0" "$@"', tsx, script, dir, '5000'], { timeout: 120_000 });
    const summary = JSON.parse(stdout) as { count: number; byStatus: Record<string, number> };
    expect(summary).toMatchObject({ count: 5000, byStatus: { delivered: 5000, not_sent: 0 } });
  }, 150_000);
});
