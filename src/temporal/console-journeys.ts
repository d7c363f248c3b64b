/**
 * The staff console's journey reads and writes, with a Temporal Client: the one module the console's data
 * comes through, so a change of read model (search attributes and memo instead of queries) changes only here.
 *
 * - worklist: journeys flagged EscalationOpen in visibility, each answered by its own timeline query, with the
 *   patient read from the journey's start input (decrypted by the client's payload codec, server-side).
 * - journey: the same for one journey.
 * - recordOutcome: the journey's `staffOutcome` Update (escalations.ts), shared with the API.
 */
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { ConsoleJourney, ConsoleJourneys, JourneyEvent, PatientDetails, TriedMessage, WorklistFilter, WorklistRow } from '../console/ports';
import type { JourneyInput, JourneyPlan, JourneyView } from '../../workflows';
import { bundledPlan } from '../../workflows/journey/published-plan';
import { recordEscalationOutcome } from './journeys/escalations';
import { liveJourney, queryJourney } from './journeys/live-view';
import { guarded, isWorkflowNotFound, type TemporalAccess } from './journeys/temporal-errors';
import { equals, listJourneys } from './journeys/visibility';

/** The worklist reads at most this many open escalations (pages of 100); more is an incident, not a list. */
const WORKLIST_CAP = 500;
const QUERY_TIMEOUT_MS = 2_000;

/** Personalisation fields that name the place of the event, by journey. */
const PLACE_FIELDS = ['clinicName', 'serviceName', 'programmeName'] as const;

export function createConsoleJourneys(access: TemporalAccess & { readonly taskQueue: string }): ConsoleJourneys {
  const quick = { ...access, callTimeoutMs: QUERY_TIMEOUT_MS };
  return {
    async worklist(filter: WorklistFilter): Promise<readonly WorklistRow[]> {
      const clauses = ["WorkflowType = 'journeyWorkflow'", equals('TaskQueue', access.taskQueue), 'EscalationOpen = true'];
      if (filter.journeyType !== undefined) clauses.push(equals('JourneyType', filter.journeyType));
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listJourneys(access, clauses.join(' AND '), 100, cursor);
        ids.push(...page.items.map((item) => item.workflowId));
        cursor = page.nextCursor;
      } while (cursor !== undefined && ids.length < WORKLIST_CAP);
      // A journey that cannot answer in time is left off this rendering rather than failing the list.
      const rows = await Promise.all(ids.map((id) => worklistRows(quick, id).catch(() => [])));
      return rows.flat()
        .filter((row) => filter.reason === undefined || row.reason === filter.reason)
        .sort((a, b) => a.dueBy - b.dueBy || a.raisedAt - b.raisedAt);
    },

    async journey(journeyId) {
      const view = await liveJourney(access, journeyId);
      if (view === undefined) return undefined;
      const input = await startInput(access, journeyId);
      return consoleJourneyOf(view, input);
    },

    recordOutcome: (escalationId, outcome) => recordEscalationOutcome(access, escalationId, outcome),
  };
}

async function worklistRows(access: TemporalAccess, journeyId: string): Promise<WorklistRow[]> {
  const [view, input] = await Promise.all([queryJourney(access, journeyId), startInput(access, journeyId)]);
  if (view === undefined) return [];
  const journey = consoleJourneyOf(view, input);
  const tried: TriedMessage[] = journey.steps.filter((step) => step.status !== 'pending' && step.status !== 'skipped').map((step) => {
    const last = step.history.at(-1)?.at ?? step.sentAt;
    return { channel: step.channel, status: step.status, ...(last === undefined ? {} : { at: last }), ...(step.failureCode === undefined ? {} : { failureCode: step.failureCode }) };
  });
  return view.escalations.filter((e) => e.status === 'open').map((e) => ({
    escalationId: e.escalationId, journeyId, journeyType: view.journeyType, reason: e.reason, raisedAt: e.openedAt, dueBy: e.dueBy,
    event: journey.event, tried, ...(journey.patient === undefined ? {} : { patient: journey.patient }),
  }));
}

function consoleJourneyOf(view: JourneyView, input: JourneyInput | undefined): ConsoleJourney {
  const patient = input === undefined ? undefined : patientOf(input);
  return {
    journeyId: view.workflowId, journeyType: view.journeyType, status: view.outcome ?? view.status, startedAt: view.startedAt,
    deadline: view.deadline, event: eventOf(view, input), ...(patient === undefined ? {} : { patient }),
    steps: view.steps.map((step) => ({
      stepId: step.stepId, channel: step.channel, status: step.status,
      template: { id: step.template.id, ...(step.template.version === undefined ? {} : { version: step.template.version }) },
      routingPlan: { name: step.routingPlan.name, ...(step.routingPlan.version === undefined ? {} : { version: step.routingPlan.version }) },
      ...(step.sentAt === undefined ? {} : { sentAt: step.sentAt }),
      ...(step.failureCode === undefined ? {} : { failureCode: step.failureCode }),
      ...(step.skipReason === undefined ? {} : { skipReason: step.skipReason }),
      history: step.history.map((h) => ({ at: h.at, status: h.supplierStatus ?? h.status, source: h.source })),
    })),
    escalations: view.escalations,
  };
}

function patientOf(input: JourneyInput): PatientDetails {
  const name = input.recipient.contactDetails?.name;
  const words = name === undefined ? [] : [name.prefix, name.firstName, name.middleNames, name.lastName, name.suffix].filter((w) => w !== undefined);
  return { nhsNumber: input.recipient.nhsNumber, ...(words.length === 0 ? {} : { name: words.join(' ') }) };
}

function eventOf(view: JourneyView, input: JourneyInput | undefined): JourneyEvent {
  const values = input?.personalisation.values ?? {};
  const place = PLACE_FIELDS.map((field) => values[field]).find((value) => value !== undefined && value !== '');
  // The appointment may have moved since the start: the journey's view has the current time.
  return { at: view.eventAt ?? input?.eventAt ?? view.deadline, timeZone: planOf(input)?.timeZone ?? 'Europe/London', ...(place === undefined ? {} : { place }) };
}

function planOf(input: JourneyInput | undefined): JourneyPlan | undefined {
  if (input === undefined) return undefined;
  return input.plan ?? bundledPlan(input.planRef);
}

/** The journey's start input from the first event of its current run, decrypted by the client's codec. */
async function startInput(access: TemporalAccess, journeyId: string): Promise<JourneyInput | undefined> {
  try {
    const response = await guarded(access, () => access.client.workflowService.getWorkflowExecutionHistory({
      namespace: access.client.options.namespace, execution: { workflowId: journeyId }, maximumPageSize: 1,
    }));
    const payloads = response.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
    if (!payloads || payloads.length === 0) return undefined;
    return await decodeFromPayloadsAtIndex<JourneyInput>(access.client.options.loadedDataConverter, 0, payloads);
  } catch (error) {
    if (isWorkflowNotFound(error)) return undefined;
    throw error;
  }
}
