/**
 * Maps one parsed NHS Notify callback item (src/contracts/nhs-notify/wire.ts CallbackItem, already validated by the
 * gateway) to a NotifyStatusEvent. The parameter types restate only the fields we read, structurally, so
 * domain code does not import the wire module; any CallbackItem value fits them.
 */
import type { Channel } from '../channel';
import type { ChannelStatusEvent, MessageStatusEvent, NotifyStatusEvent } from './status-event';
import type { ChannelStatus, MessageStatus, SupplierStatus } from './statuses';

interface CallbackMeta { readonly meta: { readonly idempotencyKey: string } }

export interface MessageStatusCallbackLike extends CallbackMeta {
  readonly type: 'MessageStatus';
  readonly attributes: {
    readonly messageId: string; readonly messageReference: string; readonly messageStatus: MessageStatus;
    readonly messageStatusDescription?: string; readonly messageFailureReasonCode?: string; readonly timestamp: string;
    readonly routingPlan: { readonly id: string; readonly version: string };
    readonly channels?: readonly { readonly type: Channel; readonly channelStatus: ChannelStatus }[];
  };
}

export interface ChannelStatusCallbackLike extends CallbackMeta {
  readonly type: 'ChannelStatus';
  readonly attributes: {
    readonly messageId: string; readonly messageReference: string; readonly channel: Channel;
    readonly channelStatus: ChannelStatus; readonly supplierStatus?: SupplierStatus; readonly cascadeOrder: number;
    readonly retryCount: number; readonly channelStatusDescription?: string; readonly channelFailureReasonCode?: string;
    readonly timestamp: string;
  };
}

export function statusEventFromCallback(item: MessageStatusCallbackLike | ChannelStatusCallbackLike): NotifyStatusEvent {
  return item.type === 'MessageStatus' ? fromMessageItem(item) : fromChannelItem(item);
}

function fromMessageItem({ attributes: a, meta }: MessageStatusCallbackLike): MessageStatusEvent {
  return {
    kind: 'message', messageId: a.messageId, messageReference: a.messageReference, status: a.messageStatus,
    timestamp: Date.parse(a.timestamp), idempotencyKey: meta.idempotencyKey,
    routingPlan: { id: a.routingPlan.id, version: a.routingPlan.version },
    ...(a.messageFailureReasonCode === undefined ? {} : { failureCode: a.messageFailureReasonCode }),
    ...(a.messageStatusDescription === undefined ? {} : { description: a.messageStatusDescription }),
    ...(a.channels === undefined ? {} : { channels: a.channels.map((c) => ({ channel: c.type, status: c.channelStatus })) }),
  };
}

function fromChannelItem({ attributes: a, meta }: ChannelStatusCallbackLike): ChannelStatusEvent {
  return {
    kind: 'channel', messageId: a.messageId, messageReference: a.messageReference, channel: a.channel,
    status: a.channelStatus, timestamp: Date.parse(a.timestamp), idempotencyKey: meta.idempotencyKey,
    cascadeOrder: a.cascadeOrder, retryCount: a.retryCount,
    ...(a.supplierStatus === undefined ? {} : { supplierStatus: a.supplierStatus }),
    ...(a.channelFailureReasonCode === undefined ? {} : { failureCode: a.channelFailureReasonCode }),
    ...(a.channelStatusDescription === undefined ? {} : { description: a.channelStatusDescription }),
  };
}
