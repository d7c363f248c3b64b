/**
 * Turns the workflow's `timeline` query answer into what the gateway serves: a summary and a flat, oldest
 * first timeline of entries (C4: channel, status, template and routing plan versions, times for every
 * sent message). Only ids, codes, versions and times pass through.
 */
import type { TimelineStep } from '../../domain/timeline';
import type { EscalationView, JourneySummary, JourneyTimeline, TimelineEntry } from '../../contracts/ports';
import type { JourneyEscalationView, JourneyView } from '../../../workflows';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The status the API shows: the domain status while open, the outcome once finished. */
export function apiStatus(view: JourneyView): string {
  return view.outcome ?? view.status;
}

export function summaryOf(view: JourneyView): JourneySummary {
  return { journeyId: view.workflowId, type: view.journeyType, status: apiStatus(view), createdAt: iso(view.startedAt), updatedAt: iso(view.updatedAt) };
}

/** Times as ISO 8601 strings: the API is read by people and other systems, not by the workflow. */
type WithIsoTimes<T, K extends keyof T> = Omit<T, K> & { readonly [P in K]: undefined extends T[P] ? string | undefined : string };

export type ApiStatusEntry = WithIsoTimes<TimelineStep['history'][number], 'at'>;
export type ApiStep = Omit<WithIsoTimes<TimelineStep, 'scheduledAt' | 'sentAt'>, 'history'> & { readonly history: readonly ApiStatusEntry[] };
export type ApiEscalation = WithIsoTimes<JourneyEscalationView, 'openedAt' | 'dueBy' | 'closedAt'>;

export interface JourneyDetails extends JourneyTimeline {
  readonly deadline: string;
  /** When the next message is due to go (while the journey waits for its send time). */
  readonly nextSendAt?: string;
  readonly steps: readonly ApiStep[];
  readonly escalations: readonly ApiEscalation[];
}

function apiStep(step: TimelineStep): ApiStep {
  const { scheduledAt, sentAt, history, ...rest } = step;
  return {
    ...rest,
    ...(scheduledAt === undefined ? {} : { scheduledAt: iso(scheduledAt) }),
    ...(sentAt === undefined ? {} : { sentAt: iso(sentAt) }),
    history: history.map((entry) => ({ ...entry, at: iso(entry.at) })),
  };
}

function apiEscalation(escalation: JourneyEscalationView): ApiEscalation {
  const { openedAt, dueBy, closedAt, ...rest } = escalation;
  return { ...rest, openedAt: iso(openedAt), dueBy: iso(dueBy), ...(closedAt === undefined ? {} : { closedAt: iso(closedAt) }) };
}

export function timelineOf(view: JourneyView): JourneyDetails {
  return {
    ...summaryOf(view), deadline: iso(view.deadline), ...(view.nextSendAt === undefined ? {} : { nextSendAt: iso(view.nextSendAt) }),
    steps: view.steps.map(apiStep), escalations: view.escalations.map(apiEscalation), timeline: entriesOf(view),
  };
}

export function entriesOf(view: JourneyView): TimelineEntry[] {
  const entries: TimelineEntry[] = view.events.map((event) => ({
    at: iso(event.at), kind: event.kind, ...(event.stepId === undefined ? {} : { stepId: event.stepId }),
    ...(event.outcome === undefined ? {} : { status: event.outcome }),
    ...(event.stepOutcome === undefined ? {} : { status: event.stepOutcome }),
    ...(event.controlScope === undefined ? {} : { reason: event.reason ?? '', controlScope: event.controlScope, controlRole: event.controlRole ?? '' }),
  }));
  for (const step of view.steps) entries.push(...stepEntries(step));
  for (const escalation of view.escalations) {
    entries.push({ at: iso(escalation.openedAt), kind: 'escalation-opened', status: escalation.reason });
    if (escalation.closedAt !== undefined) entries.push({ at: iso(escalation.closedAt), kind: 'escalation-closed', status: escalation.outcome ?? 'closed' });
  }
  return entries.map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.localeCompare(b.entry.at) || a.index - b.index)
    .map(({ entry }) => entry);
}

function stepEntries(step: TimelineStep): TimelineEntry[] {
  const about = {
    stepId: step.stepId, channel: step.channel, messageReference: step.messageReference,
    templateId: step.template.id, templateVersion: step.template.version,
    ...(step.routingPlan.id === undefined ? {} : { routingPlan: { id: step.routingPlan.id, ...(step.routingPlan.version === undefined ? {} : { version: step.routingPlan.version }) } }),
  };
  const entries: TimelineEntry[] = [];
  if (step.sentAt !== undefined) entries.push({ at: iso(step.sentAt), kind: 'message-sent', status: 'accepted', ...about });
  for (const h of step.history) {
    const kind = h.source === 'message' ? 'message-status' : h.supplierStatus === undefined ? 'channel-status' : 'supplier-status';
    entries.push({ at: iso(h.at), kind, status: h.supplierStatus ?? h.status, ...about, ...(h.source === 'message' ? {} : { channel: h.source }) });
  }
  return entries;
}

export function escalationViewOf(journey: JourneyView, escalation: JourneyEscalationView): EscalationView {
  return {
    escalationId: escalation.escalationId, journeyId: journey.workflowId, reason: escalation.reason, status: escalation.status,
    raisedAt: iso(escalation.openedAt),
    ...(escalation.outcome === undefined ? {} : { outcome: escalation.outcome }),
    ...(escalation.closedAt === undefined ? {} : { closedAt: iso(escalation.closedAt) }),
  };
}
