import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommunicationsRecord } from '../../../src/audit/communications-record';
import { journeyFactRows } from '../../../src/audit/store/fact-store';
import { createApiKey, createApiKeyVerifier, parseApiKeyConfig } from '../../../src/gateway/auth/api-keys';
import { createGatewayApp } from '../../../src/gateway/app';
import { gatewayRoutes } from '../../../src/gateway/routes';
import { createLogger } from '../../../src/observability/logger';
import { createGatewayMetrics, createMetricsRegistry } from '../../../src/observability/metrics';
import { listen, type RunningServer } from '../gateway/support/server';
import { expectErrorEnvelope, send } from '../gateway/support/http';
import { openTestAuditStore, type TestAuditStore } from '../../support/audit-store';

const NHS_NUMBER = '9990548609';
const JOURNEY_ID = `journey-appointment-reminder-${'a'.repeat(32)}`;

describe('the communications record API', () => {
  let store: TestAuditStore;
  let server: RunningServer;
  const auditor = createApiKey(['audit:read']);
  const writer = createApiKey(['journeys:write']);

  beforeAll(async () => {
    store = await openTestAuditStore('postgres');
    await store.recorder.record({
      journeyId: JOURNEY_ID, journeyType: 'appointment-reminder', nhsNumber: NHS_NUMBER,
      facts: [{ key: 'started', kind: 'journey-started', at: Date.UTC(2026, 2, 1), detail: { journeyType: 'appointment-reminder' } },
        { key: 'finished', kind: 'journey-finished', at: Date.UTC(2026, 2, 2), detail: { outcome: 'delivered' } }],
    });
    const logger = createLogger({ level: 'silent' });
    const metrics = createGatewayMetrics(createMetricsRegistry());
    const authenticate = createApiKeyVerifier(parseApiKeyConfig([auditor.configEntry, writer.configEntry]));
    const routes = gatewayRoutes({ logger, metrics, communications: { record: createCommunicationsRecord(store.db, store.keys), authenticate } });
    server = await listen(createGatewayApp({ temporalReachable: () => Promise.resolve(true), logger, metrics, routes }));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  const search = (key: string, body: unknown) => send(`${server.url}/v1/patients/communications/search`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });

  it('K6: a patient search needs audit:read and a reason, takes the NHS number in the body, and is itself recorded', async () => {
    expectErrorEnvelope(await search(writer.key, { nhsNumber: NHS_NUMBER, reason: 'patient phoned' }), 'INSUFFICIENT_SCOPE');
    const noReason = await search(auditor.key, { nhsNumber: NHS_NUMBER });
    expect(expectErrorEnvelope(noReason, 'INVALID_REQUEST').error.details).toContainEqual(expect.objectContaining({ pointer: '/reason' }));
    expect(noReason.text).not.toContain(NHS_NUMBER);
    expectErrorEnvelope(await search(auditor.key, { nhsNumber: '1234567890', reason: 'patient phoned' }), 'INVALID_REQUEST');

    const found = await search(auditor.key, { nhsNumber: NHS_NUMBER, reason: 'patient phoned: CALL-7', requesterRole: 'operations' });
    expect(found.status).toBe(200);
    const body = found.json as { journeys: { journeyId: string; chainIntact: boolean; facts: { kind: string }[] }[] };
    expect(body.journeys.map((j) => [j.journeyId, j.chainIntact, j.facts.map((f) => f.kind)])).toEqual([[JOURNEY_ID, true, ['journey-started', 'journey-finished']]]);
    expect(found.text).not.toContain(NHS_NUMBER);

    const lookups = (await journeyFactRows(store.db, 'access')).filter((r) => r.kind === 'patient-lookup');
    expect(lookups.at(-1)?.detail).toEqual({ principalId: auditor.id, role: 'operations', reason: 'patient phoned: CALL-7', returnedJourneys: [JOURNEY_ID], returnedFacts: 2 });
  });

  it('K6: GET /v1/journeys/{id}/record returns the journey\'s record (404 for one it does not hold); GET on the search is 405', async () => {
    const reply = await send(`${server.url}/v1/journeys/${JOURNEY_ID}/record`, { headers: { authorization: `Bearer ${auditor.key}` } });
    expect(reply.status).toBe(200);
    expect((reply.json as { facts: unknown[] }).facts).toHaveLength(2);
    const missing = await send(`${server.url}/v1/journeys/journey-appointment-reminder-${'b'.repeat(32)}/record`, { headers: { authorization: `Bearer ${auditor.key}` } });
    expectErrorEnvelope(missing, 'JOURNEY_NOT_FOUND');
    expect((await send(`${server.url}/v1/patients/communications/search`, { headers: { authorization: `Bearer ${auditor.key}` } })).status).toBe(405);
  });
});
