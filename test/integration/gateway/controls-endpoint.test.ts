/**
 * /v1/controls/sending over real HTTP: scope `ops` required, bad bodies are 400 with the fields named, and a
 * good change reaches the controls port and comes back in the wire shape. The port here is the domain's own
 * state machine in memory; the control workflow behind it is tested in O1-O4.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyControlChange, NO_CONTROLS, type ControlState } from '../../../src/domain/controls/sending-controls';
import { createApiKey, createApiKeyVerifier, hashApiKey, parseApiKeyConfig } from '../../../src/gateway/auth/api-keys';
import { createGatewayApp } from '../../../src/gateway/app';
import { controlsRoutes } from '../../../src/gateway/controls/controls.routes';
import { createLogger } from '../../../src/observability/logger';
import { createGatewayMetrics, createMetricsRegistry } from '../../../src/observability/metrics';

const opsKey = createApiKey(['ops']);
const readKey = createApiKey(['journeys:read']);
const entry = (k: ReturnType<typeof createApiKey>, scope: string) => `${k.key.split('_')[1] ?? ''}:${hashApiKey(k.key).toString('hex')}:${scope}`;

describe('sending controls endpoint (/v1/controls/sending)', () => {
  let server: Server;
  let url: string;
  let state: ControlState = NO_CONTROLS;
  beforeAll(async () => {
    const metrics = createGatewayMetrics(createMetricsRegistry());
    const authenticate = createApiKeyVerifier(parseApiKeyConfig([entry(opsKey, 'ops'), entry(readKey, 'journeys:read')]));
    const controls = {
      status: () => Promise.resolve(state),
      change: (change: Parameters<typeof applyControlChange>[1]) => { state = applyControlChange(state, change, Date.UTC(2026, 11, 1, 12)); return Promise.resolve(state); },
    };
    const app = createGatewayApp({ temporalReachable: () => Promise.resolve(true), logger: createLogger({ level: 'silent' }), metrics,
      routes: [controlsRoutes({ controls, authenticate, metrics })] });
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/controls/sending`;
  });
  afterAll(async () => { await new Promise((r) => server?.close(r)); });

  const post = (body: unknown, key = opsKey.key) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });

  it('needs the ops scope: no key 401, a journeys:read key 403', async () => {
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${readKey.key}` } })).status).toBe(403);
    expect((await post({ action: 'pause', scope: { all: true }, role: 'operations', reason: 'incident' }, readKey.key)).status).toBe(403);
    expect(state).toEqual(NO_CONTROLS);
  });

  it('refuses a bad change with 400 naming the fields (unknown action, two scopes, unknown role, no reason)', async () => {
    const bad = await post({ action: 'stop', scope: { all: true, journeyType: 'x' }, role: 'ceo' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; details: Array<{ pointer: string }> } };
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.details.map((d) => d.pointer).sort()).toEqual(['/action', '/reason', '/role', '/scope']);
    expect(state).toEqual(NO_CONTROLS);
  });

  it('a pause comes back in the wire shape, with who and why; GET shows it', async () => {
    const paused = await post({ action: 'pause', scope: { journeyType: 'appointment-reminder' }, role: 'on_call_engineer', reason: 'wrong clinic number' });
    expect(paused.status).toBe(200);
    const expected = { controls: {
      rules: [{ mode: 'paused', scope: { journeyType: 'appointment-reminder' }, role: 'on_call_engineer', reason: 'wrong clinic number', since: '2026-12-01T12:00:00.000Z' }],
      history: [{ action: 'pause', scope: { journeyType: 'appointment-reminder' }, role: 'on_call_engineer', reason: 'wrong clinic number', at: '2026-12-01T12:00:00.000Z', changed: true }],
    } };
    expect(await paused.json()).toEqual(expected);
    expect(await (await fetch(url, { headers: { authorization: `Bearer ${opsKey.key}` } })).json()).toEqual(expected);
  });
});
