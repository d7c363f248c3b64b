/**
 * The console session's two limits over real HTTP: the idle timeout (renewed by every request) and the absolute
 * lifetime (never extended by activity). The session's clock is the test's, so minutes pass at once; the
 * cookies, the sealing (jose) and the console's middleware are the real ones. The worklist behind sign-in reads
 * an empty journeys port: this test is about the session, not the journeys.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRouter } from '../../../src/console/app';
import type { ConsoleJourneys } from '../../../src/console/ports';
import { createGatewayApp } from '../../../src/gateway/app';
import { createLogger } from '../../../src/observability/logger';

const MINUTE = 60_000;
const noJourneys: ConsoleJourneys = {
  worklist: () => Promise.resolve([]),
  journey: () => Promise.resolve(undefined),
  recordOutcome: () => Promise.reject(new Error('not used here')),
};

/** A browser in miniature: keeps the cookies the console sets, sends them back, follows nothing. */
function cookieJar() {
  const jar = new Map<string, string>();
  return {
    async fetch(url: string, init: RequestInit = {}): Promise<Response> {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const reply = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, ...(cookie ? { cookie } : {}) } });
      for (const set of reply.headers.getSetCookie()) {
        const [pair = ''] = set.split(';');
        const at = pair.indexOf('=');
        const value = pair.slice(at + 1);
        if (value === '' || /max-age=0/i.test(set)) jar.delete(pair.slice(0, at));
        else jar.set(pair.slice(0, at), value);
      }
      return reply;
    },
  };
}

describe('staff console: session idle timeout and absolute lifetime', () => {
  let server: Server;
  let base: string;
  /** Where redirects point (the console answers with paths). */
  let path: string;
  let now = Date.parse('2026-06-01T09:00:00Z');

  beforeAll(async () => {
    const router = consoleRouter({
      journeys: noJourneys, journeyTypes: ['appointment-reminder'],
      session: { key: randomBytes(32), ttlSeconds: 30 * 60, idleSeconds: 15 * 60, secure: false, clock: () => now },
      csrfSecret: randomBytes(32).toString('hex'), devSignIn: true, logger: createLogger({ level: 'silent' }),
    });
    const app = createGatewayApp({ temporalReachable: () => Promise.resolve(true), routes: [router], logger: createLogger({ level: 'silent' }) });
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/console`;
    path = new URL(base).pathname;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server ? server.close(() => resolve()) : resolve());
  });

  async function signedIn() {
    const browser = cookieJar();
    const form = await (await browser.fetch(`${base}/sign-in`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
    expect(csrf).not.toBe('');
    const signIn = await browser.fetch(`${base}/dev-sign-in`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, role: 'staff' }).toString(),
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe(`${path}/worklist`);
    return browser;
  }

  const worklist = async (browser: ReturnType<typeof cookieJar>) => {
    const reply = await browser.fetch(`${base}/worklist`);
    return { status: reply.status, location: reply.headers.get('location') };
  };

  it('S14: a session idle for longer than the idle timeout ends; each request renews it', async () => {
    const browser = await signedIn();
    now += 14 * MINUTE;
    expect(await worklist(browser)).toEqual({ status: 200, location: null });
    now += 14 * MINUTE; // 28 minutes since sign-in, 14 idle: renewed by the request before
    expect(await worklist(browser)).toEqual({ status: 200, location: null });
    now += 15 * MINUTE + 1_000;
    expect(await worklist(browser)).toEqual({ status: 303, location: `${path}/sign-in?m=timeout` });
    const signInPage = await (await browser.fetch(`${base}/sign-in?m=timeout`)).text();
    expect(signInPage).toContain('You were signed out because your session ended');
    expect(await worklist(browser)).toEqual({ status: 303, location: `${path}/sign-in` }); // now an anonymous session
  });

  it('S14: an active session still ends at its absolute lifetime', async () => {
    const browser = await signedIn();
    for (let minutes = 10; minutes < 30; minutes += 10) {
      now += 10 * MINUTE;
      expect(await worklist(browser), `${minutes} minutes after sign-in`).toEqual({ status: 200, location: null });
    }
    now += 10 * MINUTE + 1_000; // 30 minutes and a second after sign-in, 10 idle
    expect(await worklist(browser)).toEqual({ status: 303, location: `${path}/sign-in?m=timeout` });
  });

  it('S14: the cookie the browser is given expires with the session, never later', async () => {
    const browser = await signedIn();
    now += 10 * MINUTE;
    expect((await worklist(browser)).status).toBe(200);
    now += 10 * MINUTE;
    const reply = await browser.fetch(`${base}/worklist`);
    const session = reply.headers.getSetCookie().find((c) => c.startsWith('nj-console='));
    expect(session).toMatch(/Max-Age=600;/i); // 10 minutes of the 30-minute lifetime left: less than the 15-minute idle timeout
    expect(session).toMatch(/HttpOnly/);
    expect(reply.headers.getSetCookie().filter((c) => c.startsWith('nj-console='))).toHaveLength(1);
  });
});
