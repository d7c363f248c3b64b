/**
 * When a cancel reason calls for it (the catalogue's cancellation policy: an appointment the patient was, or
 * was about to be, reminded of is cancelled), the journey starts a notice journey before it closes. The
 * notice is a journey of its own (`<journeyId>-notice`, abandoned by its parent so it outlives it) with the
 * same recipient and the fields the notice's wording needs, its fallbacks filled for the same event.
 */
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { fillFallbacks } from '../../src/domain/journeys/resolve-personalisation';
import { JourneyType } from '../common/search-attributes';
import type { JourneyInput, PlannedJourneyInput } from './journey-contract';
import { addLog, type JourneyContext } from './journey-context';

export async function startCancellationNotice(ctx: JourneyContext, start: (input: PlannedJourneyInput, workflowId: string) => Promise<void>): Promise<void> {
  const notice = ctx.input.cancellationNotice;
  const reason = ctx.state.cancel?.reason;
  if (notice === undefined || reason === undefined || !notice.reasons.includes(reason)) return;
  const fields = notice.plan.personalisationFields;
  const provided = Object.fromEntries(Object.entries(ctx.state.personalisation.provided).filter(([name]) => Object.hasOwn(fields, name)));
  const required = Object.entries(fields).filter(([, field]) => field.required === true).map(([name]) => name);
  if (required.some((name) => provided[name] === undefined)) return; // the notice's wording cannot be filled: nothing to send
  const workflowId = `${ctx.journeyId}-notice`;
  try {
    await start({
      plan: notice.plan, eventAt: ctx.state.eventAt, recipient: ctx.input.recipient,
      personalisation: { provided, values: fillFallbacks(fields, provided, ctx.state.eventAt, notice.plan.timeZone) },
      ...(ctx.input.odsCode === undefined ? {} : { odsCode: ctx.input.odsCode }),
      requestFingerprint: `${ctx.input.requestFingerprint}:notice`,
      ...(ctx.input.source === undefined ? {} : { source: ctx.input.source }),
      ...(ctx.input.sendPolicy === undefined ? {} : { sendPolicy: ctx.input.sendPolicy }),
    ...(ctx.input.clock === undefined ? {} : { clock: { speed: ctx.clock.anchor.speed, startAt: ctx.clock.now() } }),
    }, workflowId);
    addLog(ctx, { kind: 'notice-started', reason: notice.plan.type });
  } catch {
    // Already started by an earlier run of this journey (reset, retry): one notice is enough.
    addLog(ctx, { kind: 'notice-started', reason: 'already_started' });
  }
}

/** Starts the notice as a child that outlives this journey. Kept apart so the workflow module owns the import cycle. */
export function noticeStarter(workflow: (input: JourneyInput) => Promise<unknown>) {
  return async (input: PlannedJourneyInput, workflowId: string): Promise<void> => {
    await startChild(workflow, {
      workflowId, args: [input], parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [{ key: JourneyType, value: input.plan.type }],
      staticSummary: `${input.plan.type} notice`,
    });
  };
}
