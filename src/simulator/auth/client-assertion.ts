/**
 * Verifies a signed-JWT client assertion the way NHS's identity service does (docs/nhs-notify.md §11):
 * RS512 only, typ JWT, a kid that matches a registered key, iss = sub = a registered API key, aud = this
 * token URL exactly, a fresh jti, and exp no more than 5 minutes ahead (310 s allowed) and not expired
 * (10 s skew). Each failure carries NHS's status, error and error_description.
 */
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK, type JWTPayload } from 'jose';
import type { ApplicationRegistry, RegisteredApplication } from './applications';

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_EXP_AHEAD_SECONDS = 310;
const EXPIRY_SKEW_SECONDS = 10;

export interface AssertionFailure { readonly ok: false; readonly status: number; readonly error: string; readonly description: string }
export type AssertionResult = { readonly ok: true; readonly app: RegisteredApplication } | AssertionFailure;

const fail = (status: number, description: string, error = 'invalid_request'): AssertionFailure => ({ ok: false, status, error, description });

export interface AssertionCheck {
  readonly assertion: string;
  readonly tokenUrl: string;
  readonly nowMs: number;
  readonly registry: ApplicationRegistry;
  /** Fetches a JWKS URL for apps registered with one; rejects when unreachable. */
  readonly fetchJwks: (url: string) => Promise<{ keys: JWK[] }>;
}

function checkHeader(assertion: string): { kid: string } | AssertionFailure {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return fail(400, 'Malformed JWT in client_assertion');
  }
  if (header.alg !== 'RS512') return fail(400, "Invalid 'alg' header in client_assertion JWT - unsupported JWT algorithm - must be 'RS512'");
  if (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT') return fail(400, "Invalid 'typ' header in client_assertion JWT - must be 'JWT'");
  if (typeof header.kid !== 'string' || header.kid === '') return fail(400, "Missing 'kid' header in client_assertion JWT");
  return { kid: header.kid };
}

function checkClaims(claims: JWTPayload, check: AssertionCheck): RegisteredApplication | AssertionFailure {
  const app = typeof claims.iss === 'string' ? check.registry.byApiKey(claims.iss) : undefined;
  if (app === undefined || claims.sub !== claims.iss) return fail(400, "Missing or non-matching 'iss'/'sub' claims in client_assertion JWT");
  if (claims.jti === undefined) return fail(400, "Missing 'jti' claim in client_assertion JWT");
  if (typeof claims.jti !== 'string' || claims.jti === '') return fail(400, "Invalid 'jti' claim in client_assertion JWT - must be a unique string value such as a GUID");
  if (claims.exp === undefined) return fail(400, "Missing 'exp' claim in client_assertion JWT");
  if (typeof claims.exp !== 'number' || !Number.isInteger(claims.exp)) return fail(400, "Invalid 'exp' claim in client_assertion JWT - must be an integer");
  const nowSeconds = Math.floor(check.nowMs / 1000);
  if (claims.exp > nowSeconds + MAX_EXP_AHEAD_SECONDS) return fail(400, "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future");
  if (claims.exp < nowSeconds - EXPIRY_SKEW_SECONDS) return fail(400, "Invalid 'exp' claim in client_assertion JWT - JWT has expired");
  const aud = Array.isArray(claims.aud) && claims.aud.length === 1 ? claims.aud[0] : claims.aud;
  if (aud !== check.tokenUrl) return fail(401, "Missing or invalid 'aud' claim in client_assertion JWT");
  return app;
}

async function keysOf(app: RegisteredApplication, check: AssertionCheck): Promise<JWK[] | AssertionFailure> {
  if (app.jwksUrl !== undefined) {
    try {
      return (await check.fetchJwks(app.jwksUrl)).keys;
    } catch {
      return fail(403, "The JWKS endpoint, for your client_assertion can't be reached", 'public_key error');
    }
  }
  if (app.jwks === undefined || app.jwks.keys.length === 0) {
    return fail(403, 'You need to register a public key to use this authentication method - please contact support to configure', 'public_key error');
  }
  return app.jwks.keys;
}

export async function verifyClientAssertion(check: AssertionCheck): Promise<AssertionResult> {
  const header = checkHeader(check.assertion);
  if ('ok' in header) return header;
  let claims: JWTPayload;
  try {
    claims = decodeJwt(check.assertion);
  } catch {
    return fail(400, 'Malformed JWT in client_assertion');
  }
  const app = checkClaims(claims, check);
  if ('ok' in app) return app;
  const keys = await keysOf(app, check);
  if ('ok' in keys) return keys;
  const jwk = keys.find((k) => k.kid === header.kid);
  if (jwk === undefined) return fail(401, "Invalid 'kid' header in client_assertion JWT - no matching public key");
  try {
    const key = await importJWK({ ...jwk, alg: 'RS512' }, 'RS512');
    await compactVerify(check.assertion, key, { algorithms: ['RS512'] });
  } catch {
    return fail(401, 'JWT signature verification failed', 'public_key error');
  }
  if (!check.registry.claimJti(app.apiKey, claims.jti as string, check.nowMs)) {
    return fail(400, "Non-unique 'jti' claim in client_assertion JWT");
  }
  return { ok: true, app };
}
