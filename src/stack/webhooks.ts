/**
 * The webhook parts from config, built once for both roles: the store over Temporal (registry workflow and
 * delivery workflows), the guarded HTTP client the worker's delivery activity uses, and the API's service.
 */
import type { Client } from '@temporalio/client';
import type { WebhookConfig } from '../config';
import { createWebhookStore, type WebhookStore } from '../temporal/webhooks/webhook-store';
import { createWebhookHttp, type WebhookHttp } from '../webhooks/post-webhook';
import { createWebhookService, type WebhookService } from '../webhooks/webhook-service';
import type { PublisherPorts } from '../../activities/webhooks/publish-events';

export interface WebhookParts {
  readonly store: WebhookStore;
  readonly service: WebhookService;
  /** The worker's ports for createJourneyActivities({ webhooks }). */
  /** For publishSendingSwitchEvent (activities/webhooks/publish-events.ts): the operating switch's events. */
  readonly publisher: PublisherPorts;
  activityPorts(http: WebhookHttp): { subscriptions: WebhookStore; starter: WebhookStore; http: WebhookHttp; policy: WebhookConfig['policy'] };
  createHttp(): WebhookHttp;
}

export function webhookParts(webhooks: WebhookConfig, taskQueue: string, client: Client): WebhookParts {
  const store = createWebhookStore({ client, taskQueue, registryWorkflowId: webhooks.registryWorkflowId, configSubscriptions: webhooks.subscriptions });
  return {
    store,
    service: createWebhookService({ store, requireHttps: webhooks.requireHttps, blockPrivateAddresses: webhooks.blockPrivateAddresses }),
    publisher: { subscriptions: store, starter: store, policy: webhooks.policy },
    activityPorts: (http) => ({ subscriptions: store, starter: store, http, policy: webhooks.policy }),
    createHttp: () => createWebhookHttp({ timeoutMs: webhooks.policy.attemptTimeoutMs, blockPrivateAddresses: webhooks.blockPrivateAddresses }),
  };
}
