/**
 * Caches the access token for its `expires_in` and refreshes it early, with single-flight: however many
 * callers arrive on a cold or stale cache, one token request is made and all of them await it (A2).
 * A failed fetch is remembered for a short cooldown so an outage of the token endpoint is not hammered
 * by every waiting send (R18); the failure is rethrown to callers during the cooldown.
 */
import type { Clock } from './clock';
import type { IssuedToken } from './token-endpoint';

export interface TokenCacheOptions {
  readonly fetch: () => Promise<IssuedToken>;
  readonly clock: Clock;
  /** Refresh when less than this remains... */
  readonly refreshSkewMs?: number;
  /** ...or less than this fraction of the lifetime, whichever is larger (never more than half the lifetime). */
  readonly refreshFraction?: number;
  readonly failureCooldownMs?: number;
}

export interface TokenCache {
  get(): Promise<string>;
  /** Drop the cached token, but only if it is still the one that was rejected (avoids a refresh stampede). */
  invalidate(rejectedToken: string): void;
  /** Token fetches started so far. */
  fetchCount(): number;
}

interface Cached {
  readonly value: string;
  readonly refreshAtMs: number;
}

export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const skewMs = options.refreshSkewMs ?? 15_000;
  const fraction = options.refreshFraction ?? 0.1;
  const cooldownMs = options.failureCooldownMs ?? 1_000;
  const { clock } = options;
  let cached: Cached | undefined;
  let inFlight: Promise<string> | undefined;
  let lastFailure: { atMs: number; error: Error } | undefined;
  let fetches = 0;

  async function refresh(): Promise<string> {
    fetches += 1;
    const requestedAtMs = clock.now();
    try {
      // Defer the fetch a microtask so `inFlight` is set before any outcome (even a synchronous throw) clears it.
      const token = await Promise.resolve().then(options.fetch);
      // Count the lifetime from when we ASKED, so time spent waiting for the answer is not over-trusted.
      const marginMs = Math.min(Math.max(skewMs, token.expiresInMs * fraction), token.expiresInMs / 2);
      cached = { value: token.accessToken, refreshAtMs: requestedAtMs + token.expiresInMs - marginMs };
      lastFailure = undefined;
      return token.accessToken;
    } catch (error) {
      lastFailure = { atMs: clock.now(), error: error instanceof Error ? error : new Error('token fetch failed') };
      throw error;
    } finally {
      inFlight = undefined;
    }
  }

  return {
    get: () => {
      const now = clock.now();
      if (cached !== undefined && now < cached.refreshAtMs) return Promise.resolve(cached.value);
      if (inFlight !== undefined) return inFlight;
      if (lastFailure !== undefined && now - lastFailure.atMs < cooldownMs) return Promise.reject(lastFailure.error);
      inFlight = refresh();
      return inFlight;
    },
    invalidate: (rejectedToken) => {
      if (cached?.value === rejectedToken) cached = undefined;
    },
    fetchCount: () => fetches,
  };
}
