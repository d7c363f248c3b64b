/**
 * The journey engine's parts, from config: the catalogue (durations scaled by JOURNEY_TIME_SCALE), the
 * activities with their ports, and the Temporal adapter the gateway talks to.
 */
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { createBaselineActivities, createJsonlWorklist } from '../../activities';
import { buildCatalogue, DEFAULT_JOURNEY_TIMINGS, scaleTimings, type JourneyCatalogue, type RoutingPlanName } from '../domain';
import { ConfigError, routingPlanVariable, type Config } from '../config';
import type { NotifyClient } from '../notify';
import type { Logger } from '../observability/logger';
import { createJourneyService, type JourneyService } from '../temporal/journey-service';
import { createJourneyActivities } from '../temporal/journeys/journey-activities';

export function catalogueFromConfig(config: Config): JourneyCatalogue {
  const catalogue = buildCatalogue(scaleTimings(DEFAULT_JOURNEY_TIMINGS, config.journeys.timeScale));
  const missing = new Set<RoutingPlanName>();
  for (const journey of Object.values(catalogue)) {
    for (const step of journey.steps) if (!config.notify.routingPlanIds[step.routingPlan]) missing.add(step.routingPlan);
  }
  // A journey whose plan has no id could only fail at its first send: refuse to start instead.
  if (missing.size > 0) {
    throw new ConfigError([...missing].map((name) => ({ variable: routingPlanVariable(name), message: 'required: a journey step uses this routing plan' })));
  }
  return catalogue;
}

export function journeyActivities(config: Config, notify: NotifyClient, logger: Logger): object {
  return {
    ...createBaselineActivities(),
    ...createJourneyActivities({
      notify, routingPlanIds: config.notify.routingPlanIds, logger,
      worklist: createJsonlWorklist({ filePath: join(config.dataDir, 'escalations.jsonl'), logger }),
    }),
  };
}

export function journeyService(config: Config, client: Client, catalogue: JourneyCatalogue, journeyIdSecret: string): JourneyService {
  return createJourneyService({ client, taskQueue: config.temporal.taskQueue, catalogue, journeyIdSecret });
}
