/**
 * The durable home of API-made webhook subscriptions and of 410-disabled ones: a long-running workflow, so
 * subscriptions need no database of their own and are as durable (and as encrypted) as the journeys.
 * Updates validate before anything reaches history; continue-as-new keeps the history short.
 */
import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  addWebhookSubscription, disableWebhookSubscription, removeWebhookSubscription, setWebhookSecrets, webhookRegistryState, type RegistryState,
} from './webhook-contract';
import type { WebhookSubscription } from '../../src/domain/webhooks/subscription';

const HISTORY_LIMIT = 2_000;

export async function webhookRegistryWorkflow(carried?: RegistryState): Promise<never> {
  let state: RegistryState = carried ?? { subscriptions: [], disabled: {} };
  setHandler(webhookRegistryState, () => state);
  setHandler(addWebhookSubscription, (subscription) => {
    state = { ...state, subscriptions: [...state.subscriptions, subscription] };
    return subscription;
  }, {
    validator: (subscription: WebhookSubscription) => {
      if (state.subscriptions.some((s) => s.id === subscription.id)) throw ApplicationFailure.nonRetryable('subscription id in use', 'WEBHOOK_ID_IN_USE');
    },
  });
  setHandler(removeWebhookSubscription, ({ id }) => {
    const found = state.subscriptions.some((s) => s.id === id);
    const { [id]: _dropped, ...disabled } = state.disabled;
    state = { subscriptions: state.subscriptions.filter((s) => s.id !== id), disabled };
    return found;
  });
  setHandler(setWebhookSecrets, ({ id, secrets }) => {
    const found = state.subscriptions.some((s) => s.id === id);
    state = { ...state, subscriptions: state.subscriptions.map((s) => (s.id === id ? { ...s, secrets } : s)) };
    return found;
  }, {
    validator: ({ secrets }: { readonly secrets: readonly string[] }) => {
      if (secrets.length === 0) throw ApplicationFailure.nonRetryable('a subscription keeps at least one secret', 'WEBHOOK_NO_SECRET');
    },
  });
  setHandler(disableWebhookSubscription, ({ id, reason }) => {
    if (state.disabled[id] === undefined) state = { ...state, disabled: { ...state.disabled, [id]: { reason, at: new Date().toISOString() } } };
  });
  await condition(() => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_LIMIT);
  await condition(allHandlersFinished);
  return continueAsNew<typeof webhookRegistryWorkflow>(state);
}
