/**
 * The status reducer: folds one NotifyStatusEvent into a MessageState. Pure, so the workflow can run it in
 * its signal handler and replay it deterministically.
 *
 * Rules (docs/reliability.md R14, docs/nhs-notify.md "may be delivered non-sequentially"):
 * - duplicate: an idempotency key already processed changes nothing (callbacks are at-least-once);
 * - monotone: message status only moves up created < pending_enrichment < enriched < sending <
 *   delivered | failed; a lower or equal status is stale. Progress order beats event timestamps: a later
 *   pipeline stage with an earlier clock reading is still later, and a terminal status must never be lost;
 * - terminal: once delivered or failed, the status never changes; a different terminal status is a conflict;
 * - history: a stale event may still record the earliest time a status was reached (for the timeline);
 * - supplier status (no order) is latest-by-timestamp: older supplier events are stale.
 */
import { foldChannelEvent, foldChannelStatus, missingDetails, type ChannelFold } from './fold-channel';
import { earliest, withKey } from './fold-helpers';
import type { ChannelState, MessageState } from './message-state';
import type { ChannelStatusEvent, MessageStatusEvent, NotifyStatusEvent } from './status-event';
import { isTerminalMessageStatus, messageStatusRank } from './statuses';

export type StatusEventReason =
  | 'advanced' // the message or channel status moved forward
  | 'recorded' // no status moved, but history or details did (an earlier time, a supplier status, the message id)
  | 'duplicate' // this idempotency key was already processed
  | 'stale' // nothing new: an older or equal status
  | 'after_terminal' // nothing new, and the message is already delivered or failed
  | 'terminal_conflict' // a different terminal status than the one already recorded: ignored, worth an alert
  | 'wrong_message'; // the event is for another messageReference

export interface ApplyStatusResult {
  readonly state: MessageState;
  /** True when the state changed (never for a duplicate, so each idempotency key applies at most once). */
  readonly applied: boolean;
  readonly reason: StatusEventReason;
}

export function applyStatusEvent(state: MessageState, event: NotifyStatusEvent): ApplyStatusResult {
  if (event.messageReference !== state.messageReference) return { state, applied: false, reason: 'wrong_message' };
  if (state.seenIdempotencyKeys.includes(event.idempotencyKey)) return { state, applied: false, reason: 'duplicate' };
  const seen: MessageState = { ...state, seenIdempotencyKeys: withKey(state.seenIdempotencyKeys, event.idempotencyKey) };
  const learnsId = state.messageId === undefined;
  const base: MessageState = learnsId ? { ...seen, messageId: event.messageId } : seen;
  const folded = event.kind === 'message' ? foldMessageEvent(base, event) : foldChannel(base, event);
  if (folded.reason === 'terminal_conflict') return { state: seen, applied: false, reason: 'terminal_conflict' };
  const reason = folded.reason === 'unchanged' ? (learnsId ? 'recorded' : idleReason(base)) : folded.reason;
  return { state: folded.state, applied: reason === 'advanced' || reason === 'recorded', reason };
}

type Folded = { readonly state: MessageState; readonly reason: 'advanced' | 'recorded' | 'unchanged' | 'terminal_conflict' };

function foldMessageEvent(state: MessageState, event: MessageStatusEvent): Folded {
  const current = state.status;
  if (current !== undefined && isTerminalMessageStatus(current) && isTerminalMessageStatus(event.status) && event.status !== current) {
    return { state, reason: 'terminal_conflict' };
  }
  const history = earliest(state.reachedAt, event.status, event.timestamp);
  let next: MessageState = { ...state, reachedAt: history.times, routingPlan: state.routingPlan ?? event.routingPlan };
  let changed = history.changed || state.routingPlan === undefined;
  const advances = current === undefined || messageStatusRank(event.status) > messageStatusRank(current);
  if (advances) {
    const { failureCode: _code, description: _description, ...rest } = next;
    next = { ...rest, status: event.status };
  }
  const details = next.status === event.status ? missingDetails(next, event) : undefined;
  if (details !== undefined) { next = { ...next, ...details }; changed = true; }
  for (const summary of event.channels ?? []) {
    const fold = foldChannelStatus(next.channels[summary.channel], summary.channel, summary.status, event.timestamp);
    if (fold.changed) { next = withChannel(next, fold); changed = true; }
  }
  return { state: next, reason: advances ? 'advanced' : changed ? 'recorded' : 'unchanged' };
}

function foldChannel(state: MessageState, event: ChannelStatusEvent): Folded {
  const fold = foldChannelEvent(state.channels[event.channel], event);
  if (fold.verdict === 'conflict') return { state, reason: 'terminal_conflict' };
  if (!fold.changed) return { state, reason: 'unchanged' };
  return { state: withChannel(state, fold), reason: fold.verdict === 'advanced' ? 'advanced' : 'recorded' };
}

function withChannel(state: MessageState, fold: ChannelFold): MessageState {
  const channel: ChannelState = fold.channel;
  return { ...state, channels: { ...state.channels, [channel.channel]: channel } };
}

function idleReason(state: MessageState): StatusEventReason {
  return state.status !== undefined && isTerminalMessageStatus(state.status) ? 'after_terminal' : 'stale';
}
