/**
 * A whole journey stack on loopback, for integration tests, history recording and the benchmark: a worker
 * running the journey workflows with real activities, the NHS Notify client with signed-JWT auth against an
 * in-process simulator, and the real gateway callback route (API key + HMAC checked) whose sink is the
 * Temporal adapter. The caller brings the Temporal client and a way to make a worker. Nothing is mocked.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { createInMemoryWorklist, type InMemoryWorklist } from '../../../activities';
import type { BackoffOptions } from '../../../activities/notify/notify-failure';
import { buildCatalogue, DEFAULT_JOURNEY_TIMINGS, scaleTimings, type JourneyCatalogue, type JourneyTimings } from '../../domain';
import { createGatewayApp } from '../../gateway/app';
import { staticSecrets } from '../../gateway/callbacks/callback-secrets';
import { notifyCallbackRoutes } from '../../gateway/callbacks/notify-callback.route';
import type { CallbackSink } from '../../gateway/ports';
import { createKeyRing, createNotifyClient, type NotifyClient, type TransportTimeouts } from '../../notify';
import { createLogger, type Logger } from '../../observability/logger';
import { createGatewayMetrics, createMetricsRegistry } from '../../observability/metrics';
import { startSimulator, FAST_TIMINGS, type CallbackOptions, type RunningSimulator, type SimulatorOptions } from '../../simulator';
import { createJourneyService, type JourneyService } from '../journey-service';
import { createJourneyActivities, localRoutingPlanIds } from './journey-activities';
import type { JourneyClockSettings, SendPolicy } from '../../../workflows';
import { aSigningKey } from './signing-key';

export interface HarnessOptions {
  readonly client: Client;
  readonly connection: NativeConnection;
  readonly createWorker: (taskQueue: string, activities: object) => Promise<Worker>;
  readonly taskQueue: string;
  /** Durations scaled from production (default 1/3600: an hour is a second). */
  readonly timings?: Partial<JourneyTimings>;
  readonly simulator?: Partial<SimulatorOptions>;
  readonly sendPolicy?: SendPolicy;
  readonly clock?: JourneyClockSettings;
  readonly maxEscalationsPerRun?: number;
  readonly notifyTimeouts?: Partial<TransportTimeouts>;
  readonly backoff?: BackoffOptions;
  readonly logger?: Logger;
  /** Which statuses the simulator calls back for (NHS Notify subscriptions); default: all. */
  readonly callbackSubscription?: Pick<CallbackOptions, 'messageStatuses' | 'channelStatuses'>;
  /** Wrap the callback sink, e.g. to time callbacks (benchmark). */
  readonly wrapSink?: (sink: CallbackSink) => CallbackSink;
  /** Wrap the NHS Notify client, e.g. to fail after acceptance (R1). */
  readonly wrapNotify?: (client: NotifyClient) => NotifyClient;
}

export interface JourneyHarness {
  readonly sim: RunningSimulator;
  readonly service: JourneyService;
  readonly worklist: InMemoryWorklist;
  readonly catalogue: JourneyCatalogue;
  readonly callbackUrl: string;
  /** The NHS Notify application the simulator calls back as (API key + HMAC secret). */
  readonly application: { readonly apiKey: string; readonly applicationId: string };
  readonly worker: Worker;
  /** The activities the worker runs, for a second worker (e.g. one that replaces a killed one). */
  readonly activities: object;
  /** The throwaway signing key the simulator trusts (made per stack, never stored): for a worker in another process. */
  readonly signingKey: { readonly kid: string; readonly pem: string };
  close(): Promise<void>;
}

export const TEST_SEND_POLICY: SendPolicy = {
  startToCloseMs: 5_000, scheduleToCloseMs: 60_000, maximumAttempts: 8, initialIntervalMs: 200, maximumIntervalMs: 2_000,
};

/** Production timings compressed 3600× with quiet hours off (tests about quiet hours pass their own). */
export function testTimings(overrides: Partial<JourneyTimings> = {}): JourneyTimings {
  return { ...scaleTimings(DEFAULT_JOURNEY_TIMINGS, 1 / 3600), quietHours: {}, ...overrides };
}

export async function startLocalJourneyStack(options: HarnessOptions): Promise<JourneyHarness> {
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const catalogue = buildCatalogue(options.timings ?? testTimings());
  const journeyIdSecret = randomBytes(32);
  const application = { apiKey: `api-key-${randomUUID()}`, applicationId: `app-${randomUUID()}` };
  const service = createJourneyService({
    client: options.client, taskQueue: options.taskQueue, catalogue, journeyIdSecret,
    sendPolicy: options.sendPolicy ?? TEST_SEND_POLICY,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.maxEscalationsPerRun === undefined ? {} : { maxEscalationsPerRun: options.maxEscalationsPerRun }),
  });

  const routes = notifyCallbackRoutes({ sink: options.wrapSink?.(service) ?? service, secrets: staticSecrets([application]), metrics: createGatewayMetrics(createMetricsRegistry()), logger });
  const gateway = createGatewayApp({ temporalReachable: () => Promise.resolve(true), logger, routes: [routes] });
  const server = await new Promise<Server>((resolve) => { const s = gateway.listen(0, '127.0.0.1', () => resolve(s)); });
  const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/callbacks/nhs-notify`;

  const key = await aSigningKey();
  const sim = await startSimulator({
    port: 0, timings: FAST_TIMINGS, logger,
    applications: [{ ...application, jwks: { keys: [key.publicJwk] } }],
    callbacks: { url: callbackUrl, ...application, backoffBaseMs: 50, backoffCapMs: 500, ...options.callbackSubscription },
    ...options.simulator,
  });
  const baseClient = createNotifyClient({
    baseUrl: sim.baseUrl, logger,
    auth: { kind: 'signed-jwt', tokenUrl: sim.tokenUrl, apiKey: application.apiKey, keyRing: createKeyRing([key.source]) },
    timeouts: { connectMs: 1_000, headersMs: 2_000, bodyMs: 2_000, totalMs: 3_000, ...options.notifyTimeouts },
  });
  const notify = options.wrapNotify?.(baseClient) ?? baseClient;
  const worklist = createInMemoryWorklist();
  const activities = createJourneyActivities({
    notify, routingPlanIds: localRoutingPlanIds(), worklist, logger,
    backoff: options.backoff ?? { initialMs: 100, maxMs: 1_000 },
  });
  const worker = await options.createWorker(options.taskQueue, activities);
  const running = worker.run();

  return {
    sim, service, worklist, catalogue, callbackUrl, application, worker, activities, signingKey: key.source,
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await baseClient.close();
      await sim.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
