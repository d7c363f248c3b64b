/**
 * Remembers which callback idempotency keys were already handed to a journey (S6), so NHS Notify's
 * at-least-once retries cost nothing. Bounded in both time and size. This is an optimisation: the workflow
 * ignores duplicate keys too (R14), so evicting an entry early can cost a signal, never a wrong state.
 *
 * Concurrent deliveries of one key share a single in-flight call. A failed call is forgotten, so the
 * sender's retry runs again (a 503 must never be remembered as "done").
 */
export const NHS_CALLBACK_RETRY_WINDOW_MS = 2 * 60 * 60 * 1000;
export const DEFAULT_DEDUPE_TTL_MS = NHS_CALLBACK_RETRY_WINDOW_MS + 60 * 60 * 1000;
export const DEFAULT_DEDUPE_MAX_ENTRIES = 100_000;

export interface DedupeOptions {
  /** How long a handled key is remembered; at least NHS Notify's 2 h retry window. Default 3 h. */
  readonly ttlMs?: number;
  /** Oldest entries are evicted beyond this. Default 100 000 (~20 MB). */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

interface Entry<T> {
  readonly promise: Promise<T>;
  expiresAt: number;
}

export interface DedupeResult<T> {
  readonly result: T;
  /** False when the result came from an earlier or concurrent call with the same key. */
  readonly firstTime: boolean;
}

export class CallbackDedupeStore<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: DedupeOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_DEDUPE_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
    if (!(this.ttlMs >= NHS_CALLBACK_RETRY_WINDOW_MS)) {
      throw new RangeError('callback dedupe TTL must cover NHS Notify\'s 2 hour retry window');
    }
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  /** Run `work` at most once per live key. */
  async once(key: string, work: () => Promise<T>): Promise<DedupeResult<T>> {
    this.sweep();
    const existing = this.entries.get(key);
    if (existing !== undefined) return { result: await existing.promise, firstTime: false };

    const entry: Entry<T> = { promise: work(), expiresAt: Number.POSITIVE_INFINITY };
    this.insert(key, entry);
    try {
      const result = await entry.promise;
      // Re-insert at settle time so Map order stays expiry order and the sweep can stop at the first live entry.
      entry.expiresAt = this.now() + this.ttlMs;
      if (this.entries.get(key) === entry) {
        this.entries.delete(key);
        this.entries.set(key, entry);
      }
      return { result, firstTime: true };
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  private insert(key: string, entry: Entry<T>): void {
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt === Number.POSITIVE_INFINITY) continue;
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
