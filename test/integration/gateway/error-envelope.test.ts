import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCallbackBody, aMessageStatusItem, signedHeaders } from './support/callbacks';
import { startCallbackGateway, type CallbackGateway } from './support/callback-gateway';
import { expectErrorEnvelope, send } from './support/http';

describe('P6: one error envelope for every failure', () => {
  let gw: CallbackGateway;
  const canary = `canary-${randomUUID()}`;
  beforeAll(async () => { gw = await startCallbackGateway(); });
  afterAll(async () => { await gw.close(); });

  it('P6: 400, 401, 403, 404, 405, 413, 415, 500 and 503 are generic JSON with a code and correlation id, no stack, no echo', async () => {
    const signed = (body: string) => ({ body, headers: signedHeaders(body, gw.secret) });
    const cases: [string, () => Promise<Awaited<ReturnType<typeof send>>>, number, string][] = [
      ['malformed json', () => send(gw.callbackUrl, signed(`{"data":"${canary}`)), 400, 'MALFORMED_JSON'],
      ['schema', () => send(gw.callbackUrl, signed(JSON.stringify({ data: [{ type: canary }] }))), 400, 'INVALID_REQUEST'],
      ['api key', () => send(gw.callbackUrl, { body: canary, headers: { 'content-type': 'application/json', 'x-api-key': canary } }), 401, 'UNAUTHENTICATED'],
      ['signature', () => send(gw.callbackUrl, { body: canary, headers: { 'content-type': 'application/json', 'x-api-key': gw.secret.apiKey, 'x-hmac-sha256-signature': canary } }), 403, 'INVALID_SIGNATURE'],
      ['no route', () => send(`${gw.url}/v1/${canary}?q=${canary}`), 404, 'NOT_FOUND'],
      ['method', () => send(gw.callbackUrl, { method: 'DELETE' }), 405, 'METHOD_NOT_ALLOWED'],
      ['too large', () => send(gw.callbackUrl, { body: canary.repeat(20_000), headers: { 'content-type': 'application/json' } }), 413, 'PAYLOAD_TOO_LARGE'],
      ['media type', () => send(gw.callbackUrl, { body: canary, headers: { 'content-type': `text/${canary}` } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ];
    for (const [name, run, status, code] of cases) {
      const reply = await run();
      expect(reply.status, name).toBe(status);
      expectErrorEnvelope(reply, code);
      expect(reply.text, name).not.toContain(canary);
    }
  });

  it('P6: an unexpected error is a 500 with a generic message; its detail reaches the log only', async () => {
    gw.sink.failWith = new Error(`driver exploded near ${canary}`);
    const body = aCallbackBody(aMessageStatusItem({ messageReference: gw.sink.openJourney() }));
    const reply = await send(gw.callbackUrl, { body, headers: signedHeaders(body, gw.secret) });
    gw.sink.failWith = undefined;
    expect(reply.status).toBe(500);
    const { error } = expectErrorEnvelope(reply, 'INTERNAL_ERROR');
    expect(reply.text).not.toContain(canary);
    const logged = gw.log.lines().find((l) => l.msg === 'unhandled error');
    expect(logged?.correlationId).toBe(error.correlationId);
  });

  it('P6: 503 from an outage carries Retry-After', async () => {
    gw.sink.down = true;
    const body = aCallbackBody(aMessageStatusItem({ messageReference: gw.sink.openJourney() }));
    const reply = await send(gw.callbackUrl, { body, headers: signedHeaders(body, gw.secret) });
    gw.sink.down = false;
    expect(reply.status).toBe(503);
    expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
    expectErrorEnvelope(reply, 'SERVICE_UNAVAILABLE');
  });

  it('P5: only a UUID X-Correlation-ID is adopted; anything else is replaced and logged nowhere', async () => {
    const uuid = randomUUID();
    expect((await send(`${gw.url}/healthz`, { headers: { 'x-correlation-id': uuid } })).headers['x-correlation-id']).toBe(uuid);
    // 8–128 safe characters used to be adopted, so a client could put an NHS number into every log line.
    const canaries = ['nhs-9434765919', `req-${randomUUID()}`, 'a@b.example.nhs.uk', 'short', `${'x'.repeat(200)}`, '<script>alert(1)</script>', uuid.toUpperCase()];
    for (const unsafe of canaries) {
      const reply = await send(`${gw.url}/nothing-here`, { headers: { 'x-correlation-id': unsafe } });
      const id = reply.headers['x-correlation-id'];
      expect(id).not.toBe(unsafe);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(reply.text).not.toContain(unsafe);
    }
    for (const unsafe of canaries.slice(0, 3)) expect(gw.log.raw()).not.toContain(unsafe);
  });

  it('/healthz and /readyz keep their semantics', async () => {
    expect((await send(`${gw.url}/healthz`)).json).toEqual({ status: 'ok' });
    expect((await send(`${gw.url}/readyz`)).status).toBe(200);
  });
});
