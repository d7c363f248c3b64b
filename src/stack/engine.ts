/**
 * The journey engine, assembled the one way `npm start` and the tests share: the activities built over their
 * ports, a worker running them beside the journey workflows, and the Temporal adapter (the journey service)
 * the gateway talks to. What a caller swaps is passed in: the NHS Notify client, the worklist, how a worker is
 * made (bundle, tuning, data converter), the durations (catalogue), the send policy and the journey clock.
 * Its two halves also start alone, for the API and worker roles (roles.ts).
 */
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createBaselineActivities, createJourneyActivities, type BackoffOptions, type EscalationWorklist } from '../../activities';
import type { JourneyCatalogue, RoutingPlanName, SecretInput } from '../domain';
import type { NotifyClient } from '../notify';
import type { Logger } from '../observability/logger';
import { createJourneyService, type JourneyService } from '../temporal/journey-service';
import type { JourneyClockSettings, SendPolicy } from '../../workflows';
import type { JourneyActivityPorts } from '../../activities/journey-activities';

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
}

export interface RunningEngine {
  readonly service: JourneyService;
  /** The activities the worker runs, for a second worker (one that replaces a killed one). */
  readonly activities: object;
  readonly worker: Worker;
  /** Shuts the worker down and waits for it to finish its tasks. */
  stop(): Promise<void>;
}

type WorkerParts = Pick<EngineParts, 'notify' | 'routingPlanIds' | 'worklist' | 'logger' | 'createWorker' | 'backoff' | 'webhooks'>;
type ServiceParts = Pick<EngineParts, 'client' | 'taskQueue' | 'catalogue' | 'journeyIdSecret' | 'sendPolicy' | 'clock' | 'maxEscalationsPerRun'>;

/** The worker half (all that ROLE=worker runs): the activities over their ports, and a worker running them. */
export async function startEngineWorker(parts: WorkerParts): Promise<Omit<RunningEngine, 'service'>> {
  const activities = {
    ...createBaselineActivities(),
    ...createJourneyActivities({
      notify: parts.notify, routingPlanIds: parts.routingPlanIds, worklist: parts.worklist, logger: parts.logger,
      ...(parts.backoff === undefined ? {} : { backoff: parts.backoff }),
      ...(parts.webhooks === undefined ? {} : { webhooks: parts.webhooks }),
    }),
  };
  const worker = await parts.createWorker(activities);
  const running = worker.run();
  return {
    activities, worker,
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
  });
}

export async function startJourneyEngine(parts: EngineParts): Promise<RunningEngine> {
  const worker = await startEngineWorker(parts);
  return { service: engineJourneyService(parts), ...worker };
}
