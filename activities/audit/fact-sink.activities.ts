/**
 * The journey's one fact sink, run as a local activity: every subscriber (the communications record; metrics
 * and webhooks can join) gets each batch. A subscriber must not fail for a slow dependency (the record keeps a
 * backlog); if one does fail, the activity fails and the journey hands the same facts over again later.
 */
import type { JourneyFactBatch } from '../../src/domain/audit/journey-fact';
import type { Logger } from '../../src/observability/logger';

export interface FactSubscriber {
  readonly name: string;
  record(batch: JourneyFactBatch): Promise<void>;
}

export function createFactSinkActivities(deps: { readonly subscribers: readonly FactSubscriber[]; readonly logger: Logger }) {
  return {
    async recordJourneyFacts(batch: JourneyFactBatch): Promise<void> {
      const results = await Promise.allSettled(deps.subscribers.map((s) => s.record(batch)));
      const failed = deps.subscribers.filter((_, i) => results[i]?.status === 'rejected').map((s) => s.name);
      if (failed.length > 0) {
        deps.logger.warn({ subscribers: failed, facts: batch.facts.length }, 'a fact subscriber failed; the journey will hand the facts over again');
        throw new Error(`fact subscribers failed: ${failed.join(', ')}`);
      }
    },
  };
}

export type FactSinkActivities = ReturnType<typeof createFactSinkActivities>;
