/**
 * The journey engine, assembled the one way `npm start` and the tests share: the activities built over their
 * ports, a worker running them beside the journey workflows, and the Temporal adapter (the journey service)
 * the gateway talks to. What a caller swaps is passed in: the NHS Notify client, the worklist, how a worker is
 * made (bundle, tuning, data converter), the durations (catalogue), the send policy and the journey clock.
 * Its two halves also start alone, for the API and worker roles (roles.ts).
 */
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createBaselineActivities, createJourneyActivities, type BackoffOptions, type EscalationWorklist, type FactSubscriber } from '../../activities';
import type { JourneyCatalogue, RoutingPlanName, SecretInput } from '../domain';
import type { NotifyClient } from '../notify';
import type { Logger } from '../observability/logger';
import type { OutcomeMetrics } from '../observability/outcome-metrics';
import { createJourneyService, type JourneyService } from '../temporal/journey-service';
import { createSendingControls, type SendingControlsService } from '../temporal/controls/sending-controls-service';
import type { JourneyClockSettings, SendPolicy } from '../../workflows';
import type { JourneyActivityPorts } from '../../activities/journey-activities';
import { createCohortActivities } from '../../activities/cohorts/cohort.activities';
import type { CohortStore } from '../cohorts/cohort-store';
import { createCohortService, type CohortService } from '../temporal/cohorts/cohort-service';

export interface EngineParts {
  readonly client: Client;
  readonly taskQueue: string;
  readonly catalogue: JourneyCatalogue;
  readonly journeyIdSecret: SecretInput;
  readonly notify: NotifyClient;
  readonly routingPlanIds: Readonly<Partial<Record<RoutingPlanName, string>>>;
  readonly worklist: EscalationWorklist;
  readonly logger: Logger;
  /** Makes the worker for these activities on `taskQueue` (production: the prebuilt bundle and config tuning). */
  readonly createWorker: (activities: object) => Promise<Worker>;
  readonly sendPolicy?: SendPolicy;
  readonly clock?: JourneyClockSettings;
  readonly maxEscalationsPerRun?: number;
  readonly backoff?: BackoffOptions;
  /** Webhook ports (src/stack/webhooks.ts); omitted: no subscriptions. */
  readonly webhooks?: JourneyActivityPorts['webhooks'];
  /** The journeys' fact sink subscribers (the communications record); none: the record is off. */
  readonly factSubscribers?: readonly FactSubscriber[];
  /** Sending controls: how old a worker's view may be, and how often a held journey re-checks. */
  readonly controls?: { readonly cacheMs?: number; readonly recheckAfterMs?: number };
  /** Where the activities count outcomes; omitted → not counted. */
  readonly metrics?: OutcomeMetrics;
  /** Cohorts sent through message batches: where their rows live, and their tuning; omitted → no cohorts. */
  readonly cohorts?: CohortParts;
}

export interface CohortParts {
  readonly store: CohortStore;
  readonly chunkSize?: number;
  readonly followUpSpreadMs?: number;
  readonly callbackTimeoutMs?: number;
}

export interface RunningEngine {
  readonly service: JourneyService;
  /** The kill switch and dry run (the same module the API routes and the ops CLI call). */
  readonly controls: SendingControlsService;
  /** The activities the worker runs, for a second worker (one that replaces a killed one). */
  readonly activities: object;
  readonly worker: Worker;
  /** Present when the engine was given a cohort store. */
  readonly cohorts?: CohortService;
  /** Shuts the worker down and waits for it to finish its tasks. */
  stop(): Promise<void>;
}

type WorkerParts = Pick<EngineParts, 'client' | 'taskQueue' | 'notify' | 'routingPlanIds' | 'worklist' | 'logger' | 'createWorker' | 'backoff' | 'controls' | 'metrics' | 'webhooks' | 'factSubscribers'>
  & { readonly cohortService?: CohortService };
type ServiceParts = Pick<EngineParts, 'client' | 'taskQueue' | 'catalogue' | 'journeyIdSecret' | 'sendPolicy' | 'clock' | 'maxEscalationsPerRun'>
  & { readonly cohortService?: CohortService };

