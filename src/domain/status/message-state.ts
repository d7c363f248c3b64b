/**
 * What we know about one NHS Notify message, folded from its status callbacks. Every field is a pure
 * function of the SET of events seen (maxima by rank, earliest times per status, sorted key set), so the
 * state is the same whatever order or how often NHS Notify delivers them (docs/reliability.md R14).
 */
import type { Channel } from '../channel';
import type { EpochMs } from '../durations';
import type { MessageStatusEvent } from './status-event';
import { isTerminalMessageStatus, type ChannelStatus, type MessageStatus, type SupplierStatus } from './statuses';

export interface ChannelState {
  readonly channel: Channel;
  readonly status: ChannelStatus;
  /** The earliest reported time of each channel status seen (for the timeline). */
  readonly reachedAt: Readonly<Partial<Record<ChannelStatus, EpochMs>>>;
  /** The latest supplier status by event time (supplier statuses have no progress order). */
  readonly supplierStatus?: SupplierStatus;
  readonly supplierStatusAt?: EpochMs;
  readonly failureCode?: string;
  readonly description?: string;
  readonly cascadeOrder?: number;
  readonly retryCount?: number;
}

export interface MessageState {
  readonly messageReference: string;
  /** Optional until a 201 or a callback supplies it (a 422 duplicate does not). */
  readonly messageId?: string;
  /** Undefined until the first event. */
  readonly status?: MessageStatus;
  readonly reachedAt: Readonly<Partial<Record<MessageStatus, EpochMs>>>;
  readonly routingPlan?: { readonly id: string; readonly version: string };
  readonly failureCode?: string;
  readonly description?: string;
  readonly channels: Readonly<Partial<Record<Channel, ChannelState>>>;
  /** Every callback idempotency key processed for this message, sorted (bounded by the few statuses). */
  readonly seenIdempotencyKeys: readonly string[];
}

/** The state of a message before any event: create one per step when its messageReference is derived. */
export function emptyMessageState(messageReference: string): MessageState {
  return { messageReference, reachedAt: {}, channels: {}, seenIdempotencyKeys: [] };
}

/** True once the message is delivered or failed: nothing can change its status after that. */
export function isTerminal(state: MessageState): boolean {
  return state.status !== undefined && isTerminalMessageStatus(state.status);
}

export type MessageOutcome = 'delivered' | 'failed' | 'pending';

export function outcome(state: MessageState): MessageOutcome {
  return state.status === 'delivered' || state.status === 'failed' ? state.status : 'pending';
}

/** The channel that delivered, if any (our steps use single-channel plans, so at most one). */
export function deliveredChannel(state: MessageState): Channel | undefined {
  return Object.values(state.channels).find((channel) => channel.status === 'delivered')?.channel;
}

/**
 * The 201 from POST /v1/messages as a status event, so the send result and callbacks fold the same way.
 * Its idempotency key is derived from the reference, so recording the same 201 twice is a no-op.
 */
export function acceptedEvent(accepted: {
  readonly messageId: string; readonly messageReference: string; readonly createdAt: EpochMs;
  readonly routingPlan: { readonly id: string; readonly version: string };
}): MessageStatusEvent {
  return {
    kind: 'message', status: 'created', messageId: accepted.messageId, messageReference: accepted.messageReference,
    timestamp: accepted.createdAt, idempotencyKey: `send-response:${accepted.messageReference}`, routingPlan: accepted.routingPlan,
  };
}
