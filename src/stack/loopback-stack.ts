/**
 * A whole journey stack on loopback, for integration tests, history recording and the benchmark. The journey
 * engine (activities, worker, journey service) is assembled by `startJourneyEngine`, exactly as `npm start`
 * assembles it; what this adds is what a test swaps: an in-process simulator with fast timings and a throwaway
 * signing key, an in-memory worklist, the real gateway callback route (API key + HMAC checked) on a free port,
 * compressed durations and a short send policy. The caller brings the Temporal client and a way to make a
 * worker. Nothing is mocked.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { createInMemoryWorklist, localRoutingPlanIds, type BackoffOptions, type FactSubscriber, type InMemoryWorklist } from '../../activities';
import { BUILT_IN_CATALOGUE_DIR, loadCatalogue } from '../catalogue/load-catalogue';
import type { CatalogueTuning } from '../domain/catalogue/compile';
import type { JourneyCatalogue } from '../domain';
import { createGatewayApp } from '../gateway/app';
import { staticSecrets } from '../gateway/callbacks/callback-secrets';
import { notifyCallbackRoutes } from '../gateway/callbacks/notify-callback.route';
import type { CallbackSink } from '../contracts/ports';
import { createKeyRing, createNotifyClient, type NotifyClient, type TransportTimeouts } from '../notify';
import { createLogger, type Logger } from '../observability/logger';
import { createGatewayMetrics, createMetricsRegistry } from '../observability/metrics';
import type { OutcomeMetrics } from '../observability/outcome-metrics';
import { startSimulator, FAST_TIMINGS, type CallbackOptions, type RunningSimulator, type SimulatorOptions } from '../simulator';
import type { JourneyService } from '../temporal/journey-service';
import type { SendingControlsService } from '../temporal/controls/sending-controls-service';
import type { JourneyClockSettings, SendPolicy } from '../../workflows';
import { startJourneyEngine } from './engine';
import { aSigningKey } from './signing-key';
import type { WebhookConfig } from '../config';
import { webhookParts, type WebhookParts } from './webhooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileCohortStore, singleKeyRing } from '../cohorts/cohort-store';
import type { CohortService } from '../temporal/cohorts/cohort-service';
import type { ClientRestriction } from '../simulator/auth/auth';

/** What the stack needs of a simulator: where it answers, and how to stop it. */
export interface SimulatorEndpoint {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  close(): Promise<void>;
}

export interface HarnessOptions<S extends SimulatorEndpoint = RunningSimulator> {
  readonly client: Client;
  readonly connection: NativeConnection;
  readonly createWorker: (taskQueue: string, activities: object) => Promise<Worker>;
  readonly taskQueue: string;
  /** Durations scaled from the catalogue's (default 1/3600: an hour is a second, quiet hours off). */
  readonly timings?: CatalogueTuning;
  /** The catalogue directory (default: the built-in catalogue). */
  readonly catalogueDir?: string;
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
  /** Webhook subscriptions and policy, assembled as npm start does; omitted: none. */
  readonly webhooks?: WebhookConfig;
  /** Subscribers to the journeys' fact sink (e.g. the communications record under test). */
  readonly factSubscribers?: readonly FactSubscriber[];
  /** Sending controls timings (worker cache, held journeys' re-check). */
  readonly controls?: { readonly cacheMs?: number; readonly recheckAfterMs?: number };
  /** Where the activities count outcomes (a test reads exact values from it). */
  readonly metrics?: OutcomeMetrics;
  /** NHS Notify's configuration of this client (e.g. not approved to set contact details). */
  readonly notifyRestriction?: ClientRestriction;
  /** Cohorts through message batches: a throwaway encrypted store in a temporary directory, and its tuning. */
  readonly cohorts?: { readonly chunkSize?: number; readonly followUpSpreadMs?: number; readonly callbackTimeoutMs?: number };
  /**
   * Starts the simulator with the stack's options (default: in this process). The cohort benchmark runs it in a
   * process of its own, so the engine's memory is measured without NHS Notify's.
   */
  readonly startSimulator?: (options: SimulatorOptions) => Promise<S>;
}

export interface JourneyHarness<S extends SimulatorEndpoint = RunningSimulator> {
  readonly sim: S;
  readonly service: JourneyService;
  readonly controls: SendingControlsService;
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
  /** Present when the options had webhooks. */
  readonly webhooks: WebhookParts | undefined;
  /** Present when the options had cohorts. */
  readonly cohorts: CohortService | undefined;
  close(): Promise<void>;
}

