/**
 * Where a cohort's rows live while its workflow works through them: outside Temporal history (a history holds
 * at most 50 MB and every payload is in it), under a directory, the rows encrypted with AES-256-GCM.
 *
 *   <dir>/<cohortId>/meta.json      what the cohort is (type, version, step, count): no patient data
 *   <dir>/<cohortId>/refs.json      per row: its journey id and first-step messageReference (derived keys)
 *   <dir>/<cohortId>/rows.enc       the validated start requests as sent (patient data): encrypted, with the key's id
 *   <dir>/<cohortId>/outcomes.jsonl per row, what happened: accepted, delivered, failed, refused, followed up
 *
 * The outcomes file is append-only and read whole: the last line for a row wins, and a fact repeated (a
 * callback redelivered) changes nothing. One process may write rows; several may append outcomes (a gateway
 * and a worker sharing DATA_DIR). Rows are found by messageReference for the callback gateway. A process keeps
 * one append handle per cohort and writes through it one write at a time (what waits meanwhile goes in the
 * next write): a burst of 100,000 callbacks is a few hundred writes on one descriptor, not 100,000 opens.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, writeFile, appendFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Channel } from '../domain/channel';

export interface CohortMeta {
  readonly cohortId: string;
  readonly journeyType: string;
  readonly journeyVersion: number;
  readonly stepId: string;
  readonly channel: Channel;
  /** Patients whose first step goes in the batches (the rows). */
  readonly count: number;
  /** Patients of the request started as ordinary journeys instead (their first step was not due yet). */
  readonly startedSingly?: number;
  /** Rows of the request naming a journey an earlier row named: kept once. */
  readonly repeated?: number;
  /** Fingerprint of the request that made the cohort: the same reference with another request is a conflict. */
  readonly requestHash?: string;
  readonly createdAt: string;
}

/** One patient of a cohort: the start request as the client sent it (validated) and its fingerprint. */
export interface CohortRow {
  readonly request: unknown;
  readonly fingerprint: string;
}

export interface RowKeys {
  readonly journeyId: string;
  readonly messageReference: string;
}

const ROW_STATUSES = ['accepted', 'delivered', 'failed', 'refused', 'followed_up'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];
const STATUS_FLAG: Readonly<Record<RowStatus, number>> = { accepted: 1, delivered: 2, failed: 4, refused: 8, followed_up: 16 };

export interface RowOutcome {
  readonly row: number;
  readonly status: RowStatus;
  readonly failureCode?: string;
  readonly messageId?: string;
  readonly at: string;
}

export interface CohortSummary {
  readonly count: number;
  /** Each row by its latest outcome. */
  readonly byStatus: Readonly<Record<RowStatus | 'not_sent', number>>;
  /** Rows that ever had each outcome (a followed-up row was also accepted, or refused, or failed). */
  readonly ever: Readonly<Record<RowStatus, number>>;
}

export interface CohortStore {
  /** 'exists' when a cohort with this id was saved before (the rows are not replaced). */
  create(meta: CohortMeta, rows: readonly CohortRow[], keys: readonly RowKeys[]): Promise<'created' | 'exists'>;
  meta(cohortId: string): Promise<CohortMeta | undefined>;
  rows(cohortId: string, from: number, to: number): Promise<CohortRow[]>;
  keys(cohortId: string): Promise<readonly RowKeys[]>;
  /** The cohort row that sent this messageReference, if any cohort did. */
  findByReference(messageReference: string): Promise<{ readonly cohortId: string; readonly row: number } | undefined>;
  record(cohortId: string, outcomes: readonly Omit<RowOutcome, 'at'>[]): Promise<void>;
  /** The latest outcome of every row that has one. */
  outcomes(cohortId: string): Promise<ReadonlyMap<number, RowOutcome>>;
  summary(cohortId: string): Promise<CohortSummary | undefined>;
  /** Waits for outcomes being written and closes this process's append handles. */
  close(): Promise<void>;
}

