/**
 * What the journey tells the clinical system (src/domain/webhooks/events.ts). Events are collected as they
 * happen and handed over in ONE activity call at each outcome (acceptance, escalation, the journey's end), so
 * events that coincide (an escalation closed and the journey finished) cost one call. The activity only starts
 * delivery workflows: a receiver that is down never blocks or slows the journey. Gated by patched(), so
 * journeys recorded before webhooks replay unchanged.
 */
import { patched, proxyActivities } from '@temporalio/workflow';
import type { JourneyEvent, JourneyEventData } from '../../src/domain/webhooks/events';
import type { WebhookActivities } from '../../activities/webhooks/webhook.activities';
import type { JourneyContext } from './journey-context';
import type { JourneyOutcome } from './journey-outcome';

export const WEBHOOK_EVENTS_PATCH = 'webhook-events';

const { publishWebhookEvents } = proxyActivities<WebhookActivities>({
  summary: 'webhook events',
  startToCloseTimeout: '30 seconds',
  // Bounded: after this the journey goes on without its webhooks rather than wait (the failure is in history).
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Queues an event; `occurrence` tells apart repeated events of one type (the escalation number). */
export function announce(ctx: JourneyContext, data: JourneyEventData, occurrence = 1): void {
  const event: JourneyEvent = {
    journeyId: ctx.journeyId, journeyType: ctx.input.plan.type, source: ctx.input.source ?? {}, occurrence,
    occurredAt: new Date().toISOString(), data,
  };
  ctx.outbox.push(event);
}

/** Hands the queued events to the publisher in one activity call. */
export async function publishAnnounced(ctx: JourneyContext): Promise<void> {
  if (ctx.outbox.length === 0) return;
  const events = ctx.outbox.splice(0);
  if (!patched(WEBHOOK_EVENTS_PATCH)) return;
  try {
    await publishWebhookEvents(events);
  } catch {
    // Publishing gave up (scheduleToClose): the journey's own work matters more than its notifications.
  }
}

/** The journey's end as an event: delivered (which channel, when), failed (unreachable) or cancelled. Staff handling is told by escalation.closed. */
export function announceOutcome(ctx: JourneyContext, outcome: JourneyOutcome, reason?: string): void {
  if (outcome === 'delivered') {
    const step = [...ctx.state.steps].reverse().find((s) => s.outcome === 'delivered');
    const at = step?.finishedAt ?? ctx.clock.now();
    announce(ctx, {
      type: 'journey.delivered', stepId: step?.stepId ?? 'unknown', channel: step?.channel ?? 'unknown', deliveredAt: new Date(at).toISOString(),
      ...(step?.messageId === undefined ? {} : { messageId: step.messageId }),
    });
  } else if (outcome === 'unreachable') {
    announce(ctx, { type: 'journey.failed', reason: 'unreachable' });
  } else if (outcome === 'cancelled') {
    announce(ctx, { type: 'journey.cancelled', reason: reason ?? ctx.state.cancel?.reason ?? 'cancelled' });
  }
}
