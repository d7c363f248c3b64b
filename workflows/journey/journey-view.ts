/**
 * What ops and the API see of a journey (the `timeline` query): steps with channel, template and routing
 * plan versions, NHS Notify message ids and statuses with times, escalations, and a flat chronological
 * timeline (C4: "which wording did the patient get, and when?"). Ids, codes and times only: no contact
 * details, no personalisation values.
 */
import type { JourneyState, StepRecord } from './journey-state';
import type { JourneyStatus } from './journey-contract';

export interface TimelineEntry {
  readonly at: string;
  readonly kind: string;
  readonly stepId?: string;
  readonly channel?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly messageReference?: string;
  readonly messageId?: string;
  readonly templateId?: string;
  readonly templateVersion?: string;
  readonly routingPlan?: { readonly id: string; readonly version?: string };
  readonly escalationId?: string;
}

export interface StepView {
  readonly stepId: string;
  readonly channel: string;
  readonly messageReference: string;
  readonly template: { readonly id: string; readonly version: string };
  readonly routingPlan: { readonly name: string; readonly id?: string; readonly version?: string };
  readonly messageId?: string;
  readonly accepted?: 'now' | 'earlier';
  readonly sentAt?: string;
  readonly status: string;
  readonly outcome?: string;
  readonly failureCode?: string;
  readonly statuses: readonly { readonly status: string; readonly at: string }[];
}

export interface EscalationViewItem {
  readonly escalationId: string;
  readonly reason: string;
  readonly status: 'open' | 'closed';
  readonly raisedAt: string;
  readonly dueAt: string;
  readonly outcome?: string;
  readonly staffRole?: string;
  readonly closedAt?: string;
}

export interface JourneyView {
  readonly journeyId: string;
  readonly journeyType: string;
  readonly definitionVersion: number;
  readonly status: JourneyStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly eventAt: string;
  readonly deadline: string;
  readonly nextSendAt?: string;
  readonly steps: readonly StepView[];
  readonly escalations: readonly EscalationViewItem[];
  readonly timeline: readonly TimelineEntry[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function buildView(meta: { journeyId: string; journeyType: string; definitionVersion: number; deadline: number }, state: JourneyState): JourneyView {
  return {
    journeyId: meta.journeyId, journeyType: meta.journeyType, definitionVersion: meta.definitionVersion, status: state.status,
    createdAt: iso(state.createdAt), updatedAt: iso(state.updatedAt), eventAt: iso(state.eventAt), deadline: iso(meta.deadline),
    ...(state.nextSendAt === undefined ? {} : { nextSendAt: iso(state.nextSendAt) }),
    steps: state.steps.map(stepView),
    escalations: state.escalations.map((e) => ({
      escalationId: e.escalationId, reason: e.reason, status: e.status, raisedAt: iso(e.raisedAt), dueAt: iso(e.dueAt),
      ...(e.outcome === undefined ? {} : { outcome: e.outcome }), ...(e.staffRole === undefined ? {} : { staffRole: e.staffRole }),
      ...(e.closedAt === undefined ? {} : { closedAt: iso(e.closedAt) }),
    })),
    timeline: timeline(state),
  };
}

function stepView(step: StepRecord): StepView {
  const statuses = Object.entries(step.message?.reachedAt ?? {})
    .map(([status, at]) => ({ status, at: iso(at) }))
    .sort((a, b) => a.at.localeCompare(b.at));
  return {
    stepId: step.stepId, channel: step.channel, messageReference: step.messageReference, template: step.template,
    routingPlan: step.routingPlan, status: step.message?.status ?? (step.accepted === undefined ? 'not_sent' : 'accepted'), statuses,
    ...(step.messageId === undefined ? {} : { messageId: step.messageId }),
    ...(step.accepted === undefined ? {} : { accepted: step.accepted }),
    ...(step.acceptedAt === undefined ? {} : { sentAt: step.acceptedAt }),
    ...(step.outcome === undefined ? {} : { outcome: step.outcome }),
    ...(step.failureCode === undefined ? {} : { failureCode: step.failureCode }),
  };
}

function timeline(state: JourneyState): TimelineEntry[] {
  const entries: TimelineEntry[] = state.log.map((e) => ({
    at: iso(e.at), kind: e.kind,
    ...(e.stepId === undefined ? {} : { stepId: e.stepId }), ...(e.channel === undefined ? {} : { channel: e.channel }),
    ...(e.reason === undefined ? {} : { reason: e.reason }), ...(e.status === undefined ? {} : { status: e.status }),
  }));
  for (const step of state.steps) entries.push(...stepEntries(step));
  for (const e of state.escalations) {
    entries.push({ at: iso(e.raisedAt), kind: 'escalation-opened', escalationId: e.escalationId, reason: e.reason });
    if (e.closedAt !== undefined) entries.push({ at: iso(e.closedAt), kind: 'escalation-closed', escalationId: e.escalationId, ...(e.outcome === undefined ? {} : { status: e.outcome }) });
  }
  // Stable sort: entries at the same instant keep their logical order.
  return entries.map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.localeCompare(b.entry.at) || a.index - b.index)
    .map(({ entry }) => entry);
}

function stepEntries(step: StepRecord): TimelineEntry[] {
  const common = {
    stepId: step.stepId, channel: step.channel, messageReference: step.messageReference,
    templateId: step.template.id, templateVersion: step.template.version,
    ...(step.routingPlan.id === undefined ? {} : { routingPlan: { id: step.routingPlan.id, ...(step.routingPlan.version === undefined ? {} : { version: step.routingPlan.version }) } }),
    ...(step.messageId === undefined ? {} : { messageId: step.messageId }),
  };
  const entries: TimelineEntry[] = [{ at: iso(step.startedAt), kind: 'step-started', ...common }];
  if (step.acceptedAt !== undefined) entries.push({ at: step.acceptedAt, kind: 'message-sent', status: step.accepted === 'earlier' ? 'accepted_earlier' : 'accepted', ...common });
  for (const [status, at] of Object.entries(step.message?.reachedAt ?? {})) entries.push({ at: iso(at), kind: 'message-status', status, ...common });
  for (const channel of Object.values(step.message?.channels ?? {})) {
    for (const [status, at] of Object.entries(channel.reachedAt)) {
      entries.push({ at: iso(at), kind: 'channel-status', ...common, channel: channel.channel, status });
    }
  }
  if (step.outcome !== undefined && step.finishedAt !== undefined) {
    entries.push({ at: iso(step.finishedAt), kind: 'step-finished', status: step.outcome, ...common, ...(step.failureCode === undefined ? {} : { reason: step.failureCode }) });
  }
  return entries;
}
