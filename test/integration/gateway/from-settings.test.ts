import { describe, expect, it } from 'vitest';
import { createGatewayApp } from '../../../src/gateway/app';
import { createApiKey } from '../../../src/gateway/auth/api-keys';
import { gatewayRoutesFromSettings, type GatewaySettings } from '../../../src/gateway/from-settings';
import { createGatewayMetrics, createMetricsRegistry } from '../../../src/observability/metrics';
import { aCallbackBody, aMessageStatusItem, FakeCallbackSink, signedHeaders } from './support/callbacks';
import { FakeJourneyPort } from './support/fake-journey-port';
import { aStartRequest, testValidators } from './support/journey-validators';
import { captureLogger } from './support/log-capture';
import { send } from './support/http';
import { listen } from './support/server';

describe('gateway wired from settings', () => {
  const key = createApiKey(['journeys:write']);
  const settings: GatewaySettings = {
    applicationId: 'app-settings-0001', callbackApiKeys: ['old-callback-key-01', 'new-callback-key-02'],
    callbackBodyLimitBytes: 4096, callbackDedupeTtlMs: 3 * 60 * 60 * 1000, gatewayApiKeys: [key.configEntry],
  };
  const ports = () => ({ logger: captureLogger().logger, metrics: createGatewayMetrics(createMetricsRegistry()),
    sink: new FakeCallbackSink(), journeys: new FakeJourneyPort(), validators: testValidators });

  it('S8: config strings become live routes: both callback keys verify, the body limit applies, the API key works', async () => {
    const p = ports();
    const server = await listen(createGatewayApp({ temporalReachable: () => Promise.resolve(true), logger: p.logger, metrics: p.metrics,
      routes: gatewayRoutesFromSettings(settings, p) }));
    try {
      for (const apiKey of settings.callbackApiKeys) {
        const body = aCallbackBody(aMessageStatusItem({ messageReference: p.sink.openJourney() }));
        const reply = await send(`${server.url}/v1/callbacks/nhs-notify`, { body, headers: signedHeaders(body, { applicationId: settings.applicationId, apiKey }) });
        expect(reply.status).toBe(202);
      }
      const big = aCallbackBody(aMessageStatusItem({ messageStatusDescription: 'x'.repeat(5000) }));
      expect((await send(`${server.url}/v1/callbacks/nhs-notify`, { body: big, headers: { 'content-type': 'application/json' } })).status).toBe(413);
      const started = await send(`${server.url}/v1/journeys`, { body: JSON.stringify(aStartRequest()),
        headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' } });
      expect(started.status).toBe(201);
    } finally {
      await server.close();
    }
  });

  it('S6: a dedupe TTL shorter than NHS Notify\'s 2 h retry window is refused at boot', () => {
    expect(() => gatewayRoutesFromSettings({ ...settings, callbackDedupeTtlMs: 60 * 60 * 1000 }, ports())).toThrow(RangeError);
  });
});
