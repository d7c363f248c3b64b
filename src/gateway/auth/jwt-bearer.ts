/**
 * Optional second credential: bearer JWTs from configured issuers, verified with jose against each issuer's
 * JWKS (asymmetric algorithms only, so a public key can never be used as an HMAC secret). Scopes come from
 * the `scope` (space-separated) or `scp` (array) claim; unknown scopes are ignored. Keys and JWTs can be
 * accepted side by side: `nj_` tokens go to the key verifier, three-part tokens to this one.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { API_KEY_SCOPES, type ApiKeyScope, type Principal } from './api-keys';
import type { Authenticate } from './require-scope';

export interface JwtIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** A remote JWKS URL, or a key getter (tests, pinned keys). */
  readonly jwks: URL | JWTVerifyGetKey;
}

export const JWT_ALGORITHMS = ['RS256', 'RS512', 'PS256', 'PS512', 'ES256', 'ES384', 'EdDSA'];
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function scopesOf(payload: JWTPayload): Set<ApiKeyScope> {
  const raw = typeof payload.scope === 'string' ? payload.scope.split(' ') : Array.isArray(payload.scp) ? payload.scp : [];
  return new Set(raw.filter((s): s is ApiKeyScope => typeof s === 'string' && (API_KEY_SCOPES as readonly string[]).includes(s)));
}

/** The principal's id for logs: the client id (azp/client_id/sub), reduced to a safe charset and length. */
function principalId(payload: JWTPayload): string {
  const client = [payload.azp, payload.client_id, payload.sub].find((v): v is string => typeof v === 'string') ?? 'unknown';
  return `jwt:${client.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 64)}`;
}

export function createJwtAuthenticator(issuers: readonly JwtIssuer[], options: { clockToleranceSeconds?: number } = {}): Authenticate {
  const verifiers = issuers.map((issuer) => ({
    ...issuer,
    keys: issuer.jwks instanceof URL ? createRemoteJWKSet(issuer.jwks, { timeoutDuration: 3_000 }) : issuer.jwks,
  }));
  return async (token) => {
    if (!JWT_SHAPE.test(token)) return undefined;
    for (const verifier of verifiers) {
      try {
        const { payload } = await jwtVerify(token, verifier.keys, {
          issuer: verifier.issuer, audience: verifier.audience, algorithms: JWT_ALGORITHMS,
          clockTolerance: options.clockToleranceSeconds ?? 30, requiredClaims: ['exp', 'iat'],
        });
        return { keyId: principalId(payload), scopes: scopesOf(payload) };
      } catch {
        // Wrong issuer, bad signature, expired, unreachable JWKS...: try the next issuer, then refuse.
      }
    }
    return undefined;
  };
}

/** Keys first (cheap, synchronous), then JWTs. */
export function eitherCredential(apiKeys: (key: string) => Principal | undefined, jwt: Authenticate): Authenticate {
  return (presented) => (presented.startsWith('nj_') ? apiKeys(presented) : jwt(presented));
}

/**
 * Parses GATEWAY_JWT_ISSUERS: comma-separated `issuer|audience|jwksUrl`. JWKS URLs must be https: unless
 * `allowHttp` (the local tier). Errors name the variable and entry, never a value.
 */
export function parseJwtIssuers(entries: string | readonly string[], allowHttp = false, variable = 'GATEWAY_JWT_ISSUERS'): JwtIssuer[] {
  const list = (typeof entries === 'string' ? entries.split(',') : entries).map((e) => e.trim()).filter((e) => e.length > 0);
  return list.map((entry, index) => {
    const [issuer = '', audience = '', url = '', ...rest] = entry.split('|');
    let jwks: URL | undefined;
    try { jwks = new URL(url); } catch { jwks = undefined; }
    const schemeOk = jwks?.protocol === 'https:' || (allowHttp && jwks?.protocol === 'http:');
    if (rest.length > 0 || issuer.length === 0 || audience.length === 0 || jwks === undefined || !schemeOk) {
      throw new Error(`${variable}: entry ${index + 1} must be issuer|audience|https-jwks-url`);
    }
    return { issuer, audience, jwks };
  });
}
