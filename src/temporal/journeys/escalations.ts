/**
 * The staff worklist as the API sees it: journeys flagged EscalationOpen=true in visibility, each answered
 * from the view it published (its memo, in the same visibility record: no workflow woken); and recording a
 * staff outcome with the journey's Update.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { EscalationFilter, EscalationOutcomeResult, EscalationView, Page } from '../../contracts/ports';
import { journeyIdOfEscalation } from '../../domain/identifiers';
import type { EscalationOutcomeRequest } from '../../domain/messages/commands/v1/record-escalation-outcome.request';
import { staffOutcome } from '../../../workflows';
import { describeSummary } from './describe';
import { escalationViewOf } from './journey-answers';
import { queryJourney } from './live-view';
import { decodedMemo, publishedViewOf } from './published-view';
import { guarded, isWorkflowNotFound, UPDATE_TIMEOUT_MS, type TemporalAccess } from './temporal-errors';
import { equals, listJourneys } from './visibility';

const OPEN = 'EscalationOpen = true';
const CLOSED = "EscalationOpen = false AND JourneyStatus = 'escalated'";

/**
 * Open (or closed) escalations of this deployment's journeys (its task queue), from the view each journey
 * published. A journey that published none (begun before publishing) is asked by query; if it cannot answer,
 * the page fails (503, retry) rather than leaving the item out: a worklist never silently drops a patient.
 */
export async function listEscalations(access: TemporalAccess & { readonly taskQueue: string }, filter: EscalationFilter): Promise<Page<EscalationView>> {
  const wanted = filter.status ?? 'open';
  const query = `WorkflowType = 'journeyWorkflow' AND ${equals('TaskQueue', access.taskQueue)} AND ${wanted === 'open' ? OPEN : CLOSED}`;
  const page = await listJourneys(access, query, filter.limit, filter.cursor);
  const views = await Promise.all(page.items.map(async (item) =>
    publishedViewOf(await decodedMemo(access, item.memoFields)) ?? queryJourney(access, item.workflowId)));
  const items = views.flatMap((view) => view === undefined ? [] : view.escalations
    .filter((e) => e.status === wanted)
    .map((e) => escalationViewOf(view, e)));
  return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor };
}

export { journeyIdOfEscalation };

/**
 * Records a staff outcome with the journey's `staffOutcome` Update, which answers once the journey has closed
 * the escalation: the result is what the journey accepted, never a guess.
 */
export async function recordEscalationOutcome(access: TemporalAccess, escalationId: string, request: EscalationOutcomeRequest): Promise<EscalationOutcomeResult> {
  const journeyId = journeyIdOfEscalation(escalationId);
  if (journeyId === undefined) return { kind: 'not-found' };
  try {
    const view = await guarded(access, () => access.client.workflow.getHandle(journeyId).executeUpdate(staffOutcome, {
      args: [{ escalationId, outcome: request.outcome, staffRole: request.staffRole }],
    }), UPDATE_TIMEOUT_MS);
    const closed = view.escalations.find((e) => e.escalationId === escalationId);
    return closed === undefined ? { kind: 'not-found' } : { kind: 'recorded', escalation: escalationViewOf(view, closed) };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause;
      return cause instanceof ApplicationFailure && cause.type === 'ESCALATION_NOT_FOUND' ? { kind: 'not-found' } : { kind: 'closed' };
    }
    if (!isWorkflowNotFound(error)) throw error;
    // No such journey, or it has finished (updates reach running journeys only; a finished one still answers
    // its query, which tells an escalation it had from one it never had).
    if ((await describeSummary(access, journeyId)) === undefined) return { kind: 'not-found' };
    const view = await queryJourney(access, journeyId).catch(() => undefined);
    return view !== undefined && !view.escalations.some((e) => e.escalationId === escalationId) ? { kind: 'not-found' } : { kind: 'closed' };
  }
}
