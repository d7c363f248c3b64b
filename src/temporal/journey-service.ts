/**
 * The Temporal adapter behind the gateway: implements JourneyPort (start, get, list, change, cancel,
 * escalations) and CallbackSink (deliver) with a Temporal Client. Also used by the demo and the benchmark.
 *
 * - start: Workflow ID = journeyWorkflowId(secret, business key); REJECT_DUPLICATE + USE_EXISTING.
 * - deliver: signals `notify-message-<messageReference>` directly (no lookup, no visibility race); a message a
 *   cohort sent in a batch goes to the cohort service instead (src/temporal/cohorts).
 * - Expected outcomes (not found, closed, conflict, rejected) are results; only "Temporal unreachable" throws
 *   (TemporalUnavailableError, which the gateway answers with 503 + Retry-After).
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { journeyTypeOfId } from '../domain/identifiers';
import { findJourney } from '../domain/journeys/catalogue';
import type { JourneyCatalogue } from '../domain/journeys/types';
import { statusEventFromCallback } from '../domain/status/from-callback';
import {
  checkChangeAgainstJourney, type ValidAppointmentChange,
} from '../domain/messages/commands/v1';
import type {
  CallbackSink, CancelOutcome, ChangeOutcome, DeliveryResult, JourneyFilter, JourneyPort, Page, JourneySummary, VerifiedStatusEvent,
} from '../contracts/ports';
import { cancelJourney, changeAppointment, deliveryWorkflowId, notifyStatus, type JourneyView } from '../../workflows';
import { describeSummary } from './journeys/describe';
import { listEscalations, recordEscalationOutcome } from './journeys/escalations';
import { summaryOf, timelineOf, type JourneyDetails } from './journeys/journey-answers';
import { readJourney } from './journeys/published-view';
import { startJourneyWorkflow, type StartSettings } from './journeys/start-workflow';
import type { CohortService } from './cohorts/cohort-service';
import { guarded, isWorkflowNotFound, UPDATE_TIMEOUT_MS, type TemporalAccess } from './journeys/temporal-errors';
import { equals, listJourneys } from './journeys/visibility';

export interface JourneyServiceOptions extends StartSettings {
  /** Cohorts sent in batches: their callbacks, and single starts of patients a cohort already sent to. */
  readonly cohorts?: CohortService;
}

/** The gateway's two ports; `get` answers more than the port needs (steps, escalations), still a JourneyTimeline. */
export interface JourneyService extends Omit<JourneyPort, 'get'>, CallbackSink {
  get(journeyId: string, options?: { readonly live?: boolean }): Promise<JourneyDetails | undefined>;
}