/** One cohort's outcomes file, appended through one handle, one write at a time; lines queued meanwhile go in the next. */
interface OutcomesWriter {
  append(text: string): Promise<void>;
  /** Resolves when everything appended so far is written. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

function outcomesWriter(path: string): OutcomesWriter {
  let handle: Promise<FileHandle> | undefined;
  let queued: string[] = [];
  let waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let writing: Promise<void> = Promise.resolve();

  async function writeQueued(): Promise<void> {
    const text = queued.join('');
    const settle = waiting;
    queued = [];
    waiting = [];
    try {
      handle ??= open(path, 'a');
      const file = await handle.catch((error: unknown) => {
        handle = undefined;
        throw error;
      });
      await file.appendFile(text);
      for (const w of settle) w.resolve();
    } catch (error) {
      for (const w of settle) w.reject(error);
    }
  }

  return {
    append(text) {
      const done = new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
      if (queued.push(text) === 1) writing = writing.then(writeQueued);
      return done;
    },
    flushed: () => writing,
    async close() {
      await writing;
      const opened = handle;
      handle = undefined;
      if (opened !== undefined) await (await opened).close();
    },
  };
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const COHORT_ID = /^cohort-[a-z2-7]{32}$/;

/** Keys by id, and the one new cohorts are sealed under (the payload encryption key ring: rotation works the same). */
export interface CohortKeyRing {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Uint8Array>;
}

/** A ring of one key, for tests and the benchmark. */
export function singleKeyRing(key: Uint8Array): CohortKeyRing {
  return { activeKeyId: 'k1', keys: new Map([['k1', key]]) };
}

/** Its own key per purpose: the rows are never sealed under the very key that seals Temporal payloads. */
function rowsKey(ring: CohortKeyRing, keyId: string): Buffer {
  const key = ring.keys.get(keyId);
  if (key === undefined) throw new Error(`the cohort was sealed under key ${keyId}, which is not in the key ring`);
  if (key.length !== KEY_BYTES) throw new Error(`the cohort store key must be ${KEY_BYTES} bytes`);
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'notify-journeys/cohort-rows/v1', KEY_BYTES));
}

