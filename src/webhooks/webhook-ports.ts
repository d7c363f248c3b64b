/**
 * What the webhook activities (and the API) need from the rest of the system: the subscriptions (config ones and the
 * registry's), and a way to start one delivery workflow idempotently. src/temporal/webhooks implements both.
 */
import type { WebhookSubscription } from '../domain/webhooks/subscription';
import type { WebhookDeliveryInput } from '../../workflows/webhooks/webhook-contract';

export interface SubscriptionEntry {
  readonly subscription: WebhookSubscription;
  readonly disabled?: { readonly reason: string; readonly at: string };
}

export interface WebhookSubscriptionReader {
  list(): Promise<readonly SubscriptionEntry[]>;
}

export interface DeliveryStarter {
  /** The registry workflow a 410 is reported to. */
  readonly registryWorkflowId: string;
  /** Starts `webhookDeliveryWorkflow` under `workflowId`; an existing one (running or closed) is left alone. */
  start(workflowId: string, input: WebhookDeliveryInput): Promise<'started' | 'exists'>;
}
