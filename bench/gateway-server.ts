/**
 * Child process for bench/gateway.ts: serves the real gateway callback route on 127.0.0.1:0 with one of two
 * sinks, or an express hello-world baseline, and reports over IPC. Run only by bench/gateway.ts.
 *   gateway:  an in-process sink (the gateway's own cost: parse, verify, validate, dedupe)
 *   temporal: the real Temporal adapter, signalling running workflows on a dev server of its own
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { createGatewayApp } from '../src/gateway/app';
import { staticSecrets } from '../src/gateway/callbacks/callback-secrets';
import type { CallbackSink, DeliveryResult, VerifiedStatusEvent } from '../src/contracts/ports';
import { gatewayRoutes } from '../src/gateway/routes';
import { createLogger } from '../src/observability/logger';
import { createGatewayMetrics, createMetricsRegistry } from '../src/observability/metrics';
import { createJourneyService } from '../src/temporal/journey-service';
import { startEphemeralTemporal, type EphemeralTemporal } from '../src/temporal/journeys/ephemeral-temporal';
import { baselineWorkflow, deliveryWorkflowId } from '../workflows';
import { builtInCatalogue } from '../src/catalogue/built-in';

const mode = process.argv[2];
const secret = { applicationId: process.env.BENCH_APP_ID ?? '', apiKey: process.env.BENCH_API_KEY ?? '' };
const now = (): number => performance.timeOrigin + performance.now();

/** Records when each event reached the end of the measured path: the sink call, or Temporal accepting the signal. */
class TimingSink implements CallbackSink {
  readonly reachedAt = new Map<string, number>();
  constructor(private readonly next?: CallbackSink) {}
  async deliver(event: VerifiedStatusEvent): Promise<DeliveryResult> {
    const result = this.next ? await this.next.deliver(event) : 'delivered';
    if (result === 'delivered') this.reachedAt.set(event.idempotencyKey, now());
    return result;
  }
}

/**
 * The workflows callbacks are addressed to: `notify-message-<messageReference>`, as the journey's delivery
 * step names them. They run the baseline workflow with no worker polling, so the figure is the gateway plus
 * Temporal accepting the signal (the server records it in history), not workflow execution.
 */
async function temporalSink(references: readonly string[]): Promise<{ sink: CallbackSink; temporal: EphemeralTemporal }> {
  const temporal = await startEphemeralTemporal();
  const taskQueue = `bench-gateway-${process.pid}`;
  for (const reference of references) {
    await temporal.client.workflow.start(baselineWorkflow, {
      taskQueue, workflowId: deliveryWorkflowId(reference), args: [{ reference, waitMs: 3_600_000 }],
    });
  }
  const service = createJourneyService({ client: temporal.client, taskQueue, catalogue: builtInCatalogue(), journeyIdSecret: 'x'.repeat(32) });
  return { sink: service, temporal };
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

async function main(): Promise<void> {
  const references = (process.env.BENCH_REFERENCES ?? '').split(',').filter(Boolean);
  const target = mode === 'temporal' ? await temporalSink(references) : undefined;
  const sink = new TimingSink(target?.sink);
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
      server.close(() => void (target?.temporal.stop() ?? Promise.resolve()).then(() => process.exit(0)));
    }
  });
}

void main();
