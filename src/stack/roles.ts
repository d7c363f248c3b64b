/**
 * What each ROLE runs. `all` is the embedded default (API + worker in one process); `api` and `worker` are the
 * two parts a deployment scales on its own, any number of each against one Temporal. Nothing here is
 * per-process state a second replica would need to share: journeys are keyed by workflow id, and a callback
 * delivered to two API replicas is applied once because the workflow ignores a repeated callback key.
 */
import type { Server } from 'node:http';
import type { Worker } from '@temporalio/worker';
import express from 'express';
import { Gauge } from 'prom-client';
import type { Config, Role } from '../config';
import type { Readiness } from '../contracts/readiness';
import { healthRoutes } from '../gateway/health.routes';
import { listenGateway } from '../gateway/http/server';
import { createMetricsRegistry } from '../observability/metrics';
import { allOf, READY } from '../temporal/readiness';

export function runsApi(role: Role): boolean {
  return role !== 'worker';
}

export function runsWorker(role: Role): boolean {
  return role !== 'api';
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Ready only while the worker polls: created (the workflow bundle loaded) and not stopping or failed. */
export function workerReadiness(worker: () => Worker | undefined): () => Promise<Readiness> {
  return () => Promise.resolve(worker()?.getState() === 'RUNNING' ? READY : { ready: false, reason: 'WORKER_NOT_RUNNING' });
}

export interface WorkerHttp {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The worker role's own endpoint (WORKER_HTTP_PORT): /healthz, /readyz (Temporal, namespace, search
 * attributes and a running worker) and /metrics (process metrics and whether the worker runs). It serves
 * from before the worker is created, so a slow start reads as alive but not ready.
 */
export async function startWorkerHttp(config: Config, namespaceReady: () => Promise<Readiness>, worker: () => Worker | undefined,
  registry = createMetricsRegistry({ collectDefaults: true })): Promise<WorkerHttp> {
  new Gauge({
    name: 'notify_journeys_worker_running', help: '1 while this process polls its task queue', registers: [registry],
    collect() { this.set(worker()?.getState() === 'RUNNING' ? 1 : 0); },
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(allOf(workerReadiness(worker), namespaceReady)));
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  const { host, port } = config.workerHttp;
  const server = await listenGateway(app, host, port);
  return { url: `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${port}`, close: () => closeServer(server) };
}
