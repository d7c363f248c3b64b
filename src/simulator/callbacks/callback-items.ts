/**
 * Builds callback items in NHS Notify's shapes (docs/nhs-notify.md §12) from a message at the moment of a
 * lifecycle event: MessageStatus for message transitions, ChannelStatus for channel and supplier changes.
 * Each item gets its own meta.idempotencyKey (64 hex, like NHS's), so a duplicated delivery of the same
 * event carries the same key and a new event never does.
 */
import { randomBytes } from 'node:crypto';
import type { ChannelStatusCallbackItem, MessageStatusCallbackItem } from '../../contracts/nhs-notify/wire';
import type { LifecycleEvent } from '../lifecycle/lifecycle';
import type { SimChannel, SimMessage } from '../messages/message-model';
import type { CallbackOptions } from '../options';
import { planReference } from '../messages/plans';

export type CallbackItem = MessageStatusCallbackItem | ChannelStatusCallbackItem;

const newIdempotencyKey = (): string => randomBytes(32).toString('hex');

export function messageStatusItem(m: SimMessage, timestamp: string, baseUrl: string): MessageStatusCallbackItem {
  const attributes: MessageStatusCallbackItem['attributes'] = {
    messageId: m.id,
    messageReference: m.messageReference,
    messageStatus: m.status,
    // NHS's MessageStatus callback lists channels only in a final status (delivered or failed).
    channels: m.channels.flatMap((c) => (c.channelStatus === 'delivered' || c.channelStatus === 'failed' ? [{ type: c.type, channelStatus: c.channelStatus }] : [])),
    timestamp,
    routingPlan: planReference(m.plan),
  };
  if (m.statusDescription !== undefined) attributes.messageStatusDescription = m.statusDescription;
  if (m.failureReasonCode !== undefined) attributes.messageFailureReasonCode = m.failureReasonCode;
  if (m.pdsQueriedAt !== undefined) attributes.metadata = [{ queriedAt: m.pdsQueriedAt, source: 'pds', version: '1' }];
  return { type: 'MessageStatus', attributes, links: { message: `${baseUrl}/v1/messages/${m.id}` }, meta: { idempotencyKey: newIdempotencyKey() } };
}

export function channelStatusItem(m: SimMessage, c: SimChannel, timestamp: string, baseUrl: string): ChannelStatusCallbackItem {
  const attributes: ChannelStatusCallbackItem['attributes'] = {
    messageId: m.id,
    messageReference: m.messageReference,
    cascadeType: c.cascadeType,
    cascadeOrder: c.cascadeOrder,
    channel: c.type,
    channelStatus: c.channelStatus,
    timestamp,
    retryCount: c.retryCount ?? 0,
  };
  if (c.channelStatusDescription !== undefined) attributes.channelStatusDescription = c.channelStatusDescription;
  if (c.channelFailureReasonCode !== undefined) attributes.channelFailureReasonCode = c.channelFailureReasonCode;
  if (c.supplierStatus !== undefined) attributes.supplierStatus = c.supplierStatus;
  return { type: 'ChannelStatus', attributes, links: { message: `${baseUrl}/v1/messages/${m.id}` }, meta: { idempotencyKey: newIdempotencyKey() } };
}

/** The item this event produces under the subscription, or undefined when not subscribed. */
export function itemFor(m: SimMessage, event: LifecycleEvent, nowMs: number, baseUrl: string, subscription: CallbackOptions): CallbackItem | undefined {
  const timestamp = new Date(nowMs).toISOString();
  if (event.kind === 'message') {
    const wanted = subscription.messageStatuses === undefined || subscription.messageStatuses.includes(event.status);
    return wanted ? messageStatusItem(m, timestamp, baseUrl) : undefined;
  }
  if (subscription.channelStatuses === false) return undefined;
  const channel = m.channels[event.index];
  return channel === undefined ? undefined : channelStatusItem(m, channel, timestamp, baseUrl);
}