export const TEST_SEND_POLICY: SendPolicy = {
  startToCloseMs: 5_000, scheduleToCloseMs: 60_000, maximumAttempts: 8, initialIntervalMs: 200, maximumIntervalMs: 2_000,
};

/** The catalogue's durations compressed 3600× with quiet hours off (tests about quiet hours pass their own). */
export function testTimings(overrides: CatalogueTuning = {}): CatalogueTuning {
  return { timeScale: 1 / 3600, quietHours: {}, ...overrides };
}

export async function startLoopbackStack(options: HarnessOptions): Promise<JourneyHarness>;
export async function startLoopbackStack<S extends SimulatorEndpoint>(options: HarnessOptions<S> & { readonly startSimulator: (options: SimulatorOptions) => Promise<S> }): Promise<JourneyHarness<S>>;
export async function startLoopbackStack(options: HarnessOptions<SimulatorEndpoint>): Promise<JourneyHarness<SimulatorEndpoint>> {
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const { current: catalogue } = loadCatalogue(options.catalogueDir ?? BUILT_IN_CATALOGUE_DIR, options.timings ?? testTimings());
  const journeyIdSecret = randomBytes(32);
  const application = { apiKey: `api-key-${randomUUID()}`, applicationId: `app-${randomUUID()}` };
  // The callback route needs the service, and the service needs the worker's activities, which need the
  // simulator, which needs the route's URL: the sink is bound once the engine exists.
  const bound: { sink?: CallbackSink } = {};
  const lateSink: CallbackSink = {
    deliver: (event) => { if (!bound.sink) throw new Error('callback before the engine started'); return bound.sink.deliver(event); },
  };
  const routes = notifyCallbackRoutes({ sink: lateSink, secrets: staticSecrets([application]), metrics: createGatewayMetrics(createMetricsRegistry()), logger });
  const gateway = createGatewayApp({ temporalReachable: () => Promise.resolve(true), logger, routes: [routes] });
  const server = await new Promise<Server>((resolve) => { const s = gateway.listen(0, '127.0.0.1', () => resolve(s)); });
  const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/callbacks/nhs-notify`;

  const key = await aSigningKey();
  const sim = await (options.startSimulator ?? startSimulator)({
    port: 0, timings: FAST_TIMINGS, logger,
    applications: [{ ...application, jwks: { keys: [key.publicJwk] }, ...(options.notifyRestriction === undefined ? {} : { restriction: options.notifyRestriction }) }],
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
  const webhooks = options.webhooks === undefined ? undefined : webhookParts(options.webhooks, options.taskQueue, options.client);
  const webhookHttp = webhooks?.createHttp();
  const cohortDir = options.cohorts === undefined ? undefined : await mkdtemp(join(tmpdir(), 'notify-journeys-cohorts-'));
  const cohortStore = cohortDir === undefined ? undefined : createFileCohortStore({ dir: cohortDir, keys: singleKeyRing(randomBytes(32)) });
  const engine = await startJourneyEngine({
    client: options.client, taskQueue: options.taskQueue, catalogue, journeyIdSecret, notify,
    routingPlanIds: localRoutingPlanIds(), worklist, logger,
    createWorker: (activities) => options.createWorker(options.taskQueue, activities),
    sendPolicy: options.sendPolicy ?? TEST_SEND_POLICY,
    backoff: options.backoff ?? { initialMs: 100, maxMs: 1_000 },
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.maxEscalationsPerRun === undefined ? {} : { maxEscalationsPerRun: options.maxEscalationsPerRun }),
    ...(webhooks === undefined || webhookHttp === undefined ? {} : { webhooks: webhooks.activityPorts(webhookHttp) }),
    ...(options.factSubscribers === undefined ? {} : { factSubscribers: options.factSubscribers }),
    ...(options.controls === undefined ? {} : { controls: options.controls }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    ...(cohortStore === undefined ? {} : { cohorts: { store: cohortStore, ...options.cohorts } }),
  });
  await webhooks?.store.ensureRegistry();
  const { service, worker, activities, controls } = engine;
  bound.sink = options.wrapSink?.(service) ?? service;

  return {
    sim, service, controls, worklist, catalogue, callbackUrl, application, worker, activities, signingKey: key.source, webhooks, cohorts: engine.cohorts,
    async close() {
      await engine.stop();
      await webhookHttp?.close();
      await baseClient.close();
      await sim.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cohortStore?.close();
      if (cohortDir !== undefined) await rm(cohortDir, { recursive: true, force: true });
    },
  };
}
