/**
 * Child process for bench/gateway.ts: serves either the real gateway (callback route, in-process fake sink)
 * or an express hello-world baseline on 127.0.0.1:0, and reports over IPC. Run only by bench/gateway.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { createGatewayApp } from '../src/gateway/app';
import { staticSecrets } from '../src/gateway/callbacks/callback-secrets';
import type { CallbackSink, DeliveryResult, VerifiedStatusEvent } from '../src/gateway/ports';
import { gatewayRoutes } from '../src/gateway/routes';
import { createLogger } from '../src/observability/logger';
import { createGatewayMetrics, createMetricsRegistry } from '../src/observability/metrics';

const mode = process.argv[2];
const secret = { applicationId: process.env.BENCH_APP_ID ?? '', apiKey: process.env.BENCH_API_KEY ?? '' };
const now = (): number => performance.timeOrigin + performance.now();

/** Records when each event reached the sink: the end of the measured path (the lead swaps in Temporal). */
class TimingSink implements CallbackSink {
  readonly reachedAt = new Map<string, number>();
  deliver(event: VerifiedStatusEvent): Promise<DeliveryResult> {
    this.reachedAt.set(event.idempotencyKey, now());
    return Promise.resolve('delivered');
  }
}

function gatewayApp(sink: TimingSink): express.Express {
  // Production shape: info-level access logs, written asynchronously (to /dev/null here).
  const logger = createLogger({ level: 'info', destination: pino.destination({ dest: '/dev/null', sync: false }) });
  const metrics = createGatewayMetrics(createMetricsRegistry());
  const routes = gatewayRoutes({ logger, metrics, callbacks: { sink, secrets: staticSecrets([secret]) } });
  return createGatewayApp({ temporalReachable: () => Promise.resolve(true), logger, metrics, routes });
}

function helloApp(): express.Express {
  const app = express();
  app.post('/v1/callbacks/nhs-notify', (_req, res) => { res.status(202).json({ status: 'accepted' }); });
  return app;
}

const sink = new TimingSink();
const server = createServer(mode === 'hello' ? helloApp() : gatewayApp(sink));
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
});
process.on('message', (message: { type: string; keys?: string[] }) => {
  if (message.type === 'collect') {
    const times = (message.keys ?? []).map((key) => sink.reachedAt.get(key) ?? -1);
    sink.reachedAt.clear();
    process.send?.({ type: 'collected', times, rss: process.memoryUsage().rss });
  } else if (message.type === 'exit') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
