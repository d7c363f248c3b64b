/**
 * Everything the journey workflows call, built from ports in one place, for src/stack (which wires it for
 * `npm start` and the tests) and for a worker in another process (the worker-kill test):
 *   createJourneyActivities({ notify, routingPlanIds, worklist, controls, clock, logger })
 */
import { createControlsActivities, type ControlsActivityDeps } from './controls/controls.activities';
import { createEscalationActivities } from './escalation/escalation.activities';
import type { EscalationWorklist } from './escalation/worklist';
import type { BackoffOptions } from './notify/notify-failure';
import { createNotifyActivities, type NotifyActivityDeps } from './notify/notify.activities';
import { ROUTING_PLANS, ROUTING_PLAN_NAMES, type RoutingPlanName } from '../src/domain/routing-plans';
import { systemClock, type Clock } from '../src/notify/clock';
import type { Logger } from '../src/observability/logger';
import type { OutcomeMetrics } from '../src/observability/outcome-metrics';

export interface JourneyActivityPorts {
  readonly notify: NotifyActivityDeps['notify'];
  readonly routingPlanIds: Readonly<Partial<Record<RoutingPlanName, string>>>;
  readonly worklist: EscalationWorklist;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly backoff?: BackoffOptions;
  /** The sending controls (kill switch, dry run) every send consults. */
  readonly controls: ControlsActivityDeps['controls'];
  readonly controlsRecheckAfterMs?: number;
  readonly onControlDecision?: ControlsActivityDeps['onDecision'];
  /** Where the activities count outcomes (the process's registry); omitted → not counted. */
  readonly metrics?: OutcomeMetrics;
}

export function createJourneyActivities(ports: JourneyActivityPorts) {
  const clock = ports.clock ?? systemClock;
  return {
    ...createNotifyActivities({ notify: ports.notify, routingPlanIds: ports.routingPlanIds, clock, logger: ports.logger,
      ...(ports.backoff === undefined ? {} : { backoff: ports.backoff }), ...(ports.metrics === undefined ? {} : { metrics: ports.metrics }) }),
    ...createEscalationActivities({ worklist: ports.worklist, clock, logger: ports.logger, ...(ports.metrics === undefined ? {} : { metrics: ports.metrics }) }),
    ...createControlsActivities({
      controls: ports.controls, logger: ports.logger,
      ...(ports.controlsRecheckAfterMs === undefined ? {} : { recheckAfterMs: ports.controlsRecheckAfterMs }),
      ...(ports.onControlDecision === undefined ? {} : { onDecision: ports.onControlDecision }),
    }),
  };
}

/** The ids the local simulator serves each routing plan under (src/domain/routing-plans.ts). */
export function localRoutingPlanIds(): Record<RoutingPlanName, string> {
  return Object.fromEntries(ROUTING_PLAN_NAMES.map((name) => [name, ROUTING_PLANS[name].localId])) as Record<RoutingPlanName, string>;
}
