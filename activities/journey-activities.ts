/**
 * Everything the journey workflows call, built from ports in one place, for src/stack (which wires it for
 * `npm start` and the tests) and for a worker in another process (the worker-kill test):
 *   createJourneyActivities({ notify, routingPlanIds, worklist, clock, logger, webhooks })
 */
import { createEscalationActivities } from './escalation/escalation.activities';
import type { EscalationWorklist } from './escalation/worklist';
import type { BackoffOptions } from './notify/notify-failure';
import { createNotifyActivities, type NotifyActivityDeps } from './notify/notify.activities';
import { ROUTING_PLANS, ROUTING_PLAN_NAMES, type RoutingPlanName } from '../src/domain/routing-plans';
import { systemClock, type Clock } from '../src/notify/clock';
import type { Logger } from '../src/observability/logger';
import { createWebhookActivities, type WebhookActivityPorts } from './webhooks/webhook.activities';
import { DEFAULT_WEBHOOK_POLICY } from '../workflows/webhooks/webhook-contract';

export interface JourneyActivityPorts {
  readonly notify: NotifyActivityDeps['notify'];
  readonly routingPlanIds: Readonly<Partial<Record<RoutingPlanName, string>>>;
  readonly worklist: EscalationWorklist;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly backoff?: BackoffOptions;
  /** Webhook subscriptions, delivery starts and HTTP; omitted: no subscriptions, so nothing is published. */
  readonly webhooks?: Omit<WebhookActivityPorts, 'logger'>;
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
      ...(ports.backoff === undefined ? {} : { backoff: ports.backoff }) }),
    ...createEscalationActivities({ worklist: ports.worklist, clock, logger: ports.logger }),
    ...createWebhookActivities({ ...(ports.webhooks ?? NO_WEBHOOKS), logger: ports.logger }),
  };
}

/** The ids the local simulator serves each routing plan under (src/domain/routing-plans.ts). */
export function localRoutingPlanIds(): Record<RoutingPlanName, string> {
  return Object.fromEntries(ROUTING_PLAN_NAMES.map((name) => [name, ROUTING_PLANS[name].localId])) as Record<RoutingPlanName, string>;
}
