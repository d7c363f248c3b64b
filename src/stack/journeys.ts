/**
 * The journey engine's parts that come from config: the catalogue (CATALOGUE_DIR, durations scaled by JOURNEY_TIME_SCALE)
 * and the staff worklist beside the data. `engine.ts` assembles them.
 */
import { join } from 'node:path';
import { createJsonlWorklist, type EscalationWorklist } from '../../activities';
import { BUILT_IN_CATALOGUE_DIR, loadCatalogue } from '../catalogue/load-catalogue';
import type { JourneyCatalogue, RoutingPlanName } from '../domain';
import { ConfigError, routingPlanVariable, type Config } from '../config';
import type { Logger } from '../observability/logger';

export function catalogueFromConfig(config: Config): JourneyCatalogue {
  const { current: catalogue, published } = loadCatalogue(config.journeys.catalogueDir ?? BUILT_IN_CATALOGUE_DIR, { timeScale: config.journeys.timeScale });
  const missing = new Set<RoutingPlanName>();
  // Every published version, not only the current ones: journeys started on an older version still send with its plans.
  for (const journey of Object.values(published).flatMap((versions) => Object.values(versions))) {
    for (const step of journey.steps) if (!config.notify.routingPlanIds[step.routingPlan]) missing.add(step.routingPlan);
  }
  // A journey whose plan has no id could only fail at its first send: refuse to start instead.
  if (missing.size > 0) {
    throw new ConfigError([...missing].map((name) => ({ variable: routingPlanVariable(name), message: 'required: a journey step uses this routing plan' })));
  }
  return catalogue;
}

export function worklistFromConfig(config: Config, logger: Logger): EscalationWorklist {
  return createJsonlWorklist({ filePath: join(config.dataDir, 'escalations.jsonl'), logger });
}
