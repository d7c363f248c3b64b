/**
 * Turns lifecycle events into ledger outcomes and 'message-status' / 'channel-status' events, so chaos
 * tests can follow each accepted message to its end without polling. No patient data in either.
 */
import type { LifecycleListener } from './lifecycle-runner';
import type { SimChannel } from '../messages/message-model';
import type { SimulatorState } from '../state/state';

export interface MessageStatusEvent { readonly messageId: string; readonly messageReference: string; readonly status: string; readonly at: string }
export interface ChannelStatusEvent extends MessageStatusEvent { readonly channel: string; readonly cascadeOrder: number; readonly supplierStatus?: string }

export function recordOutcomes(state: SimulatorState): LifecycleListener {
  return (message, event, nowMs) => {
    const at = new Date(nowMs).toISOString();
    const base = { messageId: message.id, messageReference: message.messageReference, at };
    if (event.kind === 'message') {
      state.ledger.recordOutcome(message.id, { at, status: event.status });
      state.events.emit('message-status', { ...base, status: event.status } satisfies MessageStatusEvent);
      return;
    }
    const channel = message.channels[event.index] as SimChannel;
    const supplier = channel.supplierStatus !== undefined ? { supplierStatus: channel.supplierStatus } : {};
    state.ledger.recordOutcome(message.id, { at, channel: channel.type, status: channel.channelStatus, ...supplier });
    state.events.emit('channel-status', { ...base, status: channel.channelStatus, channel: channel.type, cascadeOrder: channel.cascadeOrder, ...supplier } satisfies ChannelStatusEvent);
  };
}
