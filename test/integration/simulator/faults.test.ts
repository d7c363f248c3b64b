import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorEnvelope } from '../../../src/contracts/nhs-notify/wire';
import type { LedgerEntry, RunningSimulator } from '../../../src/simulator';
import { aMessage, call, eventually, getToken, postToken, sendMessage, signAssertion, startTestSimulator, type TestKey } from './support';

describe('simulator request faults', () => {
  let sim: RunningSimulator;
  let key: TestKey;
  let token: string;

  beforeAll(async () => {
    ({ sim, key } = await startTestSimulator());
    token = await getToken(sim, key);
  });
  beforeEach(() => sim.faults.clear());
  afterAll(async () => sim.close());

  it('latency delays only the route it names', async () => {
    // A delay far longer than a token request takes even on a busy machine, so the comparison is about the rule.
    const delayMs = 3_000;
    sim.faults.latency(delayMs, { route: 'messages', count: 1 });
    const t0 = Date.now();
    await getToken(sim, key);
    expect(Date.now() - t0).toBeLessThan(delayMs);
    const t1 = Date.now();
    expect((await sendMessage(sim, token, aMessage())).status).toBe(201);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(delayMs - 5);
  });

  it.each([[500, 'CM_INTERNAL_SERVER_ERROR'], [502, 'CM_BAD_GATEWAY'], [503, 'CM_SERVICE_UNAVAILABLE'], [504, 'CM_TIMEOUT']])('R7: status %i for the next 2 requests only, with NHS error body %s, and nothing accepted', async (status, code) => {
    sim.faults.status(status, { count: 2 });
    const body = aMessage();
    for (let i = 0; i < 2; i += 1) {
      const res = await sendMessage(sim, token, body);
      expect(res.status).toBe(status);
      expect(ErrorEnvelope.parse(res.body).errors[0]).toMatchObject({ code, status: String(status) });
    }
    expect(sim.ledger.countAccepted(body.data.attributes.messageReference)).toBe(0);
    expect((await sendMessage(sim, token, body)).status).toBe(201);
  });

  it('R7: 429 CM_QUOTA and 425 CM_RETRY_TOO_EARLY carry Retry-After', async () => {
    sim.faults.quota({ retryAfterSeconds: 5, count: 1 });
    const quota = await sendMessage(sim, token, aMessage());
    expect(quota.status).toBe(429);
    expect(quota.headers.get('retry-after')).toBe('5');
    expect(quota.body.errors[0].code).toBe('CM_QUOTA');
    sim.faults.tooEarly({ count: 1 });
    const early = await sendMessage(sim, token, aMessage());
    expect(early.status).toBe(425);
    expect(early.headers.get('retry-after')).toBe('300');
  });

  it('rate 0 never fires and rate 1 always fires', async () => {
    sim.faults.status(500, { rate: 0 });
    expect((await sendMessage(sim, token, aMessage())).status).toBe(201);
    sim.faults.clear();
    sim.faults.status(500, { rate: 1 });
    expect((await sendMessage(sim, token, aMessage())).status).toBe(500);
    expect((await sendMessage(sim, token, aMessage())).status).toBe(500);
  });

  it('A9: hang never sends headers, so the client headers timeout fires', async () => {
    sim.faults.hang({ count: 1 });
    const t0 = Date.now();
    await expect(request(`${sim.baseUrl}/v1/messages`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(aMessage()), headersTimeout: 200,
    })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it('A9: slowBody sends headers at once, then the body one byte at a time', async () => {
    sim.faults.slowBody({ byteEveryMs: 5, route: 'ping', count: 1 });
    const t0 = Date.now();
    const slow = await request(`${sim.baseUrl}/_ping`);
    const headersAfter = Date.now() - t0;
    const sizes: number[] = [];
    for await (const chunk of slow.body) sizes.push((chunk as Buffer).length);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(headersAfter).toBeLessThan(200);
    expect(sizes.length).toBeGreaterThan(total / 2); // one byte per write; TCP may rarely coalesce two
    expect(Date.now() - t0).toBeGreaterThanOrEqual(total * 4);
    const normal = await request(`${sim.baseUrl}/_ping`);
    expect(JSON.parse(await normal.body.text())).toHaveProperty('version');
  });

  it('R1/R6: acceptThenDrop records and announces the message, then drops the connection; the retry is 422', async () => {
    sim.faults.acceptThenDrop({ count: 1 });
    const accepted: LedgerEntry[] = [];
    sim.events.on('accepted', (entry: LedgerEntry) => accepted.push(entry));
    const body = aMessage();
    // A fresh connection and a headers timeout, so a missing drop fails fast and says so.
    await expect(request(`${sim.baseUrl}/v1/messages`, {
      method: 'POST', reset: true, headersTimeout: 10_000, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    })).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect(sim.ledger.countAccepted(body.data.attributes.messageReference)).toBe(1);
    expect(accepted.map((e) => e.messageReference)).toEqual([body.data.attributes.messageReference]);
    const retry = await sendMessage(sim, token, body);
    expect(retry.status).toBe(422);
    expect(sim.ledger.duplicates()).toEqual([]);
    sim.events.removeAllListeners('accepted');
  });

  it('R6: acceptThenDelay holds the 201; a retry meanwhile sees 422, since the backend has finished', async () => {
    sim.faults.acceptThenDelay(300, { count: 1 });
    const body = aMessage();
    const t0 = Date.now();
    const first = sendMessage(sim, token, body);
    await eventually(() => (sim.ledger.countAccepted(body.data.attributes.messageReference) === 1 ? true : undefined));
    expect((await sendMessage(sim, token, body)).status).toBe(422);
    expect((await first).status).toBe(201);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('A8: malformed responses: truncated JSON, wrong shape, wrong content type, 200 with an error body', async () => {
    sim.faults.malformed('truncatedJson', { count: 1 });
    const body = aMessage();
    const truncated = await sendMessage(sim, token, body);
    expect(truncated.status).toBe(201);
    expect(truncated.body).toBeUndefined();
    expect(() => JSON.parse(truncated.text) as unknown).toThrow();
    expect(sim.ledger.countAccepted(body.data.attributes.messageReference)).toBe(1);
    sim.faults.malformed('wrongShape', { count: 1 });
    expect((await sendMessage(sim, token, aMessage())).body).toEqual({ data: { unexpected: true } });
    sim.faults.malformed('wrongContentType', { count: 1 });
    expect((await sendMessage(sim, token, aMessage())).headers.get('content-type')).toContain('text/html');
    sim.faults.malformed('errorBodyWith200', { count: 1 });
    const okError = await sendMessage(sim, token, aMessage());
    expect(okError.status).toBe(200);
    expect(okError.body.errors[0].code).toBe('CM_INTERNAL_SERVER_ERROR');
  });

  it('R18: a token endpoint outage answers 503 and is counted; the endpoint recovers', async () => {
    sim.faults.tokenOutage({ count: 2 });
    const before = sim.counters.tokenRequests;
    for (let i = 0; i < 2; i += 1) {
      const outage = await postToken(sim, await signAssertion(key, sim.tokenUrl));
      expect(outage.status).toBe(503);
      expect(outage.body).toMatchObject({ error: 'temporarily_unavailable' });
    }
    expect((await postToken(sim, await signAssertion(key, sim.tokenUrl))).status).toBe(200);
    expect(sim.counters.tokenRequests - before).toBe(3);
  });

  it('A6: redirect answers 307 with a Location on another host and accepts nothing', async () => {
    sim.faults.redirect('https://elsewhere.example/comms/v1/messages', { count: 1 });
    const body = aMessage();
    const res = await fetch(`${sim.baseUrl}/v1/messages`, { method: 'POST', redirect: 'manual', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('https://elsewhere.example/comms/v1/messages');
    expect(sim.ledger.countAccepted(body.data.attributes.messageReference)).toBe(0);
  });

  it('counts injected faults', () => {
    expect(sim.counters.faultsInjected).toBeGreaterThan(10);
  });
});

describe('simulator admin API (/_admin)', () => {
  let sim: RunningSimulator;
  let token: string;

  beforeAll(async () => {
    const started = await startTestSimulator();
    sim = started.sim;
    token = await getToken(sim, started.key);
  });
  afterAll(async () => sim.close());

  it('adds, lists and deletes faults over HTTP, the same rules as sim.faults', async () => {
    const added = await call(`${sim.url}/_admin/faults`, { body: [{ kind: 'status', status: 502, count: 1 }, { kind: 'latency', ms: 1, id: 'tiny' }], headers: { 'content-type': 'application/json' } });
    expect(added.status).toBe(201);
    expect(added.body.faults).toHaveLength(2);
    expect(sim.faults.list().map((f) => f.kind)).toEqual(['status', 'latency']);
    expect((await sendMessage(sim, token, aMessage())).status).toBe(502);
    const listed = (await call(`${sim.url}/_admin/faults`)).body as { faults: Array<{ id: string }> };
    expect(listed.faults.map((f) => f.id)).toEqual(['tiny']);
    expect((await call(`${sim.url}/_admin/faults/tiny`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`${sim.url}/_admin/faults/tiny`, { method: 'DELETE' })).status).toBe(404);
    await call(`${sim.url}/_admin/faults`, { body: { kind: 'hang' }, headers: { 'content-type': 'application/json' } });
    expect((await call(`${sim.url}/_admin/faults`, { method: 'DELETE' })).status).toBe(204);
    expect(sim.faults.list()).toEqual([]);
  });

  it('rejects an invalid fault with 400 and the reasons', async () => {
    const res = await call(`${sim.url}/_admin/faults`, { body: { kind: 'status', status: 200 }, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.issues.length).toBeGreaterThan(0);
  });

  it('exports the ledger and counters, and resets everything', async () => {
    const body = aMessage();
    expect((await sendMessage(sim, token, body)).status).toBe(201);
    const ledger = await call(`${sim.url}/_admin/ledger`);
    const exported = ledger.body as { entries: LedgerEntry[] };
    expect(exported.entries.map((e) => e.messageReference)).toContain(body.data.attributes.messageReference);
    expect(ledger.body.duplicates).toEqual([]);
    expect((await call(`${sim.url}/_admin/counters`)).body.messagesAccepted).toBeGreaterThan(0);
    expect((await call(`${sim.url}/_admin/reset`, { method: 'POST' })).status).toBe(204);
    expect(sim.ledger.countAccepted()).toBe(0);
    expect(sim.counters.messagesAccepted).toBe(0);
    // Dedupe keys are gone, so the same reference is accepted afresh; the cached token still works.
    expect((await sendMessage(sim, token, body)).status).toBe(201);
    expect(sim.ledger.countAccepted()).toBe(1);
  });
});
