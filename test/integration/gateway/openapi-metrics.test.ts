import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStartRequest, CANARY_NHS_NUMBER } from './support/journey-validators';
import { startJourneyGateway, type JourneyGateway } from './support/journey-gateway';
import { expectErrorEnvelope, send } from './support/http';

type Json = Record<string, unknown>;
/** Walks a parsed JSON document; undefined as soon as a step is missing. */
const at = (value: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, key) => (v as Json | undefined)?.[key], value);
const bodySchema = (spec: unknown, path: string, method: string): unknown => at(spec, 'paths', path, method, 'requestBody', 'content', 'application/json', 'schema');

describe('/openapi.json and /metrics', () => {
  let gw: JourneyGateway;
  beforeAll(async () => { gw = await startJourneyGateway(); });
  afterAll(async () => { await gw.close(); });

  it('/openapi.json documents every route with request schemas generated from the validators\' zod schemas', async () => {
    const spec = (await send(`${gw.url}/openapi.json`)).json;
    expect(at(spec, 'openapi')).toBe('3.1.0');
    expect(Object.keys(at(spec, 'paths') as Json).sort()).toEqual(['/v1/callbacks/nhs-notify', '/v1/controls/sending', '/v1/escalations', '/v1/escalations/{escalationId}/outcome',
      '/v1/journeys', '/v1/journeys/batch', '/v1/journeys/{journeyId}', '/v1/journeys/{journeyId}/cancel', '/v1/journeys/{journeyId}/record',
      '/v1/patients/communications/search',
      '/v1/webhooks', '/v1/webhooks/{id}', '/v1/webhooks/{id}/deliveries', '/v1/webhooks/{id}/secrets', '/v1/webhooks/{id}/secrets/previous']);
    expect(at(bodySchema(spec, '/v1/webhooks', 'post'), 'properties', 'eventTypes', 'items', 'enum')).toContain('journey.delivered');
    // The patient search takes the NHS number in its body: no path parameter can carry it.
    expect(Object.keys(at(spec, 'paths') as Json).filter((path) => /nhsNumber|{patient/i.test(path))).toEqual([]);
    const startSchema = bodySchema(spec, '/v1/journeys', 'post');
    expect(at(startSchema, 'required')).toEqual(['journeyType', 'eventId', 'eventTime', 'patient']);
    expect(at(startSchema, 'additionalProperties')).toBe(false);
    expect(at(bodySchema(spec, '/v1/journeys/{journeyId}/cancel', 'post'), 'properties', 'reason', 'enum')).toContain('patient_request');
    expect(at(spec, 'paths', '/v1/journeys', 'post', 'responses', '422', 'description')).toContain('IDEMPOTENCY_KEY_REUSED');
    // A 503 or a dropped connection may still have started the journey: clients are told how to retry.
    for (const where of [at(spec, 'paths', '/v1/journeys', 'post', 'description'), at(spec, 'paths', '/v1/journeys', 'post', 'responses', '503', 'description')]) {
      expect(where).toMatch(/retry with the same body/);
      expect(where).toMatch(/200 with the existing journey/);
    }
    expect((at(spec, 'paths', '/v1/journeys', 'get', 'parameters') as Json[]).map((p) => p.name)).toEqual(['type', 'status', 'limit', 'cursor']);
    expect(at(bodySchema(spec, '/v1/callbacks/nhs-notify', 'post'), 'properties', 'data', 'minItems')).toBe(1);
  });

  it('/metrics exposes the gateway metrics labelled by route template, never by id or patient data', async () => {
    const { journey } = (await send(`${gw.url}/v1/journeys`, { body: JSON.stringify(aStartRequest()), headers: gw.auth(gw.keys.writer) })).json as { journey: { journeyId: string } };
    await send(`${gw.url}/v1/journeys/${journey.journeyId}`, { headers: gw.auth(gw.keys.reader) });
    await send(`${gw.url}/v1/journeys`, { body: '{}', headers: { 'content-type': 'application/json' } });
    const reply = await send(`${gw.url}/metrics`);
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('gateway_journey_starts_total{outcome="new"} 1');
    expect(reply.text).toContain('gateway_api_auth_failures_total{reason="missing"} 1');
    expect(reply.text).toMatch(/gateway_http_request_duration_seconds_count\{method="GET",route="\/v1\/journeys\/:journeyId",status_code="200"\} 1/);
    expect(reply.text).not.toContain(journey.journeyId);
    expect(reply.text).not.toContain(CANARY_NHS_NUMBER);
    const access = gw.log.lines().filter((l) => l.msg === 'request');
    expect(access.some((l) => l.route === '/v1/journeys/:journeyId' && typeof l.keyId === 'string')).toBe(true);
    expect(gw.log.raw()).not.toContain(journey.journeyId);
  });

  it('a protected /metrics needs the metrics scope', async () => {
    const protectedGw = await startJourneyGateway({ protectMetrics: true });
    try {
      expectErrorEnvelope(await send(`${protectedGw.url}/metrics`), 'UNAUTHENTICATED');
      expectErrorEnvelope(await send(`${protectedGw.url}/metrics`, { headers: protectedGw.auth(protectedGw.keys.reader) }), 'INSUFFICIENT_SCOPE');
      expect((await send(`${protectedGw.url}/metrics`, { headers: protectedGw.auth(protectedGw.keys.metrics) })).status).toBe(200);
    } finally {
      await protectedGw.close();
    }
  });
});
