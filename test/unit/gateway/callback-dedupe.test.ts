import { describe, expect, it } from 'vitest';
import { CallbackDedupeStore, DEFAULT_DEDUPE_TTL_MS, NHS_CALLBACK_RETRY_WINDOW_MS } from '../../../src/gateway/callbacks/callback-dedupe';

const HOUR = 60 * 60 * 1000;

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

describe('callback dedupe store', () => {
  it('S6: the default TTL covers NHS Notify\'s 2 h retry window plus an hour of margin', () => {
    expect(DEFAULT_DEDUPE_TTL_MS).toBe(NHS_CALLBACK_RETRY_WINDOW_MS + HOUR);
    expect(() => new CallbackDedupeStore({ ttlMs: 2 * HOUR - 1 })).toThrow(RangeError);
    expect(() => new CallbackDedupeStore({ ttlMs: Number.NaN })).toThrow(RangeError);
    expect(() => new CallbackDedupeStore({ maxEntries: 0 })).toThrow(RangeError);
  });

  it('S6: a key runs once; 100 concurrent callers share the one in-flight call', async () => {
    const store = new CallbackDedupeStore<string>();
    let calls = 0;
    const work = async (): Promise<string> => { calls += 1; await new Promise((r) => setTimeout(r, 10)); return 'delivered'; };
    const results = await Promise.all(Array.from({ length: 100 }, () => store.once('k1', work)));
    expect(calls).toBe(1);
    expect(results.filter((r) => r.firstTime)).toHaveLength(1);
    expect(new Set(results.map((r) => r.result))).toEqual(new Set(['delivered']));
    expect((await store.once('k1', work)).firstTime).toBe(false);
    expect(calls).toBe(1);
  });

  it('S6: a failed call is forgotten so the sender\'s retry runs again', async () => {
    const store = new CallbackDedupeStore<string>();
    await expect(store.once('k', () => Promise.reject(new Error('temporal down')))).rejects.toThrow('temporal down');
    expect(store.size).toBe(0);
    expect(await store.once('k', () => Promise.resolve('delivered'))).toEqual({ result: 'delivered', firstTime: true });
  });

  it('S6: a key is remembered until the TTL passes, then runs again', async () => {
    const c = clock();
    const store = new CallbackDedupeStore<number>({ ttlMs: 3 * HOUR, now: c.now });
    let calls = 0;
    const work = (): Promise<number> => Promise.resolve(++calls);
    await store.once('k', work);
    c.advance(3 * HOUR - 1);
    expect((await store.once('k', work)).firstTime).toBe(false);
    c.advance(1);
    expect(await store.once('k', work)).toEqual({ result: 2, firstTime: true });
  });

  it('expired entries are swept, and size never exceeds maxEntries (oldest evicted first)', async () => {
    const c = clock();
    const store = new CallbackDedupeStore<number>({ maxEntries: 50, now: c.now });
    for (let i = 0; i < 200; i += 1) await store.once(`k${i}`, () => Promise.resolve(i));
    expect(store.size).toBe(50);
    expect((await store.once('k199', () => Promise.resolve(-1))).firstTime).toBe(false);
    expect((await store.once('k0', () => Promise.resolve(-1))).firstTime).toBe(true);
    c.advance(DEFAULT_DEDUPE_TTL_MS);
    await store.once('fresh', () => Promise.resolve(0));
    expect(store.size).toBe(1);
  });
});
