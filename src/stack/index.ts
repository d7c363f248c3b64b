/**
 * The embedded default, assembled: Temporal (embedded dev server or an existing cluster), the NHS Notify
 * simulator (local tier), the worker with the journey activities, and the HTTP API with the journeys API and
 * the NHS Notify callback endpoint. Started in order, stopped in reverse. `npm start` runs this; ROLE=api or
 * ROLE=worker runs only that part (roles.ts).
 */
import { resolve } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import { createGatewayMetrics, createMetricsRegistry } from '../observability/metrics';
import { createOutcomeMetrics } from '../observability/outcome-metrics';
import { registerControlsMetrics } from '../observability/controls-metrics';
import { registerOpenJourneysMetric } from '../observability/open-journeys-metrics';
import { openJourneysByStatus } from '../temporal/journeys/open-counts';
import { ensureTemporalCli, temporalCliVersion } from '../temporal/cli-binary';
import { startDevServer, type RunningDevServer } from '../temporal/dev-server';
import { assertPortFree } from '../temporal/tcp-ports';
import { reapOrphanedDevServer } from '../temporal/orphan-reaper';
import { connectClient, temporalTarget } from '../temporal/connection';
import { registerSearchAttributes } from '../temporal/namespace-setup';
import { namespaceReadiness } from '../temporal/readiness';
import { ensureWorkflowBundle } from '../temporal/workflow-bundle';
import { connectWorker, createWorker, installRuntimeLogger } from '../temporal/worker';
import { encryptedDataConverter, parsePayloadKeyRing } from '../temporal/payload-codec';
import { createGatewayApp } from '../gateway/app';
import { listenGateway } from '../gateway/http/server';
import { gatewayRoutesFromSettings } from '../gateway/from-settings';
import { parseJwtIssuers } from '../gateway/auth/jwt-bearer';
import { ensureLocalDevCredentials, type LocalDevCredentials } from './local-dev';
import { keyRingFromConfig, notifyClientFromConfig } from './notify';
import { startEmbeddedSimulator } from './simulator';
import { engineCohorts, engineControls, engineJourneyService, startEngineWorker } from './engine';
import { createFileCohortStore } from '../cohorts/cohort-store';
import type { JourneyFactBatch } from '../domain/audit/journey-fact';
import { catalogueFromConfig, worklistFromConfig } from './journeys';
import { cohortValidator, journeyValidators } from './validators';
import { consoleFromConfig } from './console';
import { consoleSendingControls } from '../console/sending-controls-adapter';
import { consolePatientCommunications } from '../console/communications-record-adapter';
import { closeServer, runsApi, runsWorker, startWorkerHttp } from './roles';
import { webhookParts } from './webhooks';
import { startCommunicationsRecord } from './communications-record';

export interface RunningStack {
  readonly urls: {
    /** Undefined for ROLE=worker. */
    readonly api: string | undefined; readonly temporal: string; readonly webUi: string | undefined; readonly simulator: string | undefined;
    /** ROLE=worker only: its /healthz, /readyz and /metrics. */
    readonly worker?: string;
    /** The staff console, when the API runs it. */
    readonly console?: string;
  };
  /** Local tier only: the development API key, printed so a person can try the API at once. */
  readonly devApiKey: string | undefined;
  stop(): Promise<void>;
}

async function checkPorts(config: Config): Promise<void> {
  if (runsApi(config.role)) await assertPortFree(config.api.port, 'HTTP API', 'API_PORT', config.api.host);
  if (config.role === 'worker') await assertPortFree(config.workerHttp.port, 'worker health and metrics', 'WORKER_HTTP_PORT', config.workerHttp.host);
  if (config.simulator) await assertPortFree(config.simulator.port, 'NHS Notify simulator', 'SIMULATOR_PORT');
  const embedded = config.temporal.embedded;
  if (embedded) {
    await assertPortFree(embedded.grpcPort, 'Temporal gRPC', 'TEMPORAL_GRPC_PORT (or set TEMPORAL_ADDRESS to use a Temporal already running)');
    await assertPortFree(embedded.uiPort, 'Temporal Web UI', 'TEMPORAL_UI_PORT');
  }
}

