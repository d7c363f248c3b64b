/**
 * Staff escalation as a real step. Opens a worklist ticket (idempotent by `<journeyId>:<n>`), flags the
 * journey EscalationOpen=true for the worklist view, and waits for a staff outcome under the SLA timer.
 * A breach closes the ticket as superseded and raises the next one (a new escalation id), so an unanswered
 * escalation keeps resurfacing instead of going quiet. Continue-as-new bounds the history of a journey that
 * is escalated for a long time.
 */
import { proxyActivities } from '@temporalio/workflow';
import { escalationDueBy } from '../../src/domain/planning/journey-window';
import type { EscalationActivities } from '../../activities/escalation/escalation.activities';
import type { JourneyOutcome } from './journey-contract';
import { noteJourneyAttributes, setStatus, type JourneyContext } from './journey-context';
import { journeyWait } from './journey-wait';
import { closeEscalationRecord, openEscalationRecord } from './journey-state';
import { announce, publishAnnounced } from './webhook-events';
import { handOverFacts } from './fact-sink';

const { openEscalation, closeEscalation } = proxyActivities<EscalationActivities>({
  summary: 'staff worklist',
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export type EscalationEnd = Exclude<JourneyOutcome, 'delivered'> | 'continue-as-new';

const DEFAULT_MAX_ESCALATIONS_PER_RUN = 10;

export async function runEscalation(ctx: JourneyContext): Promise<EscalationEnd> {
  const maxPerRun = ctx.input.maxEscalationsPerRun ?? DEFAULT_MAX_ESCALATIONS_PER_RUN;
  for (let raisedThisRun = 0; ; raisedThisRun += 1) {
    const open = openEscalationRecord(ctx.state) ?? (raisedThisRun < maxPerRun ? await raise(ctx) : undefined);
    if (open === undefined) return 'continue-as-new';
    const handOver = handOverFacts(ctx);
    if (handOver !== undefined) await handOver;
    const sla = ctx.clock.realMsUntil(open.dueAt);
    await journeyWait(ctx, sla, `escalation SLA ${open.escalationId}`, () => ctx.pendingOutcome !== undefined || ctx.state.cancel !== undefined);
    if (ctx.pendingOutcome !== undefined) {
      const { outcome, staffRole } = ctx.pendingOutcome;
      await close(ctx, open.escalationId, outcome, staffRole);
      return outcome === 'unreachable' ? 'unreachable' : 'handled_by_staff';
    }
    if (ctx.state.cancel !== undefined) {
      await close(ctx, open.escalationId, 'cancelled');
      return 'cancelled';
    }
    await close(ctx, open.escalationId, 'sla_breached');
    ctx.state.escalationReason = 'sla_breached';
  }
}

async function raise(ctx: JourneyContext) {
  const n = ctx.state.escalations.length + 1;
  const escalationId = `${ctx.journeyId}:${n}`;
  const raisedAt = ctx.clock.now();
  const dueAt = escalationDueBy(raisedAt, ctx.input.plan);
  const reason = ctx.state.escalationReason ?? 'no_steps_left';
  await openEscalation({ escalationId, journeyId: ctx.journeyId, journeyType: ctx.input.plan.type, reason, dueAt });
  const record = { escalationId, reason, raisedAt, dueAt, status: 'open' as const };
  ctx.state.escalations.push(record);
  setStatus(ctx, 'escalated');
  noteJourneyAttributes(ctx, { escalationOpen: true });
  announce(ctx, { type: 'journey.escalated', escalationId, reason, dueAt: new Date(dueAt).toISOString() }, n);
  await publishAnnounced(ctx);
  return record;
}

async function close(ctx: JourneyContext, escalationId: string, outcome: string, staffRole?: string): Promise<void> {
  closeEscalationRecord(ctx.state, escalationId, { outcome, closedAt: ctx.clock.now(), ...(staffRole === undefined ? {} : { closedByRole: staffRole }) });
  // A breached ticket is replaced at once: the journey stays on the worklist.
  if (outcome !== 'sla_breached') noteJourneyAttributes(ctx, { escalationOpen: false });
  await closeEscalation({ escalationId, journeyId: ctx.journeyId, outcome, ...(staffRole === undefined ? {} : { staffRole }) });
  // Handed over with whatever follows: the next escalation, or the journey's end.
  announce(ctx, { type: 'escalation.closed', escalationId, outcome, ...(staffRole === undefined ? {} : { staffRole }) }, ctx.state.escalations.findIndex((e) => e.escalationId === escalationId) + 1);
}
