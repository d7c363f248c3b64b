/**
 * Where a cohort's rows live while its workflow works through them: outside Temporal history (a history holds
 * at most 50 MB and every payload is in it), under a directory, the rows encrypted with AES-256-GCM.
 *
 *   <dir>/<cohortId>/meta.json        what the cohort is (type, version, step, count, rows per page): no patient data
 *   <dir>/<cohortId>/refs.json        per row: its journey id and first-step messageReference (derived keys)
 *   <dir>/<cohortId>/rows/<page>.enc  a page of rows (the validated start requests as sent, patient data, with
 *                                     their keys): each page sealed on its own, with the key's id
 *   <dir>/<cohortId>/outcomes.jsonl   per row, what happened: accepted, delivered, failed, refused, followed up
 *
 * Rows are read by range, a page at a time: a process holds at most `pagesHeld` decrypted pages (an LRU over
 * every cohort), never a whole cohort, and `forget` drops a cohort's pages once its sends are done. So a
 * callback for one patient decrypts one page of rows, not 100,000, and patient data is not kept in memory for
 * as long as the process lives.
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
  /** Rows [from, to), decrypted a page at a time. */
  rows(cohortId: string, from: number, to: number): Promise<CohortRow[]>;
  /** The derived keys of rows [from, to). */
  keys(cohortId: string, from: number, to: number): Promise<RowKeys[]>;
  /** Drops this process's decrypted pages of the cohort (its sends are done; a later read decrypts again). */
  forget(cohortId: string): void;
  /** Decrypted rows this process holds now, over every cohort: at most pagesHeld × rowsPerPage. */
  rowsHeld(): number;
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

/** Rows sealed together: a read decrypts the pages its range touches, and no more. */
const DEFAULT_ROWS_PER_PAGE = 1_000;
/** Decrypted pages a process keeps for the next read (single-row reads cluster: callbacks arrive in send order). */
const DEFAULT_PAGES_HELD = 8;

/** What meta.json holds: the caller's meta, and how the store paged the rows. */
interface StoredMeta extends CohortMeta {
  /** Absent in a cohort saved before rows were paged: its rows are one sealed file (openUnpagedRows). */
  readonly rowsPerPage?: number;
}

/** One decrypted page: rows and their keys, from row `page × rowsPerPage`. */
interface Page {
  readonly rows: readonly CohortRow[];
  readonly keys: readonly RowKeys[];
}

export interface FileCohortStoreOptions {
  readonly dir: string;
  readonly keys: CohortKeyRing;
  readonly now?: () => Date;
  /** Rows per sealed page (default 1,000); a cohort keeps the page size it was saved with. */
  readonly rowsPerPage?: number;
  /** Decrypted pages held at once, over every cohort (default 8). */
  readonly pagesHeld?: number;
}