/** Secrets the local tier makes for itself when they are not configured (never outside local: config refuses). */
function secretsOf(config: Config, local: LocalDevCredentials | undefined) {
  const journeyIdSecret = config.journeys.idSecret ?? local?.journeyIdSecret;
  const gatewayApiKeys = config.gateway.apiKeys ?? (local ? [local.apiKey.configEntry] : undefined);
  const payloadKeys = config.payloadEncryption.keys ?? (local ? [local.payloadKeyEntry] : undefined);
  if (!journeyIdSecret || !gatewayApiKeys || !payloadKeys) {
    throw new Error('JOURNEY_ID_SECRET, GATEWAY_API_KEYS and PAYLOAD_ENCRYPTION_KEYS are required outside the local tier');
  }
  const payloadKeyRing = parsePayloadKeyRing(payloadKeys, config.payloadEncryption.activeKeyId);
  const patientKeys = config.audit.patientKeys ?? (local ? [local.patientKeyEntry] : undefined);
  if (!patientKeys) throw new Error('AUDIT_PATIENT_KEYS is required outside the local tier');
  return { journeyIdSecret, gatewayApiKeys, payloadKeyRing, patientKeys, devApiKey: config.gateway.apiKeys ? undefined : local?.apiKey.key };
}

export async function startStack(config: Config, logger: Logger): Promise<RunningStack> {
  if (config.temporal.embedded) {
    const orphan = await reapOrphanedDevServer(resolve(config.temporal.embedded.dbFile));
    if (orphan !== undefined) logger.warn({ pid: orphan }, 'stopped a Temporal dev server left running by an earlier start that was killed');
  }
  await checkPorts(config);
  installRuntimeLogger(logger, config.sdkMetricsAddress);
  const catalogue = catalogueFromConfig(config);
  const local = config.tier === 'local' ? ensureLocalDevCredentials(config.dataDir) : undefined;
  const secrets = secretsOf(config, local);
  const { auth } = config.notify;
  const useLocalKey = auth.kind === 'signed-jwt' && auth.keyFiles.length === 0 && !auth.keyPem && local;
  const keyRing = auth.kind === 'signed-jwt' ? keyRingFromConfig(auth, useLocalKey ? [local.signingKey] : []) : undefined;

  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
  };
  try {
    let devServer: RunningDevServer | undefined;
    const embedded = config.temporal.embedded;
    if (embedded) {
      const cliPath = await ensureTemporalCli(embedded.cliPath ? { ...process.env, TEMPORAL_CLI_PATH: embedded.cliPath } : process.env);
      logger.info({ cli: temporalCliVersion(cliPath) }, 'starting the embedded Temporal dev server');
      devServer = await startDevServer({
        cliPath, port: embedded.grpcPort, uiPort: embedded.uiPort, uiCodecEndpoint: `http://localhost:${config.api.port}/codec`,
        dbFilename: resolve(embedded.dbFile), logger, readyTimeoutMs: 120_000,
      });
      stops.push(() => devServer!.stop());
    }
    const simulator = await startEmbeddedSimulator(config, keyRing, logger);
    if (simulator) stops.push(() => simulator.close());

    const target = temporalTarget(config, encryptedDataConverter(secrets.payloadKeyRing), devServer?.address);
    const client = await connectClient(target);
    stops.push(() => client.connection.close());
    if (config.tier === 'local') {
      // A namespace without our search attributes refuses every start; locally we add them (elsewhere /readyz says so).
      const added = await registerSearchAttributes(client.connection, target.namespace);
      if (added.length > 0) logger.info({ added }, 'registered missing search attributes');
    }
    const namespaceReady = namespaceReadiness(client);
    const webhooks = webhookParts(config.webhooks, config.temporal.taskQueue, client);
    // One registry per process: the activities' outcome counters, the record's backlog gauge and the gateway's
    // metrics on one /metrics (a worker's also has the process's own).
    const registry = createMetricsRegistry({ collectDefaults: config.role === 'worker' });
    const communications = await startCommunicationsRecord(config, secrets.patientKeys, logger, registry);
    if (communications) stops.push(() => communications.stop());
    const factSubscribers = communications ? [{ name: 'communications-record', record: (batch: JourneyFactBatch) => communications.recorder.record(batch) }] : [];
    // Cohorts: the rows live encrypted under DATA_DIR (the API saves them, the worker sends them, both record outcomes).
    const cohortStore = createFileCohortStore({ dir: config.cohorts.dir, keys: secrets.payloadKeyRing });
    stops.push(() => cohortStore.close());
    const cohortService = engineCohorts({ client, taskQueue: config.temporal.taskQueue, catalogue, journeyIdSecret: secrets.journeyIdSecret, cohorts: { store: cohortStore }, factSubscribers,
    });

    let worker: Worker | undefined;
    let workerUrl: string | undefined;
    if (config.role === 'worker') {
      const http = await startWorkerHttp(config, namespaceReady, () => worker, registry);
      stops.push(() => http.close());
      workerUrl = http.url;
    }
    if (runsWorker(config.role)) {
      const [workerConnection, bundlePath] = await Promise.all([connectWorker(target), ensureWorkflowBundle()]);
      stops.push(() => workerConnection.close());
      const notify = notifyClientFromConfig(config.notify, keyRing, logger);
      stops.push(() => notify.close());
      const webhookHttp = webhooks.createHttp();
      stops.push(() => webhookHttp.close());
      const engineWorker = await startEngineWorker({
        webhooks: webhooks.activityPorts(webhookHttp), cohortService,
        client, taskQueue: config.temporal.taskQueue, controls: config.controls, metrics: createOutcomeMetrics(registry),
        notify, routingPlanIds: config.notify.routingPlanIds, worklist: worklistFromConfig(config, logger), logger,
        factSubscribers,
        createWorker: (activities) => createWorker({
          connection: workerConnection, namespace: target.namespace, taskQueue: config.temporal.taskQueue,
          workflowBundlePath: bundlePath, activities, tuning: config.temporal.worker, dataConverter: target.dataConverter,
          maxTaskQueueActivitiesPerSecond: config.notify.maxSendsPerSecond,
        }),
      });
      worker = engineWorker.worker;
      stops.push(() => engineWorker.stop());
      await webhooks.store.ensureRegistry();
    }
    const urls = { temporal: target.connectionOptions.address ?? '', webUi: devServer?.uiUrl, simulator: simulator?.url };
    if (!runsApi(config.role)) return { urls: { ...urls, api: undefined, worker: workerUrl }, devApiKey: undefined, stop };

    const service = engineJourneyService({ client, taskQueue: config.temporal.taskQueue, catalogue, journeyIdSecret: secrets.journeyIdSecret, cohortService });
    const controls = engineControls({ client, taskQueue: config.temporal.taskQueue, controls: config.controls });
    // Started now, so the Web UI lists it and the first consult finds it; a Temporal not yet ready is fine (changes start it too).
    await controls.ensureRunning().catch((error: unknown) => logger.warn({ err: error }, 'the sending controls workflow could not be started yet'));
    const metrics = createGatewayMetrics(registry);
    registerControlsMetrics(registry, controls);
    registerOpenJourneysMetric(registry, { openByStatus: () => openJourneysByStatus({ client }, config.temporal.taskQueue) });
    const routes = gatewayRoutesFromSettings({
      applicationId: config.notify.applicationId, callbackApiKeys: config.notify.callbackApiKeys,
      callbackBodyLimitBytes: config.callbacks.bodyLimitBytes, callbackDedupeTtlMs: config.callbacks.dedupeTtlMs,
      gatewayApiKeys: secrets.gatewayApiKeys, protectMetrics: config.gateway.protectMetrics, fingerprintSecret: secrets.journeyIdSecret,
      jwtIssuers: parseJwtIssuers(config.gateway.jwtIssuers, config.tier === 'local'), cohortBodyLimitBytes: config.cohorts.bodyLimitBytes,
    }, {
      logger, metrics, sink: service, journeys: service, validators: journeyValidators(catalogue), codec: codecSettings(config, target.dataConverter), webhooks: webhooks.service, controls,
      ...(communications ? { communications: communications.record } : {}),
      cohorts: { port: cohortService, validator: cohortValidator(catalogue, config.cohorts.maxPatients) },
    });
    const journeyTypes = Object.keys(catalogue);
    const staffConsole = consoleFromConfig(config, client, journeyTypes, logger, {
      controls: consoleSendingControls(controls, journeyTypes),
      ...(communications ? { patients: consolePatientCommunications(communications.record) } : {}),
    });
    const app = createGatewayApp({ temporalReachable: namespaceReady, logger, metrics, routes: [...routes, ...(staffConsole ? [staffConsole.router] : [])] });
    const server = await listenGateway(app, config.api.host, config.api.port);
    stops.push(() => closeServer(server));

    return {
      urls: { ...urls, api: `http://${displayHost(config.api.host)}:${config.api.port}`, ...(staffConsole ? { console: staffConsole.url } : {}) },
      devApiKey: secrets.devApiKey, stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The Web UI's origins may call /codec; in local the embedded UI's own origins (no way to add our key) need none. */
function codecSettings(config: Config, dataConverter: DataConverter) {
  const codec = dataConverter.payloadCodecs?.[0];
  if (!codec) throw new Error('the data converter has no payload codec');
  const uiPort = config.temporal.embedded?.uiPort;
  const embeddedUi = uiPort === undefined ? [] : [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`];
  return { codec, allowedOrigins: [...embeddedUi, ...config.payloadEncryption.codecCorsOrigins], anonymousOrigins: config.tier === 'local' ? embeddedUi : [] };
}

function displayHost(host: string): string {
  return host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host;
}
