/**
 * What the NHS Notify activities take and give back. Plain data only: these values travel through Temporal
 * payloads and workflows import the types (never the code) of this module.
 */
import type { Channel } from '../../src/domain/channel';
import type { Recipient } from '../../src/domain/messages/commands/v1/message-content';
import type { RoutingPlanName } from '../../src/domain/routing-plans';

/** The recipient exactly as validated at journey start (C3: never re-assembled mid-journey). */
export type SendRecipient = Recipient;

export interface SendMessageInput {
  /** Derived in the workflow from (journeyId, stepId, channel): the same on every retry and replay (R1, R6, R8). */
  readonly messageReference: string;
  readonly channel: Channel;
  /** For the outcome metrics' label (histories recorded before it existed lack it). */
  readonly journeyType?: string;
  /** Logical name; the activity maps it to this environment's routingPlanId. */
  readonly routingPlan: RoutingPlanName;
  readonly recipient: SendRecipient;
  readonly personalisation: Readonly<Record<string, string>>;
  readonly odsCode?: string;
}

export interface RoutingPlanUsed {
  readonly id: string;
  readonly name?: string;
  readonly version?: string;
}

/**
 * 'now': NHS Notify answered 201 to this attempt.
 * 'earlier': 422 CM_DUPLICATE_REQUEST: an earlier attempt (perhaps one whose answer we never saw) was
 * accepted. There is no message id; the callbacks, which carry our messageReference, bring it.
 */
export type SendMessageResult =
  | { readonly accepted: 'now'; readonly messageId: string; readonly routingPlan: RoutingPlanUsed; readonly acceptedAt: string }
  | { readonly accepted: 'earlier'; readonly routingPlan: RoutingPlanUsed; readonly acceptedAt: string };

/** GET /v1/messages/{id}, reduced to what reconciliation needs (no patient data). */
export interface MessageStatusSnapshot {
  readonly messageId: string;
  readonly messageReference: string;
  readonly status: 'created' | 'pending_enrichment' | 'enriched' | 'sending' | 'delivered' | 'failed';
  readonly failureCode?: string;
  readonly routingPlan: { readonly id: string; readonly version: string };
  readonly channels: readonly { readonly channel: Channel; readonly status: 'created' | 'sending' | 'delivered' | 'failed' | 'skipped' }[];
  /** When we read it (ms since the epoch). */
  readonly observedAt: number;
}

/** ApplicationFailure types the activities throw besides NotifyErrorCode values. Workflows branch on them. */
export const SEND_FAILURE_TYPES = {
  routingPlanNotConfigured: 'ROUTING_PLAN_NOT_CONFIGURED',
} as const;