/** The worker half (all that ROLE=worker runs): the activities over their ports, and a worker running them. */
export async function startEngineWorker(parts: WorkerParts): Promise<Omit<RunningEngine, 'service'>> {
  const controls = engineControls(parts);
  const activities = {
    ...createBaselineActivities(),
    ...createJourneyActivities({
      notify: parts.notify, routingPlanIds: parts.routingPlanIds, worklist: parts.worklist, logger: parts.logger,
      ...(parts.backoff === undefined ? {} : { backoff: parts.backoff }),
      ...(parts.webhooks === undefined ? {} : { webhooks: parts.webhooks }),
      ...(parts.factSubscribers === undefined ? {} : { factSubscribers: parts.factSubscribers }),
      controls, ...(parts.metrics === undefined ? {} : { metrics: parts.metrics }),
      ...(parts.controls?.recheckAfterMs === undefined ? {} : { controlsRecheckAfterMs: parts.controls.recheckAfterMs }),
    }),
    ...(parts.cohortService === undefined ? {} : createCohortActivities({
      notify: parts.notify, routingPlanIds: parts.routingPlanIds, work: parts.cohortService.work, logger: parts.logger,
      ...(parts.backoff === undefined ? {} : { backoff: parts.backoff }),
    })),
  };
  const worker = await parts.createWorker(activities);
  const running = worker.run();
  return {
    activities, worker, controls,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

/** The adapter half (all that ROLE=api needs): the journey service over the Temporal client. */
export function engineJourneyService(parts: ServiceParts): JourneyService {
  return createJourneyService({
    client: parts.client, taskQueue: parts.taskQueue, catalogue: parts.catalogue, journeyIdSecret: parts.journeyIdSecret,
    ...(parts.sendPolicy === undefined ? {} : { sendPolicy: parts.sendPolicy }),
    ...(parts.clock === undefined ? {} : { clock: parts.clock }),
    ...(parts.maxEscalationsPerRun === undefined ? {} : { maxEscalationsPerRun: parts.maxEscalationsPerRun }),
    ...(parts.cohortService === undefined ? {} : { cohorts: parts.cohortService }),
  });
}

/** The cohort service both halves share (the worker's activities and the API's callbacks and starts). */
export function engineCohorts(parts: Omit<ServiceParts, 'cohortService'> & Pick<EngineParts, 'factSubscribers'> & { readonly cohorts: CohortParts }): CohortService {
  const subscribers = parts.factSubscribers ?? [];
  return createCohortService({
    ...(subscribers.length === 0 ? {} : { recordFacts: async (batch) => { await Promise.all(subscribers.map((s) => s.record(batch))); } }),
    client: parts.client, taskQueue: parts.taskQueue, catalogue: parts.catalogue, journeyIdSecret: parts.journeyIdSecret, store: parts.cohorts.store,
    ...(parts.sendPolicy === undefined ? {} : { sendPolicy: parts.sendPolicy }),
    ...(parts.clock === undefined ? {} : { clock: parts.clock }),
    ...(parts.maxEscalationsPerRun === undefined ? {} : { maxEscalationsPerRun: parts.maxEscalationsPerRun }),
    ...(parts.cohorts.chunkSize === undefined ? {} : { chunkSize: parts.cohorts.chunkSize }),
    ...(parts.cohorts.followUpSpreadMs === undefined ? {} : { followUpSpreadMs: parts.cohorts.followUpSpreadMs }),
    ...(parts.cohorts.callbackTimeoutMs === undefined ? {} : { callbackTimeoutMs: parts.cohorts.callbackTimeoutMs }),
  });
}

/** The sending controls over the Temporal client, for this task queue's journeys. */
export function engineControls(parts: Pick<EngineParts, 'client' | 'taskQueue' | 'controls'>): SendingControlsService {
  return createSendingControls({
    client: parts.client, taskQueue: parts.taskQueue,
    ...(parts.controls?.cacheMs === undefined ? {} : { cacheMs: parts.controls.cacheMs }),
  });
}

export async function startJourneyEngine(parts: EngineParts): Promise<RunningEngine> {
  const cohorts = parts.cohorts === undefined ? undefined : engineCohorts({ ...parts, cohorts: parts.cohorts });
  const withCohorts = cohorts === undefined ? parts : { ...parts, cohortService: cohorts };
  const worker = await startEngineWorker(withCohorts);
  return { service: engineJourneyService(withCohorts), ...worker, ...(cohorts === undefined ? {} : { cohorts }) };
}
