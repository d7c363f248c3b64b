/**
 * The staff worklist as the API sees it: journeys flagged EscalationOpen=true in visibility, each answered
 * from the view it published (its memo, in the same visibility record: no workflow woken); and recording a
 * staff outcome by signalling the journey.
 */
import type { EscalationFilter, EscalationOutcomeResult, EscalationView, Page } from '../../gateway/ports';
import { journeyIdOfEscalation } from '../../domain/identifiers';
import type { EscalationOutcomeRequest } from '../../domain/messages/commands/v1/record-escalation-outcome.request';
import { escalationOutcome } from '../../../workflows';
import { escalationViewOf } from './journey-answers';
import { queryJourney } from './live-view';
import { decodedMemo, publishedViewOf } from './published-view';
import { guarded, isWorkflowNotFound, type TemporalAccess } from './temporal-errors';
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

export async function recordEscalationOutcome(access: TemporalAccess, escalationId: string, request: EscalationOutcomeRequest,
  settleMs = 5_000): Promise<EscalationOutcomeResult> {
  const journeyId = journeyIdOfEscalation(escalationId);
  const before = journeyId === undefined ? undefined : await queryJourney(access, journeyId);
  if (journeyId === undefined || before === undefined) return { kind: 'not-found' };
  if (!before.escalations.some((e) => e.escalationId === escalationId)) return { kind: 'not-found' };
  if (before.outcome !== undefined) return { kind: 'closed' };
  try {
    await guarded(access, () => access.client.workflow.getHandle(journeyId).signal(escalationOutcome, { escalationId, outcome: request.outcome, staffRole: request.staffRole }));
  } catch (error) {
    if (isWorkflowNotFound(error)) return { kind: 'closed' };
    throw error;
  }
  // A signal has no answer: read the journey until it shows the outcome applied (normally milliseconds).
  const until = Date.now() + settleMs;
  for (;;) {
    const view = await queryJourney(access, journeyId);
    const applied = view?.escalations.find((e) => e.escalationId === escalationId && e.status === 'closed')
      ?? (view?.outcome !== undefined ? view.escalations.find((e) => e.status === 'closed' && e.closedByRole !== undefined) : undefined);
    if (view !== undefined && applied !== undefined) return { kind: 'recorded', escalation: escalationViewOf(view, applied) };
    if (Date.now() >= until || view === undefined) {
      const current = view?.escalations.find((e) => e.escalationId === escalationId);
      return current === undefined || view === undefined ? { kind: 'not-found' } : { kind: 'recorded', escalation: escalationViewOf(view, current) };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
