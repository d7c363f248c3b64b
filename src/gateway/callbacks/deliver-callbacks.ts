/**
 * Hands each verified callback item to its journey, once per idempotency key (S6). Items are delivered in
 * order. If Temporal is unreachable the whole request fails with 503: items already delivered are remembered
 * by the dedupe store, so NHS Notify's retry of the same body re-sends only what is missing (nothing lost).
 * Unknown or closed journeys are still "handled" (202) so NHS Notify does not retry for two hours (S12).
 * A messageReference that is not in our format (a UUID) cannot be one of our journeys: it is handled the same
 * way without asking Temporal, and its value is never logged.
 */
import type { Logger } from '../../observability/logger';
import type { CallbackEventOutcome, GatewayMetrics } from '../../observability/metrics';
import { isUuid } from '../../domain/identifiers';
import type { CallbackBody } from '../../contracts/nhs-notify/wire';
import { TemporalUnavailableError, type CallbackSink, type DeliveryResult, type VerifiedStatusEvent } from '../../contracts/ports';
import type { CallbackDedupeStore } from './callback-dedupe';

export interface DeliverDeps {
  readonly sink: CallbackSink;
  readonly dedupe: CallbackDedupeStore<DeliveryResult>;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  readonly now?: () => Date;
}

const OUTCOME: Readonly<Record<DeliveryResult, CallbackEventOutcome>> = {
  'delivered': 'delivered',
  'duplicate': 'duplicate',
  'unknown-journey': 'unknown_journey',
  'closed-journey': 'closed_journey',
};

export function toEvents(body: CallbackBody, receivedAt: Date): VerifiedStatusEvent[] {
  return body.data.map((item) => ({
    idempotencyKey: item.meta.idempotencyKey,
    messageReference: item.attributes.messageReference,
    messageId: item.attributes.messageId,
    item,
    receivedAt: receivedAt.toISOString(),
  }));
}

export async function deliverCallbacks(body: CallbackBody, deps: DeliverDeps, correlationId: string): Promise<void> {
  for (const event of toEvents(body, deps.now?.() ?? new Date())) {
    if (!isUuid(event.messageReference)) {
      deps.metrics.callbackEvents.inc({ outcome: 'unknown_journey' });
      deps.logger.warn({ correlationId, type: event.item.type }, 'callback whose messageReference is not in our format');
      continue;
    }
    // Only a signed, authenticated callback gets here: the "callbacks have stopped" alarm watches this time.
    deps.metrics.lastGenuineCallback.setToCurrentTime();
    const applying = deps.metrics.callbackApplyDuration.startTimer();
    try {
      const { result, firstTime } = await deps.dedupe.once(event.idempotencyKey, () => deps.sink.deliver(event));
      if (firstTime && result === 'delivered') applying({ type: event.item.type });
      deps.metrics.callbackEvents.inc({ outcome: firstTime ? OUTCOME[result] : 'deduplicated' });
      if (firstTime && (result === 'unknown-journey' || result === 'closed-journey')) {
        // messageReference passed the shape check: our own derived key (no patient data), what an operator looks up.
        deps.logger.warn({ correlationId, result, messageReference: event.messageReference, type: event.item.type },
          'callback for a journey that cannot take it');
      }
    } catch (error) {
      deps.metrics.callbackEvents.inc({ outcome: error instanceof TemporalUnavailableError ? 'unavailable' : 'error' });
      throw error;
    }
  }
}
