/**
 * Folds one channel's status into its ChannelState. Channel status only moves up its rank
 * (created < sending < delivered | failed | skipped); the first terminal status is final. Supplier status has
 * no order, so the latest by event time wins (ties broken by name, so the result never depends on arrival order).
 */
import type { Channel } from '../channel';
import type { EpochMs } from '../durations';
import { defined, earliest } from './fold-helpers';
import type { ChannelState } from './message-state';
import type { ChannelStatusEvent } from './status-event';
import { channelStatusRank, isTerminalChannelStatus, type ChannelStatus } from './statuses';

export type FoldVerdict = 'advanced' | 'unchanged' | 'conflict';

export interface ChannelFold {
  readonly channel: ChannelState;
  readonly verdict: FoldVerdict;
  /** True when anything changed, including history only (an earlier time, a newer supplier status). */
  readonly changed: boolean;
}

/** Status part only: used for full channel events and for the channel summary inside message events. */
export function foldChannelStatus(current: ChannelState | undefined, channel: Channel, status: ChannelStatus, at: EpochMs): ChannelFold {
  if (current === undefined) {
    return { channel: { channel, status, reachedAt: { [status]: at } }, verdict: 'advanced', changed: true };
  }
  if (isTerminalChannelStatus(current.status) && isTerminalChannelStatus(status) && status !== current.status) {
    return { channel: current, verdict: 'conflict', changed: false };
  }
  const history = earliest(current.reachedAt, status, at);
  const advances = channelStatusRank(status) > channelStatusRank(current.status);
  const next: ChannelState = { ...current, reachedAt: history.times, ...(advances ? { status } : {}) };
  return { channel: next, verdict: advances ? 'advanced' : 'unchanged', changed: advances || history.changed };
}

/** A full ChannelStatus event: status, supplier status, failure details, retry count. */
export function foldChannelEvent(current: ChannelState | undefined, event: ChannelStatusEvent): ChannelFold {
  const statusFold = foldChannelStatus(current, event.channel, event.status, event.timestamp);
  if (statusFold.verdict === 'conflict') return statusFold;
  let channel = statusFold.channel;
  let changed = statusFold.changed;
  if (statusFold.verdict === 'advanced') {
    // Failure details describe the current status: drop those of a lower one.
    const { failureCode: _code, description: _description, ...rest } = channel;
    channel = rest;
  }
  if (event.status === channel.status) {
    const details = missingDetails(channel, event);
    if (details !== undefined) {
      channel = { ...channel, ...details };
      changed = true;
    }
  }
  if (event.supplierStatus !== undefined && isNewerSupplierStatus(channel, event.supplierStatus, event.timestamp)) {
    channel = { ...channel, supplierStatus: event.supplierStatus, supplierStatusAt: event.timestamp };
    changed = true;
  }
  if (event.retryCount !== undefined && event.retryCount > (channel.retryCount ?? -1)) {
    channel = { ...channel, retryCount: event.retryCount };
    changed = true;
  }
  if (event.cascadeOrder !== undefined && channel.cascadeOrder === undefined) {
    channel = { ...channel, cascadeOrder: event.cascadeOrder };
    changed = true;
  }
  return { channel, verdict: statusFold.verdict, changed };
}

function isNewerSupplierStatus(channel: ChannelState, supplierStatus: string, at: EpochMs): boolean {
  if (channel.supplierStatusAt === undefined || channel.supplierStatus === undefined) return true;
  if (at !== channel.supplierStatusAt) return at > channel.supplierStatusAt;
  return supplierStatus > channel.supplierStatus;
}

/** Failure code and description from an event of the current status, when the state lacks them. */
export function missingDetails(
  target: { readonly failureCode?: string; readonly description?: string },
  event: { readonly failureCode?: string; readonly description?: string },
): { failureCode?: string; description?: string } | undefined {
  const details = defined({
    failureCode: target.failureCode === undefined ? event.failureCode : undefined,
    description: target.description === undefined ? event.description : undefined,
  });
  return Object.keys(details).length === 0 ? undefined : details;
}
