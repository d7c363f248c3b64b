import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { buildClientAssertion, MAX_ASSERTION_LIFETIME_SECONDS } from '../../../src/notify/client-assertion';
import { NotifyAuthConfigError } from '../../../src/notify/errors';
import { aKeyRing } from './support/builders';

const API_KEY = 'test-api-key-0123456789';
const TOKEN_URL = 'https://int.api.service.nhs.uk/oauth2/token';

describe('client assertion (docs/nhs-notify.md §11)', () => {
  it('A1: header RS512 + kid + typ JWT, iss = sub = API key, aud = token URL, exp within 300 s; verifies against our JWKS', async () => {
    const { ring } = await aKeyRing('kid-2027-01');
    const clock = { now: () => Date.now() };
    const jwt = await buildClientAssertion({ apiKey: API_KEY, tokenUrl: TOKEN_URL, key: ring.active(), clock });

    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS512', kid: 'kid-2027-01', typ: 'JWT' });
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(ring.toPublicJwks() as never), {
      algorithms: ['RS512'], issuer: API_KEY, subject: API_KEY, audience: TOKEN_URL, typ: 'JWT', requiredClaims: ['jti', 'exp'],
    });
    expect(protectedHeader.kid).toBe('kid-2027-01');
    expect(payload.aud).toBe(TOKEN_URL);
    expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const secondsAhead = (payload.exp as number) - Math.floor(Date.now() / 1000);
    expect(secondsAhead).toBeGreaterThan(0);
    expect(secondsAhead).toBeLessThanOrEqual(MAX_ASSERTION_LIFETIME_SECONDS);
    expect(payload.iat).toBeUndefined();
  });

  it('A1: the public JWKS carries kty RSA, n, e, kid, alg RS512, use sig and nothing private', async () => {
    const { ring } = await aKeyRing('a', 'b');
    const jwks = ring.toPublicJwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual(['a', 'b']);
    for (const key of jwks.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS512', use: 'sig', e: 'AQAB' });
    }
  });

  it('A1: jti is unique across 10,000 assertions', async () => {
    const { ring } = await aKeyRing();
    const clock = { now: () => Date.now() };
    const jtis = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const jwt = await buildClientAssertion({ apiKey: API_KEY, tokenUrl: TOKEN_URL, key: ring.active(), clock });
      jtis.add(decodeJwt(jwt).jti as string);
    }
    expect(jtis.size).toBe(10_000);
  }, 60_000);

  it('A1: the lifetime is configurable but never beyond NHS\'s 300 s ceiling', async () => {
    const { ring } = await aKeyRing();
    const now = Date.UTC(2027, 0, 15, 9, 0, 0);
    const jwt = await buildClientAssertion({ apiKey: API_KEY, tokenUrl: TOKEN_URL, key: ring.active(), clock: { now: () => now }, lifetimeSeconds: 240 });
    expect(decodeJwt(jwt).exp).toBe(now / 1000 + 240);
    for (const lifetimeSeconds of [301, 0, 29, 12.5]) {
      await expect(buildClientAssertion({ apiKey: API_KEY, tokenUrl: TOKEN_URL, key: ring.active(), clock: { now: () => now }, lifetimeSeconds }))
        .rejects.toBeInstanceOf(NotifyAuthConfigError);
    }
  });
});
