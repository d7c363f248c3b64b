import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenErrorBody, TokenResponse } from '../../../src/contracts/nhs-notify/wire';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { API_KEY, APPLICATION_ID, ASSERTION_TYPE, aMessage, makeKey, postToken, quietLogger, sendMessage, signAssertion, startTestSimulator, type TestKey } from './support';

describe('simulator token endpoint (docs/nhs-notify.md §11)', () => {
  let sim: RunningSimulator;
  let key: TestKey;

  beforeAll(async () => {
    ({ sim, key } = await startTestSimulator());
  });
  afterAll(async () => sim.close());

  it('issues an opaque token with expires_in as a string and issued_at in ms', async () => {
    const { status, body } = await postToken(sim, await signAssertion(key, sim.tokenUrl));
    expect(status).toBe(200);
    const token = TokenResponse.parse(body);
    expect(token.expires_in).toBe('599');
    expect(Math.abs(Number(token.issued_at) - Date.now())).toBeLessThan(5_000);
    expect(token.access_token).toMatch(/^[A-Za-z0-9]{28}$/);
  });

  const rejects: Array<[string, () => Promise<string | undefined>, number, string, string]> = [
    ['a bad aud', async () => signAssertion(key, sim.tokenUrl, { claims: { aud: 'https://int.api.service.nhs.uk/oauth2/token' } }), 401, 'invalid_request', "Missing or invalid 'aud' claim in client_assertion JWT"],
    ['exp more than 5 minutes ahead', async () => signAssertion(key, sim.tokenUrl, { expiresInSeconds: 900 }), 400, 'invalid_request', "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future"],
    ['an expired assertion', async () => signAssertion(key, sim.tokenUrl, { expiresInSeconds: -30 }), 400, 'invalid_request', "Invalid 'exp' claim in client_assertion JWT - JWT has expired"],
    ['an unknown kid', async () => signAssertion(key, sim.tokenUrl, { header: { kid: 'not-registered' } }), 401, 'invalid_request', "Invalid 'kid' header in client_assertion JWT - no matching public key"],
    ['a bad signature', async () => signAssertion(key, sim.tokenUrl, { key: (await makeKey()).privateKey }), 401, 'public_key error', 'JWT signature verification failed'],
    ['iss different from sub', async () => signAssertion(key, sim.tokenUrl, { claims: { sub: 'someone-else' } }), 400, 'invalid_request', "Missing or non-matching 'iss'/'sub' claims in client_assertion JWT"],
    ['an unregistered API key', async () => signAssertion(key, sim.tokenUrl, { claims: { iss: 'unknown', sub: 'unknown' } }), 400, 'invalid_request', "Missing or non-matching 'iss'/'sub' claims in client_assertion JWT"],
    ['typ other than JWT', async () => signAssertion(key, sim.tokenUrl, { header: { typ: 'at+jwt' } }), 400, 'invalid_request', "Invalid 'typ' header in client_assertion JWT - must be 'JWT'"],
    ['a missing assertion', () => Promise.resolve(undefined), 400, 'invalid_request', 'Missing client_assertion'],
  ];

  it.each(rejects)('rejects %s with NHS status and body', async (_name, build, status, error, description) => {
    const result = await postToken(sim, await build());
    expect(result.status).toBe(status);
    const body = TokenErrorBody.parse(result.body);
    expect(body).toMatchObject({ error, error_description: description });
    expect(body.message_id).toMatch(/^rrt-/);
  });

  it('rejects a reused jti with 400 Non-unique', async () => {
    const jti = randomUUID();
    const first = await postToken(sim, await signAssertion(key, sim.tokenUrl, { claims: { jti } }));
    const second = await postToken(sim, await signAssertion(key, sim.tokenUrl, { claims: { jti } }));
    expect(first.status).toBe(200);
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: "Non-unique 'jti' claim in client_assertion JWT" } });
  });

  it('rejects an alg other than RS512 before looking at the key', async () => {
    const hs = await import('jose').then(async (jose) => new jose.SignJWT({ iss: API_KEY, sub: API_KEY, aud: sim.tokenUrl, jti: randomUUID(), exp: Math.floor(Date.now() / 1000) + 60 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid }).sign(new TextEncoder().encode('x'.repeat(32))));
    const result = await postToken(sim, hs);
    expect(result.status).toBe(400);
    expect(result.body.error_description).toContain("must be 'RS512'");
  });

  it('rejects a wrong client_assertion_type and a non-form body', async () => {
    const wrongType = await postToken(sim, await signAssertion(key, sim.tokenUrl), { client_assertion_type: 'urn:other' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error_description).toBe(`Missing or invalid client_assertion_type - must be '${ASSERTION_TYPE}'`);
    const json = await fetch(sim.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('A4: accepts assertions signed with either key during rotation, then only the new one', async () => {
    const newKey = await makeKey();
    sim.setJwks(API_KEY, { keys: [key.publicJwk, newKey.publicJwk] });
    expect((await postToken(sim, await signAssertion(key, sim.tokenUrl))).status).toBe(200);
    expect((await postToken(sim, await signAssertion(newKey, sim.tokenUrl))).status).toBe(200);
    sim.setJwks(API_KEY, { keys: [newKey.publicJwk] });
    expect((await postToken(sim, await signAssertion(key, sim.tokenUrl))).status).toBe(401);
    expect((await postToken(sim, await signAssertion(newKey, sim.tokenUrl))).status).toBe(200);
    sim.setJwks(API_KEY, { keys: [key.publicJwk] });
  });

  it('counts every token request, accepted or not', () => {
    expect(sim.counters.tokenRequests).toBe(sim.counters.tokensIssued + sim.counters.tokenRejections);
    expect(sim.counters.tokenRequests).toBeGreaterThan(10);
  });
});

describe('simulator tokens in use', () => {
  it('A4: a JWKS URL that cannot be reached gives 403 public_key error', async () => {
    const key = await makeKey();
    const sim = await startSimulator({ applications: [{ apiKey: API_KEY, applicationId: APPLICATION_ID, jwksUrl: 'http://127.0.0.1:9/jwks.json' }], logger: quietLogger });
    try {
      const result = await postToken(sim, await signAssertion(key, sim.tokenUrl));
      expect(result).toMatchObject({ status: 403, body: { error: 'public_key error', error_description: "The JWKS endpoint, for your client_assertion can't be reached" } });
    } finally {
      await sim.close();
    }
  });

  it('a token stops working once expires_in has passed on the simulator clock', async () => {
    let now = Date.now();
    const { sim, key } = await startTestSimulator({ clock: () => now, tokenLifetimeSeconds: 60 });
    try {
      const { body } = await postToken(sim, await signAssertion(key, sim.tokenUrl));
      expect(body.expires_in).toBe('60');
      expect((await sendMessage(sim, body.access_token as string, aMessage())).status).toBe(201);
      now += 61_000;
      const denied = await sendMessage(sim, body.access_token as string, aMessage());
      expect(denied.status).toBe(401);
      expect(denied.body.errors[0]).toMatchObject({ code: 'CM_DENIED', status: '401', source: { header: 'Authorization' } });
    } finally {
      await sim.close();
    }
  });
});
