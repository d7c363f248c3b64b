import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApiKey, createApiKeyVerifier, parseApiKeyConfig } from '../../../src/gateway/auth/api-keys';
import { createGatewayApp } from '../../../src/gateway/app';
import { webhookRoutes } from '../../../src/gateway/webhooks/webhook.routes';
import { createLogger } from '../../../src/observability/logger';
import { createGatewayMetrics, createMetricsRegistry } from '../../../src/observability/metrics';
import { createWebhookStore } from '../../../src/temporal/webhooks/webhook-store';
import { createWebhookService } from '../../../src/webhooks/webhook-service';
import { connectTestEnvironment, createTestWorker, uniqueTaskQueue } from '../../support/temporal';

describe('POST/GET/DELETE /v1/webhooks (scope webhooks), subscriptions held by the registry workflow', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const servers: Server[] = [];
  const urls: { local: string; strict: string } = { local: '', strict: '' };
  const systemA = createApiKey(['webhooks']);
  const systemB = createApiKey(['webhooks']);
  const noScope = createApiKey(['journeys:read']);

  async function listen(requireHttps: boolean, blockPrivateAddresses: boolean, registryWorkflowId: string, taskQueue: string): Promise<string> {
    const store = createWebhookStore({ client: env.client, taskQueue, registryWorkflowId, configSubscriptions: [] });
    const metrics = createGatewayMetrics(createMetricsRegistry());
    const authenticate = createApiKeyVerifier(parseApiKeyConfig([systemA.configEntry, systemB.configEntry, noScope.configEntry]));
    const app = createGatewayApp({
      temporalReachable: () => Promise.resolve(true), logger: createLogger({ level: 'silent' }), metrics,
      routes: [webhookRoutes({ service: createWebhookService({ store, requireHttps, blockPrivateAddresses }), authenticate, metrics })],
    });
    const server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    env = await connectTestEnvironment();
    const taskQueue = uniqueTaskQueue('webhook-api');
    worker = await createTestWorker({ connection: env.nativeConnection, taskQueue, activities: {} });
    running = worker.run();
    urls.local = await listen(false, false, `webhook-registry-local-${taskQueue}`, taskQueue);
    urls.strict = await listen(true, true, `webhook-registry-strict-${taskQueue}`, taskQueue);
  });
  afterAll(async () => {
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const call = (base: string, key: string, method: string, path: string, body?: unknown) => fetch(`${base}${path}`, {
    method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

  it('creates a subscription (secret shown once), lists it only to its own system, and deletes it', async () => {
    const created = await call(urls.local, systemA.key, 'POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', eventTypes: ['journey.delivered', 'journey.failed'], journeyTypes: ['appointment-reminder'] });
    expect(created.status).toBe(201);
    const body = await created.json() as { subscription: { id: string; secretCount: number; system: string }; secret: string };
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.subscription).toMatchObject({ secretCount: 1, system: systemA.id });
    expect(created.headers.get('location')).toBe(`/v1/webhooks/${body.subscription.id}`);

    const mine = await (await call(urls.local, systemA.key, 'GET', '/v1/webhooks')).json() as { items: { id: string }[] };
    expect(mine.items.map((s) => s.id)).toEqual([body.subscription.id]);
    expect(JSON.stringify(mine)).not.toContain(body.secret);
    const theirs = await (await call(urls.local, systemB.key, 'GET', '/v1/webhooks')).json() as { items: unknown[] };
    expect(theirs.items).toEqual([]);
    expect((await call(urls.local, systemB.key, 'DELETE', `/v1/webhooks/${body.subscription.id}`)).status).toBe(404);

    const deliveries = await call(urls.local, systemA.key, 'GET', `/v1/webhooks/${body.subscription.id}/deliveries`);
    expect(deliveries.status).toBe(200);
    expect(await deliveries.json()).toEqual({ items: [] });

    // Rotation: a new secret signs beside the previous one until the previous is retired.
    const rotated = await call(urls.local, systemA.key, 'POST', `/v1/webhooks/${body.subscription.id}/secrets`);
    expect(rotated.status).toBe(201);
    const { secret: next } = await rotated.json() as { secret: string };
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(body.secret);
    const secretCount = async () => ((await (await call(urls.local, systemA.key, 'GET', '/v1/webhooks')).json()) as { items: { secretCount: number }[] }).items[0]?.secretCount;
    expect(await secretCount()).toBe(2);
    expect((await call(urls.local, systemB.key, 'POST', `/v1/webhooks/${body.subscription.id}/secrets`)).status).toBe(404);
    expect((await call(urls.local, systemA.key, 'DELETE', `/v1/webhooks/${body.subscription.id}/secrets/previous`)).status).toBe(204);
    expect(await secretCount()).toBe(1);

    expect((await call(urls.local, systemA.key, 'DELETE', `/v1/webhooks/${body.subscription.id}`)).status).toBe(204);
    expect((await (await call(urls.local, systemA.key, 'GET', '/v1/webhooks')).json() as { items: unknown[] }).items).toEqual([]);
  });

  it('needs the webhooks scope, and refuses bad bodies with a 400 naming the field', async () => {
    expect((await call(urls.local, noScope.key, 'GET', '/v1/webhooks')).status).toBe(403);
    expect((await fetch(`${urls.local}/v1/webhooks`)).status).toBe(401);
    const bad = await call(urls.local, systemA.key, 'POST', '/v1/webhooks', { url: 'http://127.0.0.1/hooks', eventTypes: ['journey.exploded'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('/eventTypes');
  });

  it('SSRF: outside local a receiver that is not https, or resolves to a private or loopback address, is refused at subscription time', async () => {
    for (const url of ['http://clinic.example.nhs.uk/hooks', 'https://localhost/hooks', 'https://127.0.0.1/hooks', 'https://10.0.0.7/hooks', 'https://169.254.169.254/latest', 'https://[::1]/hooks']) {
      const refused = await call(urls.strict, systemA.key, 'POST', '/v1/webhooks', { url, eventTypes: ['journey.delivered'] });
      expect(refused.status, url).toBe(400);
      expect(JSON.stringify(await refused.json()), url).toContain('/url');
    }
    expect((await (await call(urls.strict, systemA.key, 'GET', '/v1/webhooks')).json() as { items: unknown[] }).items).toEqual([]);
  });
});
