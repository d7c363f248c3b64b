import { createGatewayApp } from '../../../../src/gateway/app';
import { notifyCallbackRoutes, type NotifyCallbackOptions } from '../../../../src/gateway/callbacks/notify-callback.route';
import { staticSecrets, type CallbackSecret, type CallbackSecretSource } from '../../../../src/gateway/callbacks/callback-secrets';
import { createGatewayMetrics, createMetricsRegistry, type GatewayMetrics } from '../../../../src/observability/metrics';
import { aSecret, FakeCallbackSink } from './callbacks';
import { captureLogger, type CapturedLogger } from './log-capture';
import { listen, type RunningServer } from './server';

export interface CallbackGateway extends RunningServer {
  readonly callbackUrl: string;
  readonly sink: FakeCallbackSink;
  readonly secret: CallbackSecret;
  readonly metrics: GatewayMetrics;
  readonly log: CapturedLogger;
  /** A metric's current value for the given labels (0 when never incremented). */
  counter(name: string, labels?: Record<string, string>): Promise<number>;
}

export type GatewayOverrides = Partial<Omit<NotifyCallbackOptions, 'sink' | 'metrics' | 'logger'>> & {
  readonly secrets?: CallbackSecretSource;
};

/** The real gateway app with the real callback route, a fake sink and a captured logger, on loopback. */
export async function startCallbackGateway(overrides: GatewayOverrides = {}): Promise<CallbackGateway> {
  const secret = aSecret();
  const sink = new FakeCallbackSink();
  const log = captureLogger();
  const metrics = createGatewayMetrics(createMetricsRegistry());
  const routes = notifyCallbackRoutes({
    secrets: staticSecrets([secret]), ...overrides, sink, metrics, logger: log.logger,
  });
  const app = createGatewayApp({ temporalReachable: () => Promise.resolve(true), logger: log.logger, metrics, routes: [routes] });
  const running = await listen(app);
  return {
    ...running,
    callbackUrl: `${running.url}/v1/callbacks/nhs-notify`,
    sink, secret, metrics, log,
    async counter(name, labels = {}) {
      const metric = await metrics.registry.getSingleMetric(name)?.get();
      const match = metric?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
      return match?.value ?? 0;
    },
  };
}
