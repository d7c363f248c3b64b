/**
 * The message lifecycle as a pure state machine (docs/nhs-notify.md §7, §14): created → pending_enrichment
 * → enriched → sending, then each channel of the primary cascade in order: created → sending → delivered |
 * failed, falling back to the next channel on failure, until one delivers (message delivered) or
 * none is left (message failed). `advance` performs one step on the message and says how long to wait
 * before the next; the runner owns the timers. Later channels of a delivered message stay `created`.
 */
import type { MessageStatus } from '../../contracts/nhs-notify/wire';
import { channelEnd, endsAtOnce, interimSupplierStatus, messageCodeFor, NO_NHS_NUMBER_FAILURE, PDS_FAILURES, type ChannelEnd } from './channel-outcomes';
import type { SimChannel, SimMessage } from '../messages/message-model';
import type { SimulatorTimings } from '../options';

export type LifecycleEvent = { readonly kind: 'message'; readonly status: MessageStatus } | { readonly kind: 'channel'; readonly index: number };

export interface Step {
  readonly events: LifecycleEvent[];
  /** Undefined once the message is terminal. */
  readonly nextDelayMs: number | undefined;
}

interface StepContext { readonly m: SimMessage; readonly nowMs: number; readonly now: string; readonly timings: SimulatorTimings; readonly events: LifecycleEvent[] }

function finish(ctx: StepContext, status: 'delivered' | 'failed', reason?: { code?: string; description?: string }): Step {
  const { m } = ctx;
  m.status = status;
  m.timestamps[status] = ctx.now;
  if (reason?.description !== undefined) m.statusDescription = reason.description;
  if (reason?.code !== undefined) m.failureReasonCode = reason.code;
  m.cursor = { at: 'done' };
  ctx.events.push({ kind: 'message', status });
  return { events: ctx.events, nextDelayMs: undefined };
}

function endChannel(ctx: StepContext, index: number, end: ChannelEnd): Step {
  const channel = ctx.m.channels[index] as SimChannel;
  channel.channelStatus = end.channelStatus;
  if (end.supplierStatus !== undefined) channel.supplierStatus = end.supplierStatus;
  if (end.code !== undefined) channel.channelFailureReasonCode = end.code;
  if (end.description !== undefined) channel.channelStatusDescription = end.description;
  if (end.channelStatus === 'delivered') channel.timestamps.delivered = ctx.now;
  if (end.channelStatus === 'failed') channel.timestamps.failed = ctx.now;
  ctx.events.push({ kind: 'channel', index });
  if (end.channelStatus === 'delivered') return finish(ctx, 'delivered');
  if (index + 1 < ctx.m.channels.length) return startChannel(ctx, index + 1);
  return finish(ctx, 'failed', { code: messageCodeFor(end.code), description: end.description });
}

function startChannel(ctx: StepContext, index: number): Step {
  const channel = ctx.m.channels[index] as SimChannel;
  if (endsAtOnce(channel.outcome)) return endChannel(ctx, index, channelEnd(channel.type, channel.outcome));
  channel.channelStatus = 'sending';
  channel.startedAtMs = ctx.nowMs;
  ctx.m.cursor = { at: 'channel', index, phase: 'answer' };
  ctx.events.push({ kind: 'channel', index });
  return { events: ctx.events, nextDelayMs: ctx.timings.deliveryMs };
}

/** The supplier answers: delivered or failed now, or an interim status and a wait for the window to close. */
function answer(ctx: StepContext, index: number): Step {
  const channel = ctx.m.channels[index] as SimChannel;
  const interim = interimSupplierStatus(channel.outcome);
  if (interim === undefined) return endChannel(ctx, index, channelEnd(channel.type, channel.outcome));
  channel.supplierStatus = interim;
  if (channel.outcome === 'temporaryFailure') channel.retryCount = 1;
  ctx.m.cursor = { at: 'channel', index, phase: 'window' };
  ctx.events.push({ kind: 'channel', index });
  const windowEndsAt = (channel.startedAtMs ?? ctx.nowMs) + ctx.timings.channelWindowMs[channel.type];
  return { events: ctx.events, nextDelayMs: Math.max(0, windowEndsAt - ctx.nowMs) };
}

function enrich(ctx: StepContext): Step {
  const { m } = ctx;
  if (!m.hasNhsNumber) return finish(ctx, 'failed', NO_NHS_NUMBER_FAILURE);
  if (m.scenario.pds !== 'found') return finish(ctx, 'failed', PDS_FAILURES[m.scenario.pds]);
  m.status = 'enriched';
  m.timestamps.enriched = ctx.now;
  m.pdsQueriedAt = ctx.now;
  m.channels = m.plan.channels.map((type, i) => ({
    type, cascadeType: 'primary', cascadeOrder: i + 1, channelStatus: 'created', timestamps: { created: ctx.now }, outcome: m.scenario.channels[type],
  }));
  m.cursor = { at: 'enriched' };
  ctx.events.push({ kind: 'message', status: 'enriched' });
  return { events: ctx.events, nextDelayMs: ctx.timings.stepMs };
}

export function advance(m: SimMessage, nowMs: number, timings: SimulatorTimings): Step {
  const ctx: StepContext = { m, nowMs, now: new Date(nowMs).toISOString(), timings, events: [] };
  const cursor = m.cursor;
  switch (cursor.at) {
    case 'created':
      m.status = 'pending_enrichment';
      m.cursor = { at: 'pending_enrichment' };
      ctx.events.push({ kind: 'message', status: 'pending_enrichment' });
      return { events: ctx.events, nextDelayMs: timings.stepMs };
    case 'pending_enrichment':
      return enrich(ctx);
    case 'enriched':
      m.status = 'sending';
      ctx.events.push({ kind: 'message', status: 'sending' });
      if (m.channels.length === 0) return finish(ctx, 'failed', NO_NHS_NUMBER_FAILURE);
      return startChannel(ctx, 0);
    case 'channel':
      if (cursor.phase === 'start') return startChannel(ctx, cursor.index);
      if (cursor.phase === 'answer') return answer(ctx, cursor.index);
      return endChannel(ctx, cursor.index, channelEnd((m.channels[cursor.index] as SimChannel).type, (m.channels[cursor.index] as SimChannel).outcome));
    case 'done':
      return { events: [], nextDelayMs: undefined };
  }
}
