/**
 * Slow clients against the gateway's HTTP server (Node's own limits, src/gateway/http/server.ts): headers or a
 * body trickled a byte at a time are cut off at the configured deadline, not held for Node's defaults (300 s
 * for a request, about 70 s for headers), and sockets beyond the cap are refused. Limits are shortened here so
 * the test is quick; the bound asserted is many times the limit, so a busy machine can't fail it.
 */
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Router } from 'express';
import { createGatewayApp } from '../../../src/gateway/app';
import { jsonBody } from '../../../src/gateway/http/json-body';
import { createGatewayServer, JSON_API_LIMITS } from '../../../src/gateway/http/server';
import { createLogger } from '../../../src/observability/logger';

const LIMITS = { requestTimeoutMs: 1_000, headersTimeoutMs: 600, checkIntervalMs: 100, maxConnections: 4 };
/** Far above the limits: Node's defaults would hold these sockets for a minute or more. */
const CUT_OFF_WITHIN_MS = 15_000;

let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  if (server !== undefined) await new Promise<void>((resolve) => { server!.closeAllConnections(); server!.close(() => resolve()); });
  server = undefined;
});

async function start(): Promise<number> {
  // A route that reads its JSON body with the gateway's own parser, as every write route does.
  const reader = Router().post('/read-body', ...jsonBody(64 * 1024), (_req, res) => { res.json({ read: true }); });
  const app = createGatewayApp({ temporalReachable: () => Promise.resolve(true), logger: createLogger({ level: 'silent' }), routes: [reader] });
  server = createGatewayServer(app, LIMITS);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

/** Opens a socket that sends `head` and then one byte of `trickle` every 100 ms; resolves with what came back once it closes. */
function trickle(port: number, head: string, trickleBytes: string): { closed: Promise<{ afterMs: number; reply: string }> } {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  const started = Date.now();
  let reply = '';
  let index = 0;
  const timer = setInterval(() => {
    if (!socket.destroyed && index < trickleBytes.length) socket.write(trickleBytes[index++]!);
  }, 100);
  socket.on('data', (chunk) => { reply += chunk.toString('latin1'); });
  socket.on('error', () => undefined);
  socket.write(head);
  const closed = new Promise<{ afterMs: number; reply: string }>((resolve) => {
    socket.once('close', () => { clearInterval(timer); resolve({ afterMs: Date.now() - started, reply }); });
  });
  return { closed };
}

describe('slow clients', () => {
  it('the defaults suit a JSON API: a request within 15 s, headers within 10 s, checked every second, a connection cap', () => {
    expect(JSON_API_LIMITS.requestTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(JSON_API_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(JSON_API_LIMITS.requestTimeoutMs);
    expect(JSON_API_LIMITS.checkIntervalMs).toBeLessThanOrEqual(1_000);
    expect(JSON_API_LIMITS.maxConnections).toBeGreaterThan(0);
  });

  it('S9: headers sent a byte at a time are cut off at the header deadline', async () => {
    const port = await start();
    const { closed } = trickle(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', `X-Slow: ${'a'.repeat(500)}\r\n\r\n`);
    const { afterMs, reply } = await closed;
    expect(afterMs).toBeLessThan(CUT_OFF_WITHIN_MS);
    expect(reply).not.toContain('"status":"ok"');
  });

  it('S9: a body sent a byte at a time is cut off at the request deadline with a 408', async () => {
    const port = await start();
    const head = 'POST /read-body HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n';
    const { closed } = trickle(port, head, '{'.padEnd(400, ' '));
    const { afterMs, reply } = await closed;
    expect(afterMs).toBeLessThan(CUT_OFF_WITHIN_MS);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(reply).not.toContain('"read":true');
  });

  it('S9: slow connections beyond the cap are refused, and the server answers again once they are cut off', async () => {
    const port = await start();
    const slow = Array.from({ length: LIMITS.maxConnections }, () => trickle(port, 'GET /healthz HTTP/1.1\r\n', 'H'.repeat(1_000)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = trickle(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', '');
    expect((await refused.closed).reply).toBe('');
    await Promise.all(slow.map((s) => s.closed));
    const reply = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(reply.status).toBe(200);
  });
});
