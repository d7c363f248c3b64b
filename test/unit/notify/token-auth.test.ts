/**
 * The auth layer through the real client over MockAgent: the exact token request, the cache with single-
 * flight and early refresh (A2 at unit level), one retry on 401 (A3 at unit level), token endpoint error
 * classification, and auth 'none' for NHS's open sandbox.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MockAgent } from 'undici';
import { createNotifyClient, type KeyRing, type NotifyClient } from '../../../src/notify';
import { aKeyRing, aManualClock, aMessage } from './support/builders';
import { aCapturedLogger, aMockAgent, callsTo, anErrorBody, aTokenBody, BASE_URL, echoMessageCreated, JSON_API, ORIGIN, TOKEN_URL } from './support/mock-notify';

const API_KEY = 'unit-api-key';
let agent: MockAgent;
afterEach(async () => agent.close());

function signedClient(ring: KeyRing, clock = aManualClock(), extra: { failureCooldownMs?: number; refreshSkewMs?: number } = {}): NotifyClient {
  return createNotifyClient({
    baseUrl: BASE_URL, dispatcher: agent, logger: aCapturedLogger().logger, clock,
    auth: { kind: 'signed-jwt', tokenUrl: TOKEN_URL, apiKey: API_KEY, keyRing: ring, ...extra },
  });
}
const tokenCalls = () => callsTo(agent, '/oauth2/token');
const messageCalls = () => callsTo(agent, '/comms/v1/messages');

describe('token request and cache', () => {
  it('posts exactly the form NHS expects, form-encoded, and sends the token as a Bearer header', async () => {
    agent = aMockAgent();
    const { ring } = await aKeyRing('kid-1');
    agent.get(ORIGIN).intercept({ path: '/oauth2/token', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      .reply(200, aTokenBody('tok-A'), { headers: { 'content-type': 'application/json' } });
    agent.get(ORIGIN).intercept({ path: '/comms/v1/messages', method: 'POST', headers: { authorization: 'Bearer tok-A', accept: 'application/vnd.api+json', 'content-type': 'application/vnd.api+json' } })
      .reply(echoMessageCreated);
    await signedClient(ring).createMessage(aMessage(), { correlationId: 'corr-1' });
    const form = new URLSearchParams(tokenCalls()[0]?.body ?? '');
    expect([...form.keys()]).toEqual(['grant_type', 'client_assertion_type', 'client_assertion']);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(form.get('client_assertion')?.split('.')).toHaveLength(3);
    expect(messageCalls()[0]?.headers).toMatchObject({ 'x-correlation-id': 'corr-1' });
  });

  it('A2: 100 concurrent sends on a cold cache make exactly one token request', async () => {
    agent = aMockAgent();
    const { ring } = await aKeyRing();
    agent.get(ORIGIN).intercept({ path: '/oauth2/token', method: 'POST' }).reply(200, aTokenBody('tok-1'), { headers: { 'content-type': 'application/json' } }).delay(20);
    agent.get(ORIGIN).intercept({ path: '/comms/v1/messages', method: 'POST', headers: { authorization: 'Bearer tok-1' } }).reply(echoMessageCreated).persist();
    const client = signedClient(ring);
    await Promise.all(Array.from({ length: 100 }, () => client.createMessage(aMessage())));
    expect(tokenCalls()).toHaveLength(1);
    expect(messageCalls()).toHaveLength(100);
    expect(client.tokenRequests()).toBe(1);
  });

  it('A2: the token is reused until expires_in minus the skew, then refreshed BEFORE it expires', async () => {
    agent = aMockAgent();
    const { ring } = await aKeyRing();
    const clock = aManualClock();
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/oauth2/token', method: 'POST' }).reply(200, aTokenBody('tok-1', '599'), { headers: { 'content-type': 'application/json' } });
    pool.intercept({ path: '/oauth2/token', method: 'POST' }).reply(200, aTokenBody('tok-2', '599'), { headers: { 'content-type': 'application/json' } });
    pool.intercept({ path: '/comms/v1/messages', method: 'POST' }).reply(echoMessageCreated).persist();
    const client = signedClient(ring, clock, { refreshSkewMs: 15_000 });
    await client.createMessage(aMessage());
    // 10% of 599 s (59.9 s) is more than 15 s, so refresh is due at 599 - 59.9 = 539.1 s.
    clock.advance(539_000);
    await client.createMessage(aMessage());
    expect(tokenCalls()).toHaveLength(1);
    clock.advance(200);
    await client.createMessage(aMessage());
    expect(tokenCalls()).toHaveLength(2);
    const auths = messageCalls().map((c) => c.headers?.authorization);
    expect(auths).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('A3: a 401 drops the token, fetches one new token and retries once; success is returned', async () => {
    agent = aMockAgent();
    const { ring } = await aKeyRing();
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/oauth2/token', method: 'POST' }).reply(200, aTokenBody('revoked'), { headers: { 'content-type': 'application/json' } });
    pool.intercept({ path: '/oauth2/token', method: 'POST' }).reply(200, aTokenBody('fresh'), { headers: { 'content-type': 'application/json' } });
    pool.intercept({ path: '/comms/v1/messages', method: 'POST', headers: { authorization: 'Bearer revoked' } }).reply(401, anErrorBody(401, 'CM_DENIED'), { headers: JSON_API });
    pool.intercept({ path: '/comms/v1/messages', method: 'POST', headers: { authorization: 'Bearer fresh' } }).reply(echoMessageCreated);
    const message = aMessage();
    const created = await signedClient(ring).createMessage(message, { correlationId: 'same-corr' });
    expect(created.messageReference).toBe(message.messageReference);
    expect(tokenCalls()).toHaveLength(2);
    expect(messageCalls().map((c) => c.headers?.['x-correlation-id'])).toEqual(['same-corr', 'same-corr']);
  });

  it('A3: a second 401 is NOTIFY_UNAUTHORISED, permanent, after exactly two sends and two token requests', async () => {
    agent = aMockAgent();
    const { ring } = await aKeyRing();
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/oauth2/token', method: 'POST' }).reply(200, aTokenBody('t'), { headers: { 'content-type': 'application/json' } }).persist();
    pool.intercept({ path: '/comms/v1/messages', method: 'POST' }).reply(401, anErrorBody(401, 'CM_DENIED'), { headers: JSON_API }).persist();
    const err = await signedClient(ring).createMessage(aMessage()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOTIFY_UNAUTHORISED', kind: 'permanent', status: 401 });
    expect(messageCalls()).toHaveLength(2);
    expect(tokenCalls()).toHaveLength(2);
  });

  it("auth 'none' (NHS's open sandbox) sends no Authorization header and makes no token request", async () => {
    agent = aMockAgent();
    agent.get(ORIGIN).intercept({ path: '/comms/v1/messages', method: 'POST' }).reply(echoMessageCreated);
    const client = createNotifyClient({ baseUrl: BASE_URL, auth: { kind: 'none' }, dispatcher: agent, logger: aCapturedLogger().logger });
    await client.createMessage(aMessage());
    expect(messageCalls()[0]?.headers).not.toHaveProperty('authorization');
    expect(tokenCalls()).toHaveLength(0);
  });
});

describe('token endpoint failures', () => {
  const json = { 'content-type': 'application/json' };
  const tokenError = (error: string, description: string) => JSON.stringify({ error, error_description: description, message_id: 'rrt-1' });
  const CASES = [
    { name: '400 invalid_request (iss/sub)', status: 400, body: tokenError('invalid_request', "Missing or non-matching 'iss'/'sub' claims in client_assertion JWT"), code: 'NOTIFY_AUTH_CONFIG', kind: 'permanent', hint: /iss and sub/ },
    { name: '401 unknown kid', status: 401, body: tokenError('invalid_request', "Invalid 'kid' header in client_assertion JWT - no matching public key"), code: 'NOTIFY_AUTH_CONFIG', kind: 'permanent', hint: /unknown kid/ },
    { name: '401 public_key error (bad signature)', status: 401, body: tokenError('public_key error', 'JWT signature verification failed'), code: 'NOTIFY_AUTH_CONFIG', kind: 'permanent', hint: /signature/ },
    { name: '403 public_key error (JWKS unreachable)', status: 403, body: tokenError('public_key error', "The JWKS endpoint, for your client_assertion can't be reached"), code: 'NOTIFY_AUTH_CONFIG', kind: 'permanent', hint: /public keys/ },
    { name: '415', status: 415, body: tokenError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded'), code: 'NOTIFY_AUTH_CONFIG', kind: 'permanent', hint: /rejected/ },
    { name: '500', status: 500, body: 'oops', code: 'NOTIFY_TOKEN_UNAVAILABLE', kind: 'transient', hint: /500/ },
    { name: '503', status: 503, body: '', code: 'NOTIFY_TOKEN_UNAVAILABLE', kind: 'transient', hint: /503/ },
  ];
  for (const c of CASES) {
    it(`A4: ${c.name} → ${c.code} (${c.kind})`, async () => {
      agent = aMockAgent();
      const { ring } = await aKeyRing();
      agent.get(ORIGIN).intercept({ path: '/oauth2/token', method: 'POST' }).reply(c.status, c.body, { headers: json });
      const err = await signedClient(ring).createMessage(aMessage()).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: c.code, kind: c.kind, status: c.status });
      expect((err as Error).message).toMatch(c.hint);
      expect(messageCalls()).toHaveLength(0);
    });
  }

  it('429 with Retry-After is transient with retryAfterMs; a network failure is transient too', async () => {
    agent = aMockAgent();
    const { ring } = await aKeyRing();
    const clock = aManualClock();
    agent.get(ORIGIN).intercept({ path: '/oauth2/token', method: 'POST' }).reply(429, '', { headers: { 'retry-after': '7' } });
    agent.get(ORIGIN).intercept({ path: '/oauth2/token', method: 'POST' }).replyWithError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    const client = signedClient(ring, clock, { failureCooldownMs: 1_000 });
    await expect(client.createMessage(aMessage())).rejects.toMatchObject({ code: 'NOTIFY_TOKEN_UNAVAILABLE', kind: 'transient', retryAfterMs: 7_000 });
    clock.advance(1_001);
    await expect(client.createMessage(aMessage())).rejects.toMatchObject({ code: 'NOTIFY_TOKEN_UNAVAILABLE', kind: 'transient' });
  });

  it('R18: during the failure cooldown callers get the last failure without another token request', async () => {
    agent = aMockAgent();
    const { ring } = await aKeyRing();
    const clock = aManualClock();
    agent.get(ORIGIN).intercept({ path: '/oauth2/token', method: 'POST' }).reply(503, '').times(1);
    const client = signedClient(ring, clock, { failureCooldownMs: 5_000 });
    for (let i = 0; i < 20; i++) await expect(client.createMessage(aMessage())).rejects.toMatchObject({ code: 'NOTIFY_TOKEN_UNAVAILABLE' });
    expect(tokenCalls()).toHaveLength(1);
  });

  it('a 200 token answer of the wrong shape is NOTIFY_BAD_RESPONSE (expires_in must be a string of seconds)', async () => {
    agent = aMockAgent();
    const { ring } = await aKeyRing();
    agent.get(ORIGIN).intercept({ path: '/oauth2/token', method: 'POST' })
      .reply(200, JSON.stringify({ access_token: 'x', expires_in: 599, token_type: 'Bearer' }), { headers: json });
    await expect(signedClient(ring).createMessage(aMessage())).rejects.toMatchObject({ code: 'NOTIFY_BAD_RESPONSE' });
  });
});
