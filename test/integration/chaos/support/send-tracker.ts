/**
 * Wraps the NHS Notify client to see each send from the outside: which messageReferences are on the wire
 * right now, and how every attempt ended. R3 uses it to tell "completed in the grace period" from
 * "cancelled, then retried by the next worker".
 */
import type { NotifyClient } from '../../../../src/notify';

export type AttemptEnd = 'accepted' | 'failed';

export interface SendTracker {
  wrap(client: NotifyClient): NotifyClient;
  inFlight(): string[];
  /** Distinct messageReferences sent at least once. */
  started(): number;
  attempts(messageReference: string): AttemptEnd[];
}

export function sendTracker(): SendTracker {
  const onWire = new Set<string>();
  const seen = new Set<string>();
  const ends = new Map<string, AttemptEnd[]>();
  const record = (reference: string, end: AttemptEnd) => ends.set(reference, [...(ends.get(reference) ?? []), end]);
  return {
    wrap: (client) => ({
      ...client,
      createMessage: async (attributes, opts) => {
        onWire.add(attributes.messageReference);
        seen.add(attributes.messageReference);
        try {
          const created = await client.createMessage(attributes, opts);
          record(attributes.messageReference, 'accepted');
          return created;
        } catch (error) {
          record(attributes.messageReference, 'failed');
          throw error;
        } finally {
          onWire.delete(attributes.messageReference);
        }
      },
      getMessage: (messageId, opts) => client.getMessage(messageId, opts),
      createMessageBatch: (plan, reference, messages, opts) => client.createMessageBatch(plan, reference, messages, opts),
      tokenRequests: () => client.tokenRequests(),
      close: () => client.close(),
    }),
    inFlight: () => [...onWire],
    started: () => seen.size,
    attempts: (reference) => [...(ends.get(reference) ?? [])],
  };
}