export function createJourneyService(options: JourneyServiceOptions): JourneyService {
  const { client } = options;
  const access: TemporalAccess = options;
  return {
    async start(request, idempotency) {
      // A cohort sent this patient's first step already: a journey started now would send it a second time.
      const held = await options.cohorts?.heldByCohort(request);
      if (held !== undefined) return { kind: 'duplicate', journey: held };
      return startJourneyWorkflow(request, idempotency, options);
    },

    async get(journeyId, readOptions) {
      const view = await readJourney(access, journeyId, readOptions);
      return view === undefined ? undefined : timelineOf(view);
    },

    async list(filter: JourneyFilter): Promise<Page<JourneySummary>> {
      const clauses = ["WorkflowType = 'journeyWorkflow'", equals('TaskQueue', options.taskQueue)];
      if (filter.type !== undefined) clauses.push(equals('JourneyType', filter.type));
      if (filter.status !== undefined) clauses.push(equals('JourneyStatus', filter.status));
      if (filter.cohort !== undefined) clauses.push(equals('JourneyCohort', filter.cohort));
      if (filter.open !== undefined) clauses.push(filter.open ? "ExecutionStatus = 'Running'" : "ExecutionStatus != 'Running'");
      const page = await listJourneys(access, clauses.join(' AND '), filter.limit, filter.cursor);
      const items = page.items.map((item) => ({
        journeyId: item.workflowId, type: item.type ?? 'unknown', status: item.status ?? 'unknown', createdAt: item.startedAt ?? '',
        ...(item.closedAt === undefined ? {} : { updatedAt: item.closedAt }),
      }));
      return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor };
    },

    async change(journeyId, patch): Promise<ChangeOutcome> {
      const invalid = invalidPersonalisation(options.catalogue, journeyId, patch);
      if (invalid) return { kind: 'rejected', reason: 'INVALID_CHANGE_REQUEST' };
      return update(access, journeyId, () => client.workflow.getHandle(journeyId).executeUpdate(changeAppointment, {
        args: [{ eventAt: patch.eventTime, personalisation: patch.personalisation }],
      }), (view) => ({ kind: 'changed', journey: summaryOf(view) }));
    },

    async cancel(journeyId, request): Promise<CancelOutcome> {
      const outcome = await update(access, journeyId, () => client.workflow.getHandle(journeyId).executeUpdate(cancelJourney, {
        args: [{ reason: request.reason }],
      }), (view) => view.outcome === 'cancelled' ? { kind: 'cancelled' as const, journey: summaryOf(view) } : { kind: 'closed' as const });
      if (outcome.kind !== 'closed' && outcome.kind !== 'rejected') return outcome;
      // Cancelling a journey that is already cancelled answers the same (idempotent).
      const closed = await describeSummary(access, journeyId);
      return closed?.summary.status === 'cancelled' ? { kind: 'cancelled', journey: closed.summary } : { kind: 'closed' };
    },

    listEscalations: (filter) => listEscalations(options, filter),
    recordEscalationOutcome: (escalationId, outcome) => recordEscalationOutcome(access, escalationId, outcome),

    async deliver(event: VerifiedStatusEvent): Promise<DeliveryResult> {
      // A message a cohort sent in a batch has no delivery workflow: the cohort takes its callbacks (no Temporal call).
      const cohort = await options.cohorts?.onCallback(event);
      if (cohort !== undefined) return cohort;
      const workflowId = deliveryWorkflowId(event.messageReference);
      try {
        await guarded(access, () => client.workflow.getHandle(workflowId).signal(notifyStatus, statusEventFromCallback(event.item)));
        return 'delivered';
      } catch (error) {
        if (!isWorkflowNotFound(error)) throw error;
        return (await describeSummary(access, workflowId)) === undefined ? 'unknown-journey' : 'closed-journey';
      }
    },
  };
}

export { journeyTypeOfId };

/** Changed fields must pass the journey's own schema (every field optional). */
function invalidPersonalisation(catalogue: JourneyCatalogue, journeyId: string, change: ValidAppointmentChange): boolean {
  const definition = findJourney(catalogue, journeyTypeOfId(journeyId) ?? '');
  if (definition === undefined) return false; // unknown id: the update answers not-found
  return !checkChangeAgainstJourney(change, definition).ok;
}

type Missing = { readonly kind: 'not-found' } | { readonly kind: 'closed' };
type Rejected = { readonly kind: 'rejected'; readonly reason: string };

/** Runs an update; a validator rejection is `rejected` with its code; a missing or finished journey says which. */
async function update<T>(access: TemporalAccess, journeyId: string, call: () => Promise<JourneyView>, answer: (view: JourneyView) => T): Promise<T | Missing | Rejected> {
  try {
    return answer(await guarded(access, call, UPDATE_TIMEOUT_MS));
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause;
      const reason = cause instanceof ApplicationFailure && cause.type ? cause.type : 'UPDATE_REJECTED';
      return reason === 'JOURNEY_CLOSED' ? { kind: 'closed' } : { kind: 'rejected', reason };
    }
    if (!isWorkflowNotFound(error)) throw error;
    return (await describeSummary(access, journeyId)) === undefined ? { kind: 'not-found' } : { kind: 'closed' };
  }
}
