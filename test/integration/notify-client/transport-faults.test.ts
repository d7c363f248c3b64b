/**
 * A6, A9, A10 and the ambiguous cases over real sockets against the simulator's faults: redirects are not
 * followed, hung and trickling responses abort within the configured timeouts without leaking sockets,
 * and duplicates (422) are their own kind.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifyClient, NotifyDuplicateRequestError } from '../../../src/notify';
import { aMessage } from '../../unit/notify/support/builders';
import { startHarness, type SimHarness } from './support';

let h: SimHarness | undefined;
let other: Server | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (other) await new Promise<void>((r) => other?.close(() => r()));
  other = undefined;
});

/** Client-side TCP sockets and server-side connections in this process (the simulator is in-process too). */
const openSockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
async function settlesTo(baseline: number): Promise<number> {
  for (let i = 0; i < 40 && openSockets() > baseline; i++) await new Promise((r) => setTimeout(r, 50));
  return openSockets();
}

/** Adds the sandbox's Prefer trigger to every request: the injected Dispatcher is the seam (style lesson 6). */
function preferring(code: string): Dispatcher {
  return new Agent().compose((dispatch) => (opts, handler) => dispatch({ ...opts, headers: { ...(opts.headers as Record<string, string>), prefer: `code=${code}` } }, handler));
}

describe('A6: redirects (OWASP API10)', () => {
  for (const status of [307, 308] as const) {
    it(`A6: a ${status} to another host is not followed: no second request, no body re-sent, typed error`, async () => {
      h = await startHarness();
      let reachedOtherHost = 0;
      other = createServer((req, res) => { reachedOtherHost += 1; req.resume(); res.end(); });
      await new Promise<void>((r) => other?.listen(0, '127.0.0.1', r));
      const location = `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal`;
      h.sim.faults.redirect(location, { status, route: 'messages' });
      const err = await h.client().createMessage(aMessage()).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'NOTIFY_REDIRECT_REFUSED', kind: 'permanent', status });
      expect(reachedOtherHost).toBe(0);
      expect(h.sim.counters.messageRequests).toBe(1);
      expect(h.sim.ledger.entries()).toHaveLength(0);
    });
  }
});

