/**
 * Everything the journey workflows call, built from ports in one place, for src/stack (which wires it for
 * `npm start` and the tests) and for a worker in another process (the worker-kill test):
 *   createJourneyActivities({ notify, routingPlanIds, worklist, clock, controls, logger, webhooks, factSubscribers })
 */
import { createFactSinkActivities, type FactSubscriber } from './audit/fact-sink.activities';
import { createControlsActivities, type ControlsActivityDeps } from './controls/controls.activities';
import { createEscalationActivities } from './escalation/escalation.activities';
import type { EscalationWorklist } from './escalation/worklist';
import type { BackoffOptions } from './notify/notify-failure';
import { createNotifyActivities, type NotifyActivityDeps } from './notify/notify.activities';
import { ROUTING_PLANS, ROUTING_PLAN_NAMES, type RoutingPlanName } from '../src/domain/routing-plans';
import { systemClock, type Clock } from '../src/notify/clock';
import type { Logger } from '../src/observability/logger';
import { createWebhookActivities, type WebhookActivityPorts } from './webhooks/webhook.activities';
import { DEFAULT_WEBHOOK_POLICY } from '../workflows/webhooks/webhook-contract';
import type { OutcomeMetrics } from '../src/observability/outcome-metrics';

export interface JourneyActivityPorts {
  readonly notify: NotifyActivityDeps['notify'];
  readonly routingPlanIds: Readonly<Partial<Record<RoutingPlanName, string>>>;
  readonly worklist: EscalationWorklist;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly backoff?: BackoffOptions;
  /** Webhook subscriptions, delivery starts and HTTP; omitted: no subscriptions, so nothing is published. */
  readonly webhooks?: Omit<WebhookActivityPorts, 'logger'>;
  /** Who hears the journeys' facts (the communications record, …); none: facts go nowhere. */
  readonly factSubscribers?: readonly FactSubscriber[];
  /** The sending controls (kill switch, dry run) every send consults. */
  readonly controls: ControlsActivityDeps['controls'];
  readonly controlsRecheckAfterMs?: number;
  readonly onControlDecision?: ControlsActivityDeps['onDecision'];
  /** Where the activities count outcomes (the process's registry); omitted → not counted. */
  readonly metrics?: OutcomeMetrics;
}

/** No subscriptions: publishing finds nobody to deliver to, and a delivery finds its subscription gone. */
const NO_WEBHOOKS: Omit<WebhookActivityPorts, 'logger'> = {
  subscriptions: { list: () => Promise.resolve([]) },
  starter: { registryWorkflowId: 'none', start: () => Promise.reject(new Error('no webhook subscriptions are configured')) },
  http: { post: () => Promise.reject(new Error('no webhook subscriptions are configured')), close: () => Promise.resolve() },
  policy: DEFAULT_WEBHOOK_POLICY,
};

export function createJourneyActivities(ports: JourneyActivityPorts) {
  const clock = ports.clock ?? systemClock;
  return {
    ...createNotifyActivities({ notify: ports.notify, routingPlanIds: ports.routingPlanIds, clock, logger: ports.logger,
      ...(ports.backoff === undefined ? {} : { backoff: ports.backoff }), ...(ports.metrics === undefined ? {} : { metrics: ports.metrics }) }),
    ...createEscalationActivities({ worklist: ports.worklist, clock, logger: ports.logger, ...(ports.metrics === undefined ? {} : { metrics: ports.metrics }) }),
    ...createWebhookActivities({ ...(ports.webhooks ?? NO_WEBHOOKS), logger: ports.logger }),
    ...createFactSinkActivities({ subscribers: ports.factSubscribers ?? [], logger: ports.logger }),
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
