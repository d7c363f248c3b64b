/** The simulator's /_admin API: loopback callers only, and a bearer token when one is configured. */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { adminAccess } from '../../../src/simulator/http/admin.routes';
import { optionsFrom } from '../../../src/cli/simulator';

describe('simulator admin access', () => {
  const token = randomBytes(24).toString('base64url');
  let sim: RunningSimulator;
  let open: RunningSimulator;
  beforeAll(async () => { [sim, open] = await Promise.all([startSimulator({ openAccess: true, adminToken: token }), startSimulator({ openAccess: true })]); });
  afterAll(async () => { await Promise.all([sim.close(), open.close()]); });

  it('with --admin-token every admin route needs the bearer token (401 without or with a wrong one)', async () => {
    for (const [method, path] of [['GET', '/ledger'], ['GET', '/counters'], ['POST', '/reset'], ['DELETE', '/faults']] as const) {
      expect((await fetch(`${sim.url}/_admin${path}`, { method })).status, path).toBe(401);
      expect((await fetch(`${sim.url}/_admin${path}`, { method, headers: { authorization: `Bearer ${token}x` } })).status, path).toBe(401);
    }
    const ok = await fetch(`${sim.url}/_admin/ledger`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
  });

  it('without a token the admin API still answers loopback callers', async () => {
    expect((await fetch(`${open.url}/_admin/counters`)).status).toBe(200);
  });

  it('a caller that is not on loopback is refused (403), token or not', () => {
    const answer = (remoteAddress: string, authorization?: string): number | 'next' => {
      let status: number | 'next' = 'next';
      const res = { status: (s: number) => { status = s; return res; }, json: () => res, set: () => res } as unknown as Response;
      const req = { socket: { remoteAddress }, get: (h: string) => (h === 'authorization' ? authorization : undefined) } as unknown as Request;
      adminAccess(token)(req, res, () => undefined);
      return status;
    };
    expect(answer('10.1.2.3', `Bearer ${token}`)).toBe(403);
    expect(answer('::ffff:192.168.0.9', `Bearer ${token}`)).toBe(403);
    expect(answer('127.0.0.1', `Bearer ${token}`)).toBe('next');
    expect(answer('::1')).toBe(401);
  });

  it('the CLI takes --admin-token (or SIMULATOR_ADMIN_TOKEN)', () => {
    const options = optionsFrom({ port: 0, host: '127.0.0.1', apiKey: 'k', applicationId: 'a', adminToken: token });
    expect(options.adminToken).toBe(token);
  });
});
