import { execFile } from 'node:child_process';
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
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
    const files = await readdir(join(dir, COHORT), { recursive: true });
    expect(files).toContain(join('rows', '000000.enc'));
    for (const file of files) {
      if ((await stat(join(dir, COHORT, file))).isDirectory()) continue;
      const text = (await readFile(join(dir, COHORT, file))).toString('latin1');
      expect(text, file).not.toContain('9990000018');
      expect(text, file).not.toContain('Canary Clinic');
    }
    // Another process (a new store over the same directory) reads them, and finds a row by its reference.
    const other = createFileCohortStore({ dir, keys: singleKeyRing(key) });
    expect(await other.rows(COHORT, 1, 2)).toEqual([rows[1]]);
    expect(await other.keys(COHORT, 0, 2)).toEqual(keys);
    expect(await other.findByReference('ref-b')).toEqual({ cohortId: COHORT, row: 1 });
    expect(await other.findByReference('ref-unknown')).toBeUndefined();
    expect(await store.create(meta, rows, keys)).toBe('exists');
    await expect(createFileCohortStore({ dir, keys: singleKeyRing(randomBytes(32)) }).rows(COHORT, 0, 1)).rejects.toThrow();
  });

  it('a cohort saved before rows were paged (one sealed rows.enc) is still read, so a cohort in flight across the upgrade is followed up', async () => {
    const dir = await aDir();
    const key = randomBytes(32);
    // The earlier layout, written independently of the store: every row in one file sealed to the cohort id
    // under the rows key derived from the ring's key, the keys in refs.json, meta.json without a page size.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'notify-journeys/cohort-rows/v1', 32)), iv);
    cipher.setAAD(Buffer.from(COHORT));
    const body = Buffer.concat([cipher.update(JSON.stringify(rows), 'utf8'), cipher.final()]);
    await mkdir(join(dir, COHORT));
    await writeFile(join(dir, COHORT, 'rows.enc'), Buffer.concat([Buffer.from([2]), Buffer.from('k1'), iv, cipher.getAuthTag(), body]));
    await writeFile(join(dir, COHORT, 'refs.json'), JSON.stringify(keys));
    await writeFile(join(dir, COHORT, 'outcomes.jsonl'), '');
    await writeFile(join(dir, COHORT, 'meta.json'), JSON.stringify(meta));

    const store = createFileCohortStore({ dir, keys: singleKeyRing(key) });
    expect(await store.rows(COHORT, 1, 2)).toEqual([rows[1]]);
    expect(await store.keys(COHORT, 0, 2)).toEqual(keys);
    expect(await store.findByReference('ref-b')).toEqual({ cohortId: COHORT, row: 1 });
  });

  const manyRows = (count: number) => ({
    meta: { ...meta, count },
    rows: Array.from({ length: count }, (_, i) => ({ request: { i }, fingerprint: `f${i}` })),
    keys: Array.from({ length: count }, (_, i) => ({ journeyId: `journey-${i}`, messageReference: `ref-${i}` })),
  });

  it('decrypted rows held are bounded by pages, whatever the cohort size or the reads, and none once the cohort is forgotten', async () => {
    const dir = await aDir();
    const key = randomBytes(32);
    const cohort = manyRows(2_500);
    const store = createFileCohortStore({ dir, keys: singleKeyRing(key), rowsPerPage: 100, pagesHeld: 3 });
    await store.create(cohort.meta, cohort.rows, cohort.keys);
    // Saving keeps nothing decrypted; the other process (a gateway) starts with nothing either.
    expect(store.rowsHeld()).toBe(0);
    // A whole-cohort read (a chunk) returns every row, in order, and keeps at most 3 pages.
    expect(await store.rows(COHORT, 0, 2_500)).toEqual(cohort.rows);
    expect(await store.keys(COHORT, 1_234, 1_236)).toEqual(cohort.keys.slice(1_234, 1_236));
    expect(store.rowsHeld()).toBeLessThanOrEqual(300);
    // One row at a time, in any order (callbacks): one page per read at most, never more than 3 held.
    const other = createFileCohortStore({ dir, keys: singleKeyRing(key), pagesHeld: 3 });
    let most = 0;
    for (const row of [2_499, 0, 1_250, 1_251, 99, 100, 1_800, 7]) {
      expect(await other.rows(COHORT, row, row + 1)).toEqual([cohort.rows[row]]);
      most = Math.max(most, other.rowsHeld());
    }
    expect(most).toBe(300);
    // Ranges past the end are cut at the end, as a slice is.
    expect(await other.rows(COHORT, 2_499, 2_600)).toEqual([cohort.rows[2_499]]);
    store.forget(COHORT);
    other.forget(COHORT);
    expect(store.rowsHeld()).toBe(0);
    expect(other.rowsHeld()).toBe(0);
  });

  it('P1: a page of rows copied over another does not decrypt (its place is sealed with it)', async () => {
    const dir = await aDir();
    const key = randomBytes(32);
    const cohort = manyRows(250);
    await createFileCohortStore({ dir, keys: singleKeyRing(key), rowsPerPage: 100 }).create(cohort.meta, cohort.rows, cohort.keys);
    await copyFile(join(dir, COHORT, 'rows', '000000.enc'), join(dir, COHORT, 'rows', '000001.enc'));
    const reader = createFileCohortStore({ dir, keys: singleKeyRing(key) });
    expect(await reader.rows(COHORT, 0, 1)).toEqual([cohort.rows[0]]);
    await expect(reader.rows(COHORT, 100, 101)).rejects.toThrow();
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
