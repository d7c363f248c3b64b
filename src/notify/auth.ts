/**
 * Layer 2 of the NHS Notify client: what goes in the Authorization header.
 * - 'signed-jwt' (INT, production and our simulator): a client assertion signed by the key ring's active key
 *   is exchanged for an access token, which is cached and shared (token-cache.ts).
 * - 'none': NHS's public sandbox, which is open access (docs/nhs-notify.md §1): no header at all.
 */
import type { Logger } from '../observability/logger';
import type { Clock } from './clock';
import { buildClientAssertion, checkAssertionLifetime, DEFAULT_ASSERTION_LIFETIME_SECONDS } from './client-assertion';
import type { KeyRing } from './signing-keys';
import { createTokenCache } from './token-cache';
import { requestAccessToken } from './token-endpoint';
import type { Transport } from './transport';

export interface SignedJwtAuthOptions {
  readonly kind: 'signed-jwt';
  /** Exactly the token URL NHS expects as `aud`, e.g. https://int.api.service.nhs.uk/oauth2/token. */
  readonly tokenUrl: string;
  readonly apiKey: string;
  readonly keyRing: KeyRing;
  /** 30-300 s; default 180 s (NHS's own test code). */
  readonly assertionLifetimeSeconds?: number;
  readonly refreshSkewMs?: number;
  readonly refreshFraction?: number;
  readonly failureCooldownMs?: number;
}

export type NotifyAuthOptions = SignedJwtAuthOptions | { readonly kind: 'none' };

export interface Authenticator {
  readonly kind: NotifyAuthOptions['kind'];
  /** The Authorization header value, or undefined when no auth is used. */
  authorization(): Promise<string | undefined>;
  /** The API answered 401 to this header value: forget it so the next call fetches a fresh token. */
  reject(authorization: string): void;
  tokenRequests(): number;
}

/** Beyond this the token server's issued_at and our clock disagree enough to threaten assertions (A5). */
const SKEW_WARNING_MS = 30_000;

export interface AuthDeps {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function createAuthenticator(options: NotifyAuthOptions, deps: AuthDeps): Authenticator {
  if (options.kind === 'none') {
    return { kind: 'none', authorization: () => Promise.resolve(undefined), reject: () => undefined, tokenRequests: () => 0 };
  }
  const lifetimeSeconds = checkAssertionLifetime(options.assertionLifetimeSeconds ?? DEFAULT_ASSERTION_LIFETIME_SECONDS);
  const tokenUrl = new URL(options.tokenUrl);
  const cache = createTokenCache({
    clock: deps.clock,
    refreshSkewMs: options.refreshSkewMs,
    refreshFraction: options.refreshFraction,
    failureCooldownMs: options.failureCooldownMs,
    fetch: async () => {
      const key = options.keyRing.active();
      const assertion = await buildClientAssertion({
        apiKey: options.apiKey, tokenUrl: options.tokenUrl, key, clock: deps.clock, lifetimeSeconds,
      });
      const token = await requestAccessToken(deps.transport, tokenUrl, assertion, deps.clock);
      if (token.serverIssuedAtMs !== undefined && Math.abs(token.serverIssuedAtMs - deps.clock.now()) > SKEW_WARNING_MS) {
        deps.logger.warn({ skewMs: token.serverIssuedAtMs - deps.clock.now(), kid: key.kid },
          'token server clock differs from ours: client assertions may soon be rejected');
      }
      deps.logger.info({ kid: key.kid, expiresInMs: token.expiresInMs }, 'notify access token issued');
      return token;
    },
  });
  return {
    kind: 'signed-jwt',
    authorization: async () => `Bearer ${await cache.get()}`,
    reject: (authorization) => cache.invalidate(authorization.replace(/^Bearer /, '')),
    tokenRequests: () => cache.fetchCount(),
  };
}