export function createFileCohortStore(options: { readonly dir: string; readonly keys: CohortKeyRing; readonly now?: () => Date }): CohortStore {
  const activeKey = rowsKey(options.keys, options.keys.activeKeyId);
  const now = options.now ?? (() => new Date());
  const byReference = new Map<string, { cohortId: string; row: number }>();
  const loaded = new Set<string>();
  const rowCache = new Map<string, CohortRow[]>();
  const writers = new Map<string, OutcomesWriter>();
  const pathOf = (cohortId: string, file: string) => {
    if (!COHORT_ID.test(cohortId)) throw new Error('not a cohort id');
    return join(options.dir, cohortId, file);
  };

  async function loadKeys(cohortId: string): Promise<readonly RowKeys[]> {
    const keys = JSON.parse(await readFile(pathOf(cohortId, 'refs.json'), 'utf8')) as RowKeys[];
    if (!loaded.has(cohortId)) {
      keys.forEach((k, row) => byReference.set(k.messageReference, { cohortId, row }));
      loaded.add(cohortId);
    }
    return keys;
  }

  async function allRows(cohortId: string): Promise<CohortRow[]> {
    const cached = rowCache.get(cohortId);
    if (cached !== undefined) return cached;
    const file = await readFile(pathOf(cohortId, 'rows.enc'));
    // <key id length><key id><iv><tag><ciphertext>
    const idEnd = 1 + file[0]!;
    const sealed = file.subarray(idEnd);
    const decipher = createDecipheriv('aes-256-gcm', rowsKey(options.keys, file.subarray(1, idEnd).toString('utf8')), sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(cohortId));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    const rows = JSON.parse(plain.toString('utf8')) as CohortRow[];
    rowCache.set(cohortId, rows);
    return rows;
  }

  async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
    await writeFile(`${path}.tmp`, data);
    await rename(`${path}.tmp`, path);
  }

  const store: CohortStore = {
    async create(meta, rows, keys) {
      if (rows.length !== meta.count || keys.length !== meta.count) throw new Error('a cohort needs one row and one key per patient');
      if (await store.meta(meta.cohortId) !== undefined) return 'exists';
      await mkdir(join(options.dir, meta.cohortId), { recursive: true });
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', activeKey, iv);
      cipher.setAAD(Buffer.from(meta.cohortId));
      const body = Buffer.concat([cipher.update(JSON.stringify(rows), 'utf8'), cipher.final()]);
      const keyId = Buffer.from(options.keys.activeKeyId, 'utf8');
      await writeAtomically(pathOf(meta.cohortId, 'rows.enc'), Buffer.concat([Buffer.from([keyId.length]), keyId, iv, cipher.getAuthTag(), body]));
      await writeAtomically(pathOf(meta.cohortId, 'refs.json'), JSON.stringify(keys));
      await appendFile(pathOf(meta.cohortId, 'outcomes.jsonl'), '');
      // meta.json last: a cohort without it is a half-written one, never read as saved.
      await writeAtomically(pathOf(meta.cohortId, 'meta.json'), JSON.stringify(meta));
      rowCache.set(meta.cohortId, [...rows]);
      await loadKeys(meta.cohortId);
      return 'created';
    },

    async meta(cohortId) {
      try {
        return JSON.parse(await readFile(pathOf(cohortId, 'meta.json'), 'utf8')) as CohortMeta;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },

    async rows(cohortId, from, to) {
      return (await allRows(cohortId)).slice(from, to);
    },

    keys: loadKeys,

    async findByReference(messageReference) {
      const known = byReference.get(messageReference);
      if (known !== undefined) return known;
      // A cohort saved by another process since: load the ones not seen yet.
      const names = await readdir(options.dir).catch(() => [] as string[]);
      for (const cohortId of names.filter((n) => COHORT_ID.test(n) && !loaded.has(n))) {
        if (await store.meta(cohortId) !== undefined) await loadKeys(cohortId);
      }
      return byReference.get(messageReference);
    },

    async record(cohortId, outcomes) {
      if (outcomes.length === 0) return;
      const at = now().toISOString();
      let writer = writers.get(cohortId);
      if (writer === undefined) {
        writer = outcomesWriter(pathOf(cohortId, 'outcomes.jsonl'));
        writers.set(cohortId, writer);
      }
      await writer.append(outcomes.map((o) => `${JSON.stringify({ ...o, at })}\n`).join(''));
    },

    async outcomes(cohortId) {
      await writers.get(cohortId)?.flushed();
      const text = await readFile(pathOf(cohortId, 'outcomes.jsonl'), 'utf8');
      const latest = new Map<number, RowOutcome>();
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        const outcome = JSON.parse(line) as RowOutcome;
        const before = latest.get(outcome.row);
        // A final status is never undone by a late "accepted" (callbacks can overtake the batch's answer).
        if (before !== undefined && before.status !== 'accepted' && outcome.status === 'accepted') continue;
        latest.set(outcome.row, before?.messageId !== undefined && outcome.messageId === undefined ? { ...outcome, messageId: before.messageId } : outcome);
      }
      return latest;
    },

    async summary(cohortId) {
      const meta = await store.meta(cohortId);
      if (meta === undefined) return undefined;
      const byStatus = { not_sent: 0, accepted: 0, delivered: 0, failed: 0, refused: 0, followed_up: 0 };
      const outcomes = await store.outcomes(cohortId);
      for (const outcome of outcomes.values()) byStatus[outcome.status] += 1;
      byStatus.not_sent = meta.count - outcomes.size;
      const flags = new Uint8Array(meta.count);
      for (const line of (await readFile(pathOf(cohortId, 'outcomes.jsonl'), 'utf8')).split('\n')) {
        if (line.trim() === '') continue;
        const outcome = JSON.parse(line) as RowOutcome;
        if (outcome.row >= 0 && outcome.row < meta.count) flags[outcome.row]! |= STATUS_FLAG[outcome.status];
      }
      const ever = { accepted: 0, delivered: 0, failed: 0, refused: 0, followed_up: 0 };
      for (const flag of flags) for (const status of ROW_STATUSES) if ((flag & STATUS_FLAG[status]) !== 0) ever[status] += 1;
      return { count: meta.count, byStatus, ever };
    },

    async close() {
      const closing = [...writers.values()];
      writers.clear();
      await Promise.all(closing.map((w) => w.close()));
    },
  };
  return store;
}
