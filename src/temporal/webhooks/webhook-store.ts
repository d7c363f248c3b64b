/**
 * Webhook subscriptions and deliveries in Temporal: the registry workflow holds the API-made subscriptions
 * and the disabled set; config subscriptions are merged in at read time (config stays their source of truth);
 * each delivery is a workflow found by the WebhookSubscription search attribute, its attempts read from
 * Temporal itself (a pending activity's attempt and last failure while running, the result once closed).
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type WorkflowExecutionInfo } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { WebhookSubscription } from '../../domain/webhooks/subscription';
import { parseDeliveryWorkflowId } from '../../domain/webhooks/delivery-ids';
import type { DeliveryStarter, SubscriptionEntry, WebhookSubscriptionReader } from '../../webhooks/webhook-ports';
import { WebhookSubscriptionKey } from '../../../workflows/common/search-attributes';
import {
  addWebhookSubscription, removeWebhookSubscription, setWebhookSecrets, webhookRegistryState, type RegistryState, type WebhookDeliveryInput,
  type WebhookDeliveryResult, type WebhookDeliveryStatus,
} from '../../../workflows/webhooks/webhook-contract';
import { webhookDeliveryWorkflow, webhookRegistryWorkflow } from '../../../workflows';
import { guarded, isWorkflowNotFound, type TemporalAccess } from '../journeys/temporal-errors';
import { equals } from '../journeys/visibility';

export interface WebhookStoreOptions extends TemporalAccess {
  readonly taskQueue: string;
  readonly registryWorkflowId: string;
  readonly configSubscriptions: readonly WebhookSubscription[];
  /**
   * How long one read of the registry serves (default 1 s): every publish and delivery attempt reads the
   * subscriptions, and one registry workflow should not answer a query per event. This process's own writes
   * drop it at once; another process sees them within this time.
   */
  readonly cacheMs?: number;
}

/** One delivery as GET /v1/webhooks/{id}/deliveries shows it. */
export interface DeliveryRecord {
  readonly deliveryId: string;
  readonly eventType?: string;
  readonly webhookId?: string;
  readonly status: WebhookDeliveryStatus | 'pending';
  readonly attempts: number;
  readonly lastErrorCode?: string;
  readonly startedAt: string;
  readonly closedAt?: string;
}

export interface WebhookStore extends WebhookSubscriptionReader, DeliveryStarter {
  ensureRegistry(): Promise<void>;
  add(subscription: WebhookSubscription): Promise<'added' | 'id-in-use'>;
  remove(id: string): Promise<boolean>;
  setSecrets(id: string, secrets: readonly string[]): Promise<boolean>;
  deliveries(subscriptionId: string, limit: number): Promise<DeliveryRecord[]>;
}

const EMPTY: RegistryState = { subscriptions: [], disabled: {} };

