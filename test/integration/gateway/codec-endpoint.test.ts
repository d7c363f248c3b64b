/** The Temporal codec endpoint over real HTTP on loopback, with real keys (payload and API). */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { createApiKey, createApiKeyVerifier, hashApiKey, parseApiKeyConfig } from '../../../src/gateway/auth/api-keys';
import { createGatewayApp } from '../../../src/gateway/app';
import { codecRoutes } from '../../../src/gateway/codec/codec.routes';
import { createLogger } from '../../../src/observability/logger';
import { createGatewayMetrics, createMetricsRegistry } from '../../../src/observability/metrics';
import { AesGcmPayloadCodec, newPayloadKeyEntry, parsePayloadKeyRing } from '../../../src/temporal/payload-codec';

const UI = 'http://localhost:8233';
/** A configured (PAYLOAD_CODEC_CORS_ORIGINS) UI: allowed by CORS, but never anonymous. */
const OTHER_UI = 'https://temporal-ui.example.nhs.uk';
const codecKey = createApiKey(['codec']);
const readKey = createApiKey(['journeys:read']);
const entry = (k: ReturnType<typeof createApiKey>, scope: string) => `${k.key.split('_')[1] ?? ''}:${hashApiKey(k.key).toString('hex')}:${scope}`;

async function serve(anonymousFromLoopback: boolean): Promise<{ url: string; server: Server }> {
  const metrics = createGatewayMetrics(createMetricsRegistry());
  const authenticate = createApiKeyVerifier(parseApiKeyConfig([entry(codecKey, 'codec'), entry(readKey, 'journeys:read')]));
  const codec = new AesGcmPayloadCodec(parsePayloadKeyRing([newPayloadKeyEntry('k1')]));
  const app = createGatewayApp({ temporalReachable: () => Promise.resolve(true), logger: createLogger({ level: 'silent' }), metrics,
    routes: [codecRoutes({ codec, authenticate, metrics, allowedOrigins: [UI, OTHER_UI], anonymousOrigins: anonymousFromLoopback ? [UI] : [] })] });
  const server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const wire = (value: unknown) => {
  const p = defaultPayloadConverter.toPayload(value);
  return { metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(p.data ?? []).toString('base64') };
};
type Wire = ReturnType<typeof wire>;

describe('codec endpoint (/codec/encode, /codec/decode)', () => {
  let guarded: { url: string; server: Server };
  let local: { url: string; server: Server };
  beforeAll(async () => { [guarded, local] = await Promise.all([serve(false), serve(true)]); });
  afterAll(async () => { for (const s of [guarded, local]) await new Promise((r) => s?.server.close(r)); });

  const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('encodes and decodes with the codec scope: what the Web UI shows is the original payload', async () => {
    const auth = { authorization: `Bearer ${codecKey.key}`, 'x-namespace': 'default' };
    const encoded = await post(guarded.url, '/codec/encode', { payloads: [wire({ clinicName: 'Canary Clinic' })] }, auth);
    expect(encoded.status).toBe(200);
    const sealed = ((await encoded.json()) as { payloads: Wire[] }).payloads;
    expect(Buffer.from(sealed[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    const decoded = await post(guarded.url, '/codec/decode', { payloads: sealed }, auth);
    expect(((await decoded.json()) as { payloads: Wire[] }).payloads).toEqual([wire({ clinicName: 'Canary Clinic' })]);
  });

  it('refuses a caller without a key (401) and a key without the codec scope (403)', async () => {
    expect((await post(guarded.url, '/codec/decode', { payloads: [] })).status).toBe(401);
    expect((await post(guarded.url, '/codec/decode', { payloads: [] }, { authorization: `Bearer ${readKey.key}` })).status).toBe(403);
  });

  it('local tier: the embedded Web UI on loopback needs no key, but a wrong key is still refused', async () => {
    expect((await post(local.url, '/codec/decode', { payloads: [] }, { origin: UI })).status).toBe(200);
    expect((await post(local.url, '/codec/decode', { payloads: [] }, { origin: 'https://evil.example' })).status).toBe(401);
    expect((await post(local.url, '/codec/decode', { payloads: [] }, { authorization: `Bearer ${readKey.key}` })).status).toBe(403);
  });

  it('local tier: a loopback caller with no Origin, another allowed origin, or one behind a proxy needs the codec scope', async () => {
    expect((await post(local.url, '/codec/decode', { payloads: [] })).status).toBe(401);
    expect((await post(local.url, '/codec/decode', { payloads: [] }, { origin: OTHER_UI })).status).toBe(401);
    expect((await post(local.url, '/codec/decode', { payloads: [] }, { origin: UI, 'x-forwarded-for': '203.0.113.9' })).status).toBe(401);
    expect((await post(local.url, '/codec/decode', { payloads: [] }, { origin: UI, forwarded: 'for=203.0.113.9' })).status).toBe(401);
    expect((await post(local.url, '/codec/decode', { payloads: [] }, { authorization: `Bearer ${codecKey.key}` })).status).toBe(200);
  });

  it('P6: a rejected body never echoes the client\'s metadata keys or values', async () => {
    const canary = `CANARY${Date.now()}`;
    const reply = await post(guarded.url, '/codec/decode', { payloads: [{ metadata: { [canary]: `${canary}!` }, data: '' }] }, { authorization: `Bearer ${codecKey.key}` });
    expect(reply.status).toBe(400);
    const text = await reply.text();
    expect(text).not.toContain(canary);
    expect((JSON.parse(text) as { error: { details: { pointer: string }[] } }).error.details[0]?.pointer).toBe('/payloads/0/metadata/*');
  });

  it('CORS answers the Web UI origin only', async () => {
    const preflight = (origin: string) => fetch(`${guarded.url}/codec/decode`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' } });
    const ok = await preflight(UI);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(UI);
    expect(ok.headers.get('access-control-allow-headers')).toContain('x-namespace');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a tampered or foreign payload is a 400 with a stable reason and no payload echoed', async () => {
    const auth = { authorization: `Bearer ${codecKey.key}` };
    const sealed = ((await (await post(guarded.url, '/codec/encode', { payloads: [wire('x')] }, auth)).json()) as { payloads: Wire[] }).payloads[0]!;
    const data = Buffer.from(sealed.data, 'base64');
    data[14] = data[14]! ^ 1;
    const tampered = await post(guarded.url, '/codec/decode', { payloads: [{ ...sealed, data: data.toString('base64') }] }, auth);
    expect(tampered.status).toBe(400);
    const body = (await tampered.json()) as { error: { code: string; reason?: string } };
    expect(body.error).toMatchObject({ code: 'INVALID_REQUEST', reason: 'PAYLOAD_AUTH_FAILED' });
    expect(JSON.stringify(body)).not.toContain(sealed.data.slice(0, 16));
    expect((await post(guarded.url, '/codec/decode', { payloads: [{ data: 'not base64!' }] }, auth)).status).toBe(400);
  });
});
