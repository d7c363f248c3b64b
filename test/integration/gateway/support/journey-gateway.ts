import { createGatewayApp } from '../../../../src/gateway/app';
import { createApiKey, createApiKeyVerifier, parseApiKeyConfig, type ApiKeyScope } from '../../../../src/gateway/auth/api-keys';
import { gatewayRoutes } from '../../../../src/gateway/routes';
import { createGatewayMetrics, createMetricsRegistry, type GatewayMetrics } from '../../../../src/observability/metrics';
import { FakeJourneyPort } from './fake-journey-port';
import { testValidators } from './journey-validators';
import { captureLogger, type CapturedLogger } from './log-capture';
import { listen, type RunningServer } from './server';

export interface JourneyGateway extends RunningServer {
  readonly port: FakeJourneyPort;
  readonly metrics: GatewayMetrics;
  readonly log: CapturedLogger;
  /** Bearer keys by role, created with the real key generator and admitted through the real config parser. */
  readonly keys: { readonly writer: string; readonly reader: string; readonly escalations: string; readonly metrics: string; readonly all: string };
  auth(key: string): Record<string, string>;
}

export async function startJourneyGateway(options: { protectMetrics?: boolean; maxBatchItems?: number } = {}): Promise<JourneyGateway> {
  const make = (...scopes: ApiKeyScope[]) => createApiKey(scopes);
  const created = {
    writer: make('journeys:write'), reader: make('journeys:read'), escalations: make('escalations'), metrics: make('metrics'),
    all: make('journeys:write', 'journeys:read', 'escalations'),
  };
  const authenticate = createApiKeyVerifier(parseApiKeyConfig(Object.values(created).map((k) => k.configEntry).join(',')));
  const port = new FakeJourneyPort();
  const log = captureLogger();
  const metrics = createGatewayMetrics(createMetricsRegistry());
  const routes = gatewayRoutes({
    logger: log.logger, metrics,
    journeys: { port, validators: testValidators, authenticate, fingerprintSecret: 'test-fingerprint-secret-0123456789abcdef',
      ...(options.maxBatchItems === undefined ? {} : { maxBatchItems: options.maxBatchItems }) },
    ...(options.protectMetrics === true ? { protectMetrics: authenticate } : {}),
  });
  const app = createGatewayApp({ temporalReachable: () => Promise.resolve(true), logger: log.logger, metrics, routes });
  const running = await listen(app);
  return {
    ...running, port, metrics, log,
    keys: { writer: created.writer.key, reader: created.reader.key, escalations: created.escalations.key, metrics: created.metrics.key, all: created.all.key },
    auth: (key) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' }),
  };
}