export function createWebhookStore(options: WebhookStoreOptions): WebhookStore {
  const { client } = options;
  const registry = () => client.workflow.getHandle(options.registryWorkflowId);

  const cacheMs = options.cacheMs ?? 1_000;
  let cached: { readonly at: number; readonly read: Promise<RegistryState> } | undefined;

  async function query(): Promise<RegistryState> {
    try {
      return await guarded(options, () => registry().query(webhookRegistryState));
    } catch (error) {
      if (isWorkflowNotFound(error)) return EMPTY; // not started yet: config subscriptions only
      throw error;
    }
  }

  /** One read in flight at a time, reused for cacheMs; a failed read is not kept. */
  function state(): Promise<RegistryState> {
    if (cached !== undefined && Date.now() - cached.at < cacheMs) return cached.read;
    const read = query();
    cached = { at: Date.now(), read };
    read.catch(() => { if (cached?.read === read) cached = undefined; });
    return read;
  }

  async function written<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      cached = undefined;
    }
  }

  async function ensureRegistry(): Promise<void> {
    await guarded(options, () => client.workflow.start(webhookRegistryWorkflow, {
      workflowId: options.registryWorkflowId, taskQueue: options.taskQueue, args: [],
      workflowIdConflictPolicy: 'USE_EXISTING', staticSummary: 'webhook subscriptions',
    }));
  }

  return {
    registryWorkflowId: options.registryWorkflowId,
    ensureRegistry,

    async list(): Promise<SubscriptionEntry[]> {
      const current = await state();
      return [...options.configSubscriptions, ...current.subscriptions].map((subscription) => {
        const disabled = current.disabled[subscription.id];
        return disabled === undefined ? { subscription } : { subscription, disabled };
      });
    },

    async add(subscription) {
      if (options.configSubscriptions.some((s) => s.id === subscription.id)) return 'id-in-use';
      await ensureRegistry();
      try {
        await written(() => guarded(options, () => registry().executeUpdate(addWebhookSubscription, { args: [subscription] })));
        return 'added';
      } catch (error) {
        // The registry's validator refused it: the update never reached history.
        if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === 'WEBHOOK_ID_IN_USE') return 'id-in-use';
        throw error;
      }
    },

    remove: (id) => written(() => guarded(options, () => registry().executeUpdate(removeWebhookSubscription, { args: [{ id }] }))),
    setSecrets: (id, secrets) => written(() => guarded(options, () => registry().executeUpdate(setWebhookSecrets, { args: [{ id, secrets }] }))),

    async start(workflowId: string, input: WebhookDeliveryInput) {
      try {
        await guarded(options, () => client.workflow.start(webhookDeliveryWorkflow, {
          workflowId, taskQueue: options.taskQueue, args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE', workflowIdConflictPolicy: 'FAIL',
          typedSearchAttributes: [{ key: WebhookSubscriptionKey, value: input.subscriptionId }],
          staticSummary: `webhook ${input.eventType}`,
        }));
        return 'started';
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return 'exists';
        throw error;
      }
    },

    async deliveries(subscriptionId, limit) {
      const query = `WorkflowType = 'webhookDeliveryWorkflow' AND ${equals('WebhookSubscription', subscriptionId)}`;
      const found: WorkflowExecutionInfo[] = [];
      await guarded(options, async () => {
        for await (const info of client.workflow.list({ query, pageSize: limit })) {
          found.push(info);
          if (found.length >= limit) break;
        }
      });
      return Promise.all(found.map((info) => deliveryRecord(options, info)));
    },
  };
}

async function deliveryRecord(access: TemporalAccess, info: WorkflowExecutionInfo): Promise<DeliveryRecord> {
  const named = parseDeliveryWorkflowId(info.workflowId);
  const base = { deliveryId: info.workflowId, ...(named === undefined ? {} : { eventType: named.eventType, webhookId: named.webhookId }), startedAt: info.startTime.toISOString(), ...(info.closeTime === undefined ? {} : { closedAt: info.closeTime.toISOString() }) };
  const handle = access.client.workflow.getHandle(info.workflowId, info.runId);
  if (info.status.name === 'RUNNING') {
    const described = await guarded(access, () => handle.describe());
    const pending = described.raw.pendingActivities?.[0];
    const lastErrorCode = pending?.lastFailure?.applicationFailureInfo?.type ?? undefined;
    return { ...base, status: 'pending', attempts: Math.max(0, (pending?.attempt ?? 1) - (lastErrorCode === undefined ? 0 : 1)), ...(lastErrorCode ? { lastErrorCode } : {}) };
  }
  if (info.status.name !== 'COMPLETED') return { ...base, status: 'failed', attempts: 0, lastErrorCode: `WORKFLOW_${info.status.name}` };
  const result = await guarded(access, () => handle.result() as Promise<WebhookDeliveryResult>);
  return {
    ...base, status: result.status, attempts: result.attempts, eventType: result.eventType, webhookId: result.messageId,
    ...(result.lastErrorCode === undefined ? {} : { lastErrorCode: result.lastErrorCode }),
  };
}