describe('A9: timeouts', () => {
  it('A9: no response headers → aborts within headersTimeout as NOTIFY_TIMEOUT (ambiguous); a retry with the same reference succeeds; no socket leak', async () => {
    h = await startHarness();
    const baseline = openSockets();
    const client = h.client({ timeouts: { headersMs: 500, totalMs: 10_000 } });
    await client.createMessage(aMessage()); // warm token and pool
    h.sim.faults.hang({ route: 'messages', count: 1 });
    const message = aMessage();
    const started = Date.now();
    const err = await client.createMessage(message).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(err).toMatchObject({ code: 'NOTIFY_TIMEOUT', kind: 'ambiguous' });
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(2_000);
    await expect(client.createMessage(message)).resolves.toMatchObject({ messageReference: message.messageReference });
    expect(h.sim.ledger.byReference(message.messageReference)).toHaveLength(1);
    await client.close();
    expect(await settlesTo(baseline)).toBe(baseline);
  });

  it('A9: a body sent one byte at a time → aborts at the overall deadline; the retry meets 422 (it was accepted); no socket leak', async () => {
    h = await startHarness();
    const baseline = openSockets();
    const client = h.client({ timeouts: { bodyMs: 1_000, totalMs: 1_500 } });
    await client.createMessage(aMessage());
    h.sim.faults.slowBody({ byteEveryMs: 20, route: 'messages', count: 1 });
    const message = aMessage();
    const started = Date.now();
    const err = await client.createMessage(message).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(err).toMatchObject({ code: 'NOTIFY_TIMEOUT', kind: 'ambiguous' });
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(3_000);
    const retry = await client.createMessage(message).catch((e: unknown) => e);
    expect(retry).toBeInstanceOf(NotifyDuplicateRequestError);
    expect(h.sim.ledger.byReference(message.messageReference)).toHaveLength(1);
    await client.close();
    expect(await settlesTo(baseline)).toBe(baseline);
  });

  it('A9: a pause between body bytes longer than bodyTimeout → NOTIFY_TIMEOUT within bodyTimeout', async () => {
    h = await startHarness();
    const client = h.client({ timeouts: { bodyMs: 400, totalMs: 20_000 } });
    await client.createMessage(aMessage());
    h.sim.faults.slowBody({ byteEveryMs: 1_500, route: 'messages', count: 1 });
    const started = Date.now();
    const err = await client.createMessage(aMessage()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOTIFY_TIMEOUT', kind: 'ambiguous' });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('a connection reset after the simulator accepted → NOTIFY_AMBIGUOUS; the retry with the same reference is a duplicate', async () => {
    h = await startHarness();
    const client = h.client();
    h.sim.faults.acceptThenDrop({ count: 1 });
    const message = aMessage();
    await expect(client.createMessage(message)).rejects.toMatchObject({ code: 'NOTIFY_AMBIGUOUS', kind: 'ambiguous' });
    await expect(client.createMessage(message)).rejects.toMatchObject({ code: 'NOTIFY_DUPLICATE_REQUEST', kind: 'duplicate' });
    expect(h.sim.ledger.byReference(message.messageReference)).toHaveLength(1);
  });

  it('nothing listening → NOTIFY_NETWORK (transient: the request never left)', async () => {
    h = await startHarness();
    const url = h.sim.baseUrl;
    await h.sim.close();
    const client = createNotifyClient({ baseUrl: url, auth: { kind: 'none' } });
    await expect(client.createMessage(aMessage())).rejects.toMatchObject({ code: 'NOTIFY_NETWORK', kind: 'transient' });
    await client.close();
    h = undefined;
  });
});

describe('A10: duplicates', () => {
  it('A10: Prefer: code=422_message → duplicate kind (accepted earlier), nothing new in the ledger', async () => {
    h = await startHarness();
    const err = await h.client({ dispatcher: preferring('422_message') }).createMessage(aMessage()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyDuplicateRequestError);
    expect(err).toMatchObject({ code: 'NOTIFY_DUPLICATE_REQUEST', kind: 'duplicate', status: 422, apiErrorCodes: ['CM_DUPLICATE_REQUEST'] });
    expect(h.sim.ledger.entries()).toHaveLength(0);
  });

  it('A10: resending a messageReference NHS Notify already holds → duplicate kind, exactly one accepted message', async () => {
    h = await startHarness();
    const client = h.client();
    const message = aMessage();
    await client.createMessage(message);
    await expect(client.createMessage(message)).rejects.toMatchObject({ code: 'NOTIFY_DUPLICATE_REQUEST', kind: 'duplicate' });
    expect(h.sim.ledger.byReference(message.messageReference)).toHaveLength(1);
  });

  it('sandbox Prefer triggers classify like the real statuses (429 → Retry-After 5 s, 425 → 300 s, 503 transient)', async () => {
    h = await startHarness();
    for (const [code, expected] of [
      ['429', { code: 'NOTIFY_RATE_LIMITED', kind: 'transient', retryAfterMs: 5_000 }],
      ['425', { code: 'NOTIFY_RETRY_TOO_EARLY', kind: 'transient', retryAfterMs: 300_000 }],
      ['503', { code: 'NOTIFY_UNAVAILABLE', kind: 'transient' }],
      ['403.1', { code: 'NOTIFY_FORBIDDEN', kind: 'permanent', apiErrorCodes: ['CM_SERVICE_BAN'] }],
    ] as const) {
      await expect(h.client({ dispatcher: preferring(code) }).createMessage(aMessage())).rejects.toMatchObject(expected);
    }
  });
});
