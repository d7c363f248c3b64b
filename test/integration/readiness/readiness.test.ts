/**
 * Readiness that means ready, on the real dev server, in namespaces of the test's own: /readyz is 200 only
 * when Temporal answers AND the namespace has every search attribute a journey writes (AND, for a worker, it
 * polls). Without the attributes every start would fail, so /readyz names the reason and a start is a 503
 * with that reason, never a bare 500. The local tier registers what is missing at start-up.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { TEST_RECIPIENTS } from '../../../src/simulator';
import { SEARCH_ATTRIBUTES } from '../../../workflows/common/search-attributes';
import { ensureNamespace, missingSearchAttributes } from '../../../src/temporal/namespace-setup';
import { freePort } from '../../../src/temporal/tcp-ports';
import { namespaceReadiness } from '../../../src/temporal/readiness';
import { startTestStack, type TestStack } from '../../support/stack';

async function freshNamespace(connection: Connection): Promise<string> {
  const namespace = `readiness-${randomUUID().slice(0, 8)}`;
  await ensureNamespace(connection, namespace);
  // A namespace just registered takes a moment to reach every cache.
  for (let i = 0; i < 100; i += 1) {
    if (await missingSearchAttributes(connection, namespace).then(() => true, () => false)) return namespace;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`namespace ${namespace} never became visible`);
}

describe('readiness that means ready', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
  });
  afterAll(async () => {
    await connection?.close();
  });

  it('names the namespace when it does not exist, and Temporal when it does not answer', async () => {
    const missing = new Client({ connection, namespace: `no-such-namespace-${randomUUID().slice(0, 8)}` });
    expect(await namespaceReadiness(missing)()).toEqual({ ready: false, reason: 'NAMESPACE_NOT_FOUND' });
    // Nothing listens on port 1.
    const deadClient = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }), namespace: 'default' });
    expect(await namespaceReadiness(deadClient, 500)()).toEqual({ ready: false, reason: 'TEMPORAL_UNREACHABLE' });
  });

  describe('in a namespace without the search attributes', () => {
    let namespace: string;
    let test: TestStack;
    beforeAll(async () => {
      namespace = await freshNamespace(connection);
      expect(await missingSearchAttributes(connection, namespace)).toEqual(SEARCH_ATTRIBUTES.map((key) => key.name));
      test = await startTestStack('readiness', { env: { TEMPORAL_NAMESPACE: namespace } });
    });
    afterAll(async () => {
      await test?.close();
    });
    const start = () => test.api('/v1/journeys', { method: 'POST', body: JSON.stringify({
      journeyType: 'appointment-reminder', eventId: `ready-${randomUUID()}`, eventTime: new Date(Date.now() + 60_000).toISOString(),
      patient: { nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber }, personalisation: { clinicName: 'Ready Clinic' },
    }) });

    it('the local tier registers them at start-up; then /readyz is 200 and a journey starts', async () => {
      expect(await missingSearchAttributes(connection, namespace)).toEqual([]);
      expect((await fetch(`${test.stack.urls.api}/readyz`)).status).toBe(200);
      expect((await start()).status).toBe(201);
    });

    it('with them removed: /readyz is 503 SEARCH_ATTRIBUTES_MISSING naming them, and a start is 503 with that reason', async () => {
      const names = SEARCH_ATTRIBUTES.map((key) => key.name);
      await connection.operatorService.removeSearchAttributes({ namespace, searchAttributes: names });
      const ready = await fetch(`${test.stack.urls.api}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'SEARCH_ATTRIBUTES_MISSING', temporal: 'up', missing: names });
      const refused = await start();
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: { code: string; reason?: string } }).error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'SEARCH_ATTRIBUTES_MISSING' });
      expect(refused.headers.get('retry-after')).not.toBeNull();
    });
  });

  it('ROLE=worker serves /healthz, /readyz (200 once it polls) and /metrics on its own port, and no API', async () => {
    const worker = await startTestStack('worker-role', { env: { ROLE: 'worker', WORKER_HTTP_PORT: String(await freePort()) } });
    try {
      const url = worker.stack.urls.worker!;
      expect(worker.stack.urls.api).toBeUndefined();
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready', temporal: 'up' });
      expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^notify_journeys_worker_running 1$/m);
    } finally {
      await worker.close();
    }
  });
});
