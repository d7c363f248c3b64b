/**
 * The journey's facts, derived from its own record (a pure function of input and state, so a replay derives the
 * same facts with the same keys). Statuses come from the step's folded message state: each status once, at the
 * earliest time NHS Notify reported it, however often the callback came.
 */
import type { FactDetail, JourneyFact, JourneyFactKind } from '../../src/domain/audit/journey-fact';
import type { ResolvedJourneyInput } from './journey-contract';
import type { JourneyState, LogEntry, StepRecord } from './journey-state';

export function journeyFacts(input: ResolvedJourneyInput, state: JourneyState): JourneyFact[] {
  const facts = [
    ...state.log.flatMap((entry) => logFacts(input, state, entry)),
    ...state.skipped.map((s) => fact('step-skipped', `skipped:${s.stepId}:${s.reason}`, s.at, { stepId: s.stepId, reason: s.reason })),
    ...state.steps.flatMap(stepFacts),
    ...fallbackFacts(state),
    ...state.escalations.flatMap((e) => [
      fact('escalation-opened', `escalation-opened:${e.escalationId}`, e.raisedAt, { escalationId: e.escalationId, reason: e.reason, dueAt: iso(e.dueAt) }),
      ...(e.status === 'closed' && e.closedAt !== undefined ? [fact('escalation-closed', `escalation-closed:${e.escalationId}`, e.closedAt, {
        escalationId: e.escalationId, outcome: e.outcome ?? 'unknown', ...(e.closedByRole === undefined ? {} : { staffRole: e.closedByRole }),
      })] : []),
    ]),
  ];
  // Stable by time, so the record reads in the order things happened.
  return facts.map((f, i) => ({ f, i })).sort((a, b) => a.f.at - b.f.at || a.i - b.i).map(({ f }) => f);
}

function logFacts(input: ResolvedJourneyInput, state: JourneyState, entry: LogEntry): JourneyFact[] {
  switch (entry.kind) {
    case 'journey-started':
      return [fact('journey-started', 'started', entry.at, {
        journeyType: input.plan.type, journeyVersion: input.plan.version, purpose: input.plan.purpose,
        personalisationFields: Object.keys(state.personalisation.provided).sort(),
        ...(input.odsCode === undefined ? {} : { requestingOrganisation: input.odsCode }),
      })];
    case 'send-scheduled': {
      const step = input.plan.steps.find((s) => s.id === entry.stepId);
      const pending = state.nextSendAt !== undefined && state.log[state.log.length - 1] === entry;
      return [fact('send-scheduled', `scheduled:${entry.stepId}:${entry.at}`, entry.at, {
        stepId: entry.stepId ?? '', ...(step === undefined ? {} : { channel: step.channel }),
        ...(pending && state.nextSendAt !== undefined ? { sendAt: iso(state.nextSendAt) } : {}),
      })];
    }
    case 'step-finished':
      return [fact('step-finished', `step-finished:${entry.stepId}`, entry.at, {
        stepId: entry.stepId ?? '', outcome: entry.stepOutcome ?? 'unknown', ...(entry.failureCode === undefined ? {} : { failureCode: entry.failureCode }),
      })];
    case 'appointment-changed':
      return [fact('appointment-changed', `appointment-changed:${entry.at}`, entry.at, {})];
    case 'cancel-requested':
      return [fact('journey-cancelled', 'cancel-requested', entry.at, { reason: entry.reason ?? 'unknown' })];
    case 'notice-started':
      return [fact('notice-started', 'notice-started', entry.at, { notice: entry.reason ?? 'unknown' })];
    case 'sending-held':
    case 'send-dry-run':
      // Who held it and why: the sending control's scope, the operator's role and their reason (never patient data).
      return [fact(entry.kind, `${entry.kind}:${entry.stepId}:${entry.at}`, entry.at, {
        stepId: entry.stepId ?? '', scope: entry.controlScope ?? 'unknown', role: entry.controlRole ?? 'unknown', reason: entry.reason ?? '',
      })];
    case 'sending-released':
      return [fact('sending-released', `sending-released:${entry.stepId}:${entry.at}`, entry.at, { stepId: entry.stepId ?? '' })];
    case 'journey-finished':
      return [fact('journey-finished', 'finished', entry.at, {
        outcome: entry.outcome ?? 'unknown', ...(entry.reason === undefined ? {} : { reason: entry.reason }),
      })];
  }
}

function stepFacts(step: StepRecord): JourneyFact[] {
  const ref = step.messageReference;
  const facts: JourneyFact[] = [];
  if (step.accepted !== undefined || step.messageId !== undefined) {
    const acceptedAt = step.acceptedAt === undefined ? Number.NaN : Date.parse(step.acceptedAt);
    facts.push(fact('message-accepted', `accepted:${ref}`, Number.isFinite(acceptedAt) ? acceptedAt : step.startedAt, {
      stepId: step.stepId, messageReference: ref, channel: step.channel, templateId: step.template.id, templateVersion: step.template.version,
      routingPlan: step.routingPlan.name, ...(step.routingPlan.id === undefined ? {} : { routingPlanId: step.routingPlan.id }),
      ...(step.routingPlan.version === undefined ? {} : { routingPlanVersion: step.routingPlan.version }),
      ...(step.messageId === undefined ? {} : { messageId: step.messageId }), ...(step.accepted === undefined ? {} : { accepted: step.accepted }),
    }));
  }
  const message = step.message;
  if (message === undefined) return facts;
  for (const [status, at] of Object.entries(message.reachedAt)) {
    if (at === undefined) continue;
    facts.push(fact('status-changed', `status:${ref}:${status}`, at, {
      messageReference: ref, status, ...(status === 'failed' && message.failureCode !== undefined ? { failureCode: message.failureCode } : {}),
    }));
  }
  for (const channel of Object.values(message.channels)) {
    if (channel === undefined) continue;
    for (const [status, at] of Object.entries(channel.reachedAt)) {
      if (at === undefined) continue;
      facts.push(fact('channel-status-changed', `channel-status:${ref}:${channel.channel}:${status}`, at, {
        messageReference: ref, channel: channel.channel, status,
        ...(status === 'failed' && channel.failureCode !== undefined ? { failureCode: channel.failureCode } : {}),
      }));
    }
  }
  return facts;
}

/** A step that did not deliver, and what the journey did next: the following step, or staff. */
function fallbackFacts(state: JourneyState): JourneyFact[] {
  return state.steps.flatMap((step, i) => {
    if (step.outcome === undefined || step.outcome === 'delivered' || step.outcome === 'stopped') return [];
    const reasonCode = step.failureCode ?? step.outcome;
    const next = state.steps[i + 1];
    if (next !== undefined) return [fact('fallback-decided', `fallback:${step.stepId}`, step.finishedAt ?? next.startedAt, { from: step.stepId, to: next.stepId, reasonCode })];
    const escalation = state.escalations[0];
    if (escalation !== undefined && escalation.raisedAt >= (step.finishedAt ?? 0)) {
      return [fact('fallback-decided', `fallback:${step.stepId}`, escalation.raisedAt, { from: step.stepId, to: 'staff-escalation', reasonCode, escalationReason: escalation.reason })];
    }
    return [];
  });
}

function fact(kind: JourneyFactKind, key: string, at: number, detail: FactDetail): JourneyFact {
  return { key, kind, at, detail };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
