/**
 * A2, A3, A4 against the simulator over real HTTP: its token endpoint verifies our RS512 assertions
 * against the registered JWKS exactly as NHS's identity service does, and counts every token request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NotifyAuthConfigError } from '../../../src/notify';
import { aMessage, aTestKey, jwksOf } from '../../unit/notify/support/builders';
import { parsedLines, startHarness, type SimHarness } from './support';

let h: SimHarness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

describe('A2: token cache and single-flight', () => {
  it('A2: one token request for 100 concurrent sends on a cold cache', async () => {
    h = await startHarness();
    const client = h.client();
    const results = await Promise.all(Array.from({ length: 100 }, () => client.createMessage(aMessage())));
    expect(new Set(results.map((r) => r.messageId)).size).toBe(100);
    expect(h.sim.counters.tokenRequests).toBe(1);
    expect(h.sim.counters.messageRequests).toBe(100);
    expect(h.sim.ledger.entries()).toHaveLength(100);
  });

  it('A2: the token is reused until expires_in minus the skew and refreshed before it expires (0 rejected tokens)', async () => {
    h = await startHarness(['kid-a'], { tokenLifetimeSeconds: 2 });
    // 2 s tokens: the refresh margin is capped at half the lifetime, so the client refreshes every ~1 s.
    const client = h.client();
    const deadline = Date.now() + 4_500;
    let sends = 0;
    while (Date.now() < deadline) {
      await Promise.all(Array.from({ length: 5 }, () => client.createMessage(aMessage())));
      sends += 5;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(sends).toBeGreaterThan(50);
    expect(h.sim.counters.tokenRequests).toBeGreaterThanOrEqual(3);
    expect(h.sim.counters.tokenRequests).toBeLessThanOrEqual(7);
    expect(parsedLines(h.lines).filter((l) => l.msg === 'notify token rejected; refreshing once')).toHaveLength(0);
  });
});

describe('A3: 401 from the messages endpoint', () => {
  it('A3: exactly one token refresh and one retry, which succeeds', async () => {
    h = await startHarness();
    const client = h.client();
    await client.createMessage(aMessage());
    h.sim.faults.status(401, { route: 'messages', count: 1 });
    const message = aMessage();
    await expect(client.createMessage(message)).resolves.toMatchObject({ messageReference: message.messageReference });
    expect(h.sim.counters.tokenRequests).toBe(2);
    expect(h.sim.counters.messageRequests).toBe(3);
    expect(h.sim.ledger.byReference(message.messageReference)).toHaveLength(1);
  });

  it('A3: a second 401 is a non-retryable NOTIFY_UNAUTHORISED, logged as an alert, with no loop', async () => {
    h = await startHarness();
    const client = h.client();
    h.sim.faults.status(401, { route: 'messages' });
    const err = await client.createMessage(aMessage()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOTIFY_UNAUTHORISED', kind: 'permanent', status: 401 });
    expect(h.sim.counters.messageRequests).toBe(2);
    expect(h.sim.counters.tokenRequests).toBe(2);
    expect(parsedLines(h.lines).some((l) => l.alert === true && l.errorCode === 'NOTIFY_UNAUTHORISED')).toBe(true);
  });
});

describe('A4: signing key rotation', () => {
  it('A4: JWKS holds old and new kid; signing switches mid-run; the old key is dropped: 0 auth failures', async () => {
    h = await startHarness(['kid-old', 'kid-new'], { tokenLifetimeSeconds: 1 });
    const { sim, ring, apiKey, keys } = h;
    const client = h.client();
    const failures: unknown[] = [];
    const sendFor = async (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        await Promise.all(Array.from({ length: 4 }, () => client.createMessage(aMessage()).catch((e: unknown) => failures.push(e))));
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    await sendFor(1_200);
    ring.use('kid-new');
    await sendFor(1_200);
    // The old key may go once every assertion signed with it has expired; here: after the switch, no
    // new assertion uses it, and tokens obtained with it expire within a second.
    sim.setJwks(apiKey, jwksOf(keys[1]!));
    ring.remove('kid-old');
    await sendFor(1_200);

    expect(failures).toEqual([]);
    expect(sim.counters.tokenRejections).toBe(0);
    const kidsUsed = parsedLines(h.lines).filter((l) => l.msg === 'notify access token issued').map((l) => l.kid);
    expect(kidsUsed).toContain('kid-old');
    expect(kidsUsed).toContain('kid-new');
    expect(kidsUsed.slice(kidsUsed.indexOf('kid-new'))).not.toContain('kid-old');
  });

  it('A4: an unknown kid is a permanent config error, not retried hot', async () => {
    h = await startHarness(['kid-registered']);
    h.ring.add((await aTestKey('kid-unregistered')).source);
    h.ring.use('kid-unregistered');
    const client = h.client({ auth: { kind: 'signed-jwt', tokenUrl: h.sim.tokenUrl, apiKey: h.apiKey, keyRing: h.ring, failureCooldownMs: 60_000 } });
    for (let i = 0; i < 5; i++) {
      const err = await client.createMessage(aMessage()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotifyAuthConfigError);
      expect(err).toMatchObject({ code: 'NOTIFY_AUTH_CONFIG', kind: 'permanent' });
      expect((err as Error).message).toMatch(/kid/);
    }
    expect(h.sim.counters.tokenRequests).toBe(1);
    expect(h.sim.counters.messageRequests).toBe(0);
  });

  it('A4: an unreachable JWKS URL (403 public_key error) is a permanent config error', async () => {
    h = await startHarness();
    const dead: Server = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const { port } = dead.address() as AddressInfo;
    await new Promise<void>((r) => dead.close(() => r()));
    h.sim.registerApplication({ apiKey: 'jwks-url-app', applicationId: 'app-url', jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
    const client = h.client({ auth: { kind: 'signed-jwt', tokenUrl: h.sim.tokenUrl, apiKey: 'jwks-url-app', keyRing: h.ring } });
    const err = await client.createMessage(aMessage()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOTIFY_AUTH_CONFIG', kind: 'permanent', status: 403, apiErrorCodes: ['public_key error'] });
  });

  it('R18: (client half) a token endpoint outage is transient and single-flight; sends resume when it ends', async () => {
    h = await startHarness();
    const client = h.client({ auth: { kind: 'signed-jwt', tokenUrl: h.sim.tokenUrl, apiKey: h.apiKey, keyRing: h.ring, failureCooldownMs: 200 } });
    const outage = h.sim.faults.tokenOutage({ status: 503 });
    const errs = await Promise.all(Array.from({ length: 50 }, () => client.createMessage(aMessage()).catch((e: unknown) => e)));
    for (const e of errs) expect(e).toMatchObject({ code: 'NOTIFY_TOKEN_UNAVAILABLE', kind: 'transient' });
    expect(h.sim.counters.tokenRequests).toBe(1);
    h.sim.faults.remove(outage.id);
    await new Promise((r) => setTimeout(r, 250));
    await expect(client.createMessage(aMessage())).resolves.toMatchObject({ messageStatus: 'created' });
    expect(h.sim.counters.tokenRequests).toBe(2);
  });
});