export function createFileCohortStore(options: FileCohortStoreOptions): CohortStore {
  const activeKey = rowsKey(options.keys, options.keys.activeKeyId);
  const now = options.now ?? (() => new Date());
  const rowsPerPage = options.rowsPerPage ?? DEFAULT_ROWS_PER_PAGE;
  if (!Number.isInteger(rowsPerPage) || rowsPerPage < 1) throw new RangeError('rowsPerPage must be a positive integer');
  const pages = new PageCache(options.pagesHeld ?? DEFAULT_PAGES_HELD);
  const byReference = new Map<string, { cohortId: string; row: number }>();
  // meta.json never changes once written (a second create answers 'exists'): read once per cohort.
  const metas = new Map<string, StoredMeta>();
  const loaded = new Set<string>();
  const writers = new Map<string, OutcomesWriter>();
  const pathOf = (cohortId: string, file: string) => {
    if (!COHORT_ID.test(cohortId)) throw new Error('not a cohort id');
    return join(options.dir, cohortId, file);
  };
  const pagePath = (cohortId: string, page: number) => pathOf(cohortId, join('rows', `${String(page).padStart(6, '0')}.enc`));
  // The page's place in the cohort is sealed with it: a page copied over another does not decrypt.
  const pageAad = (cohortId: string, page: number) => Buffer.from(`${cohortId}/rows/${page}`);

  async function loadKeys(cohortId: string): Promise<void> {
    if (loaded.has(cohortId)) return;
    const keys = JSON.parse(await readFile(pathOf(cohortId, 'refs.json'), 'utf8')) as RowKeys[];
    keys.forEach((k, row) => byReference.set(k.messageReference, { cohortId, row }));
    loaded.add(cohortId);
  }

  function seal(cohortId: string, page: number, content: Page): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', activeKey, iv);
    cipher.setAAD(pageAad(cohortId, page));
    const body = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
    const keyId = Buffer.from(options.keys.activeKeyId, 'utf8');
    // <key id length><key id><iv><tag><ciphertext>
    return Buffer.concat([Buffer.from([keyId.length]), keyId, iv, cipher.getAuthTag(), body]);
  }

  /** Opens what `seal` wrote (<key id length><key id><iv><tag><ciphertext>), bound to `aad`. */
  function unseal(file: Buffer, aad: Buffer): unknown {
    const idEnd = 1 + file[0]!;
    const sealed = file.subarray(idEnd);
    const decipher = createDecipheriv('aes-256-gcm', rowsKey(options.keys, file.subarray(1, idEnd).toString('utf8')), sealed.subarray(0, IV_BYTES));
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  }

  async function openPage(cohortId: string, page: number): Promise<Page> {
    return unseal(await readFile(pagePath(cohortId, page)), pageAad(cohortId, page)) as Page;
  }

  /**
   * A cohort saved before rows were paged (rows.enc sealed to the cohort id, its keys in refs.json) reads as one
   * page of all its rows, so a cohort in flight across the upgrade is still followed up.
   */
  async function openUnpagedRows(cohortId: string): Promise<Page> {
    const rows = unseal(await readFile(pathOf(cohortId, 'rows.enc')), Buffer.from(cohortId)) as CohortRow[];
    const keys = JSON.parse(await readFile(pathOf(cohortId, 'refs.json'), 'utf8')) as RowKeys[];
    return { rows, keys };
  }

  /** Each page of rows [from, to) in turn, with the part of the range in it. */
  async function readRange<T>(cohortId: string, from: number, to: number, take: (page: Page, start: number, end: number) => readonly T[]): Promise<T[]> {
    const meta: StoredMeta | undefined = await store.meta(cohortId);
    if (meta === undefined) throw new Error('unknown cohort');
    const paged = meta.rowsPerPage !== undefined;
    const perPage = meta.rowsPerPage ?? Math.max(1, meta.count);
    const last = Math.min(to, meta.count);
    const out: T[] = [];
    for (let row = Math.max(0, from); row < last;) {
      const page = Math.floor(row / perPage);
      const first = page * perPage;
      const end = Math.min(last, first + perPage);
      const content = await pages.get(cohortId, page, () => (paged ? openPage(cohortId, page) : openUnpagedRows(cohortId)));
      out.push(...take(content, row - first, end - first));
      row = end;
    }
    return out;
  }

  async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
    await writeFile(`${path}.tmp`, data);
    await rename(`${path}.tmp`, path);
  }

  const store: CohortStore = {
    async create(meta, rows, keys) {
      if (rows.length !== meta.count || keys.length !== meta.count) throw new Error('a cohort needs one row and one key per patient');
      if (await store.meta(meta.cohortId) !== undefined) return 'exists';
      await mkdir(join(options.dir, meta.cohortId, 'rows'), { recursive: true });
      for (let page = 0; page * rowsPerPage < meta.count; page += 1) {
        const from = page * rowsPerPage;
        const content = { rows: rows.slice(from, from + rowsPerPage), keys: keys.slice(from, from + rowsPerPage) };
        await writeAtomically(pagePath(meta.cohortId, page), seal(meta.cohortId, page, content));
      }
      await writeAtomically(pathOf(meta.cohortId, 'refs.json'), JSON.stringify(keys));
      await appendFile(pathOf(meta.cohortId, 'outcomes.jsonl'), '');
      // meta.json last: a cohort without it is a half-written one, never read as saved.
      const stored: StoredMeta = { ...meta, rowsPerPage };
      await writeAtomically(pathOf(meta.cohortId, 'meta.json'), JSON.stringify(stored));
      await loadKeys(meta.cohortId);
      return 'created';
    },

    async meta(cohortId) {
      const known = metas.get(cohortId);
      if (known !== undefined) return known;
      try {
        const meta = JSON.parse(await readFile(pathOf(cohortId, 'meta.json'), 'utf8')) as StoredMeta;
        metas.set(cohortId, meta);
        return meta;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },

    rows: (cohortId, from, to) => readRange(cohortId, from, to, (page, start, end) => page.rows.slice(start, end)),

    keys: (cohortId, from, to) => readRange(cohortId, from, to, (page, start, end) => page.keys.slice(start, end)),

    forget: (cohortId) => pages.forget(cohortId),

    rowsHeld: () => pages.rowsHeld(),

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

/**
 * The decrypted pages a process holds: at most `capacity`, least recently used out first, over every cohort.
 * A page being decrypted is held as its promise, so readers of the same page at once decrypt it once.
 */
class PageCache {
  private readonly held = new Map<string, { readonly cohortId: string; readonly page: Promise<Page>; rows: number }>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('pagesHeld must be a positive integer');
  }

  async get(cohortId: string, page: number, open: () => Promise<Page>): Promise<Page> {
    const key = `${cohortId}/${page}`;
    const found = this.held.get(key);
    if (found !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.held.delete(key);
      this.held.set(key, found);
      return found.page;
    }
    const entry = { cohortId, page: open(), rows: 0 };
    this.held.set(key, entry);
    for (const oldest of this.held.keys()) {
      if (this.held.size <= this.capacity) break;
      this.held.delete(oldest);
    }
    try {
      const content = await entry.page;
      entry.rows = content.rows.length;
      return content;
    } catch (error) {
      if (this.held.get(key) === entry) this.held.delete(key);
      throw error;
    }
  }

  forget(cohortId: string): void {
    for (const [key, entry] of this.held) if (entry.cohortId === cohortId) this.held.delete(key);
  }

  rowsHeld(): number {
    let rows = 0;
    for (const entry of this.held.values()) rows += entry.rows;
    return rows;
  }
}
