/**
 * The client assertion for NHS's token endpoint (docs/nhs-notify.md §11), built exactly as NHS's own test
 * code does: header {alg: RS512, kid, typ: JWT}; claims iss = sub = API key, aud = the exact token URL,
 * a fresh UUID jti, and exp a few minutes ahead. NHS rejects exp more than 5 minutes (310 s with leeway)
 * in the future, so the lifetime is capped at 300 s; the default of 180 s leaves 130 s for a local clock
 * that runs ahead of NHS's (A5). No `iat` is sent (NHS does not ask for one): a verifier that checks iat
 * would reject every assertion from a clock running a few seconds fast.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Clock } from './clock';
import { NotifyAuthConfigError } from './errors';
import type { SigningKey } from './signing-keys';

export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
export const DEFAULT_ASSERTION_LIFETIME_SECONDS = 180;

export interface AssertionInput {
  readonly apiKey: string;
  readonly tokenUrl: string;
  readonly key: SigningKey;
  readonly clock: Clock;
  readonly lifetimeSeconds?: number;
  /** Default randomUUID. Injected only by known-answer tests (RS512 is deterministic, so a fixed jti pins the token). */
  readonly newJti?: () => string;
}

export function checkAssertionLifetime(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 30 || seconds > MAX_ASSERTION_LIFETIME_SECONDS) {
    throw new NotifyAuthConfigError(`assertion lifetime must be an integer from 30 to ${MAX_ASSERTION_LIFETIME_SECONDS} seconds`);
  }
  return seconds;
}

export async function buildClientAssertion(input: AssertionInput): Promise<string> {
  const lifetime = checkAssertionLifetime(input.lifetimeSeconds ?? DEFAULT_ASSERTION_LIFETIME_SECONDS);
  const nowSeconds = Math.floor(input.clock.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS512', kid: input.key.kid, typ: 'JWT' })
    .setIssuer(input.apiKey)
    .setSubject(input.apiKey)
    .setAudience(input.tokenUrl)
    .setJti((input.newJti ?? randomUUID)())
    .setExpirationTime(nowSeconds + lifetime)
    .sign(input.key.privateKey);
}
