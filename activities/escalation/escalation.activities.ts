/**
 * Staff escalation as a real step: the workflow opens a ticket on the worklist port and waits for staff to
 * record an outcome. Idempotent by escalation id, so a retried or replayed activity never opens a second one.
 */
import type { Clock } from '../../src/notify/clock';
import type { Logger } from '../../src/observability/logger';
import type { OutcomeMetrics } from '../../src/observability/outcome-metrics';
import type { EscalationWorklist } from './worklist';

export interface EscalationActivityDeps {
  readonly worklist: EscalationWorklist;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: Pick<OutcomeMetrics, 'escalationsOpened' | 'escalationsClosed'>;
}

export interface OpenEscalationInput {
  readonly escalationId: string;
  readonly journeyId: string;
  readonly journeyType: string;
  readonly reason: string;
  /** When staff must have acted, as the workflow computed it (ms since the epoch). */
  readonly dueAt: number;
}

export interface CloseEscalationInput {
  readonly escalationId: string;
  readonly journeyId: string;
  readonly outcome: string;
  readonly staffRole?: string;
}

export function createEscalationActivities(deps: EscalationActivityDeps) {
  const logger = deps.logger.child({ component: 'escalation-activities' });
  const now = () => new Date(deps.clock.now()).toISOString();
  return {
    openEscalation: async (input: OpenEscalationInput): Promise<{ readonly created: boolean; readonly raisedAt: string }> => {
      const raisedAt = now();
      const { created } = await deps.worklist.open({
        escalationId: input.escalationId, journeyId: input.journeyId, journeyType: input.journeyType,
        reason: input.reason, raisedAt, dueAt: new Date(input.dueAt).toISOString(),
      });
      // Counted once per ticket: the worklist says whether this attempt opened it.
      if (created) deps.metrics?.escalationsOpened.inc({ journey_type: input.journeyType, reason: input.reason });
      if (!created) logger.info({ escalationId: input.escalationId }, 'escalation already on the worklist');
      return { created, raisedAt };
    },
    closeEscalation: async (input: CloseEscalationInput): Promise<{ readonly closed: boolean }> => {
      const result = await deps.worklist.close({
        escalationId: input.escalationId, journeyId: input.journeyId, outcome: input.outcome, closedAt: now(),
        ...(input.staffRole === undefined ? {} : { staffRole: input.staffRole }),
      });
      if (result.closed) deps.metrics?.escalationsClosed.inc({ outcome: input.outcome });
      return result;
    },
  };
}

export type EscalationActivities = ReturnType<typeof createEscalationActivities>;
