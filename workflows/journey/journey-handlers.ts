/**
 * The journey's message handlers, registered before the first await so no message is missed.
 * - timeline (query): the view, no side effects.
 * - changeAppointment (update): the validator rejects before anything reaches history; the handler moves
 *   the event time, refreshes the personalisation and wakes the main loop to re-plan.
 * - cancelJourney (update): records the cancel, then returns only once no send is in flight and the journey
 *   is closed, so the acknowledgement really means "nothing more will be sent" (C2). Twice answers the same.
 * - staffOutcome (update): a staff member's outcome for an open escalation; returns once the escalation is
 *   closed and the journey finished on it, so the caller shows what the journey accepted. Adding it changes no command of an existing
 *   history (an update only appears in the history of a journey that is sent one), so it needs no patched().
 * - escalationOutcome (signal): the same, fire and forget; kept for journeys already sent it.
 * - deliveryProgress (signal, from the step's child): NHS Notify accepted the message (the timeline, the
 *   journey.accepted webhook); a publishing journey publishes the change at once. Only journeys that began
 *   before the patch `lean-publication` are sent it: since then the child publishes and announces.
 * - sendingResumed (signal, from the sending controls): a control that held this journey was lifted.
 */
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { applyAppointmentChange } from '../../src/domain/messages/commands/v1/appointment-change';
import { CANCEL_REASONS } from '../../src/domain/journeys/types';
import { deliveryProgress } from '../delivery/delivery-contract';
import { acceptedEventData } from '../delivery/acceptance-announcement';
import { sendingResumed } from '../controls/controls-contract';
import {
  cancelJourney, changeAppointment, escalationOutcome, ESCALATION_OUTCOMES, staffOutcome, timelineQuery,
  type CancelJourneyRequest, type ChangeAppointmentRequest, type EscalationOutcomeSignal,
} from './journey-contract';
import { addLog, isFinished, noteJourneyAttributes, publishJourney, setStatus, viewOf, type JourneyContext } from './journey-context';
import { recordProgress } from './journey-state';
import { announce, publishAnnounced } from './webhook-events';

export function registerJourneyHandlers(ctx: JourneyContext): void {
  setHandler(timelineQuery, () => viewOf(ctx));

  setHandler(changeAppointment, (request) => {
    const eventAt = Date.parse(request.eventAt);
    // The fields were checked against the journey's schema where the change was validated.
    const change = { eventAt, ...(request.personalisation === undefined ? {} : { personalisation: request.personalisation }) };
    ctx.state.eventAt = eventAt;
    ctx.state.personalisation = applyAppointmentChange(ctx.state.personalisation, change, ctx.input.plan.personalisationFields, ctx.input.plan.timeZone);
    ctx.replanned = true;
    addLog(ctx, { kind: 'appointment-changed' });
    return viewOf(ctx);
  }, { validator: (request: ChangeAppointmentRequest) => validateChange(ctx, request) });

  setHandler(cancelJourney, async (request) => {
    if (ctx.state.cancel === undefined && !isFinished(ctx)) {
      ctx.state.cancel = { reason: request.reason, at: ctx.clock.now() };
      addLog(ctx, { kind: 'cancel-requested', reason: request.reason });
    }
    // Acknowledge once nothing is in flight and the main loop has closed the journey (as cancelled, or as
    // delivered if the last message landed first).
    await condition(() => ctx.activeStepId === undefined && isFinished(ctx));
    return viewOf(ctx);
  }, { validator: (request: CancelJourneyRequest) => validateCancel(request) });

  setHandler(escalationOutcome, (signal) => {
    const known = ctx.state.escalations.some((e) => e.escalationId === signal.escalationId);
    if (!known || !ESCALATION_OUTCOMES.includes(signal.outcome)) return; // not for this journey, or garbage: ignore
    if (ctx.pendingOutcome === undefined) ctx.pendingOutcome = signal;
  });

  setHandler(sendingResumed, () => {
    ctx.resumeSignalled = true;
  });
  setHandler(staffOutcome, async (request) => {
    if (ctx.pendingOutcome === undefined) ctx.pendingOutcome = request;
    // The escalation loop applies the outcome (closing the ticket) and the journey closes on it: answer with
    // the record it left, so the caller sees the journey's final state, not a moment on the way there.
    await condition(() => escalationOf(ctx, request.escalationId)?.status === 'closed' && isFinished(ctx));
    return viewOf(ctx);
  }, { validator: (request: EscalationOutcomeSignal) => validateStaffOutcome(ctx, request) });

  setHandler(deliveryProgress, async (progress) => {
    const firstAcceptance = !ctx.state.steps.some((step) => step.accepted !== undefined);
    recordProgress(ctx.state, progress);
    if (ctx.state.status === 'sending' && ctx.activeStepId === progress.stepId) setStatus(ctx, 'awaiting_outcome');
    ctx.state.updatedAt = ctx.clock.now();
    if (progress.messageId !== undefined) noteJourneyAttributes(ctx, { messageId: progress.messageId });
    publishJourney(ctx);
    if (firstAcceptance) {
      const channel = ctx.state.steps.find((step) => step.stepId === progress.stepId)?.channel ?? 'unknown';
      announce(ctx, acceptedEventData(progress, channel));
      await publishAnnounced(ctx);
    }
  });
}

function validateChange(ctx: JourneyContext, request: ChangeAppointmentRequest): void {
  if (isFinished(ctx)) throw ApplicationFailure.nonRetryable('the journey has finished', 'JOURNEY_CLOSED');
  if (ctx.state.cancel !== undefined) throw ApplicationFailure.nonRetryable('the journey is cancelled', 'JOURNEY_CANCELLED');
  if (typeof request?.eventAt !== 'string' || !Number.isFinite(Date.parse(request.eventAt))) {
    throw ApplicationFailure.nonRetryable('eventAt must be an ISO 8601 date-time', 'INVALID_CHANGE_REQUEST');
  }
  const fields = ctx.input.plan.personalisationFields;
  for (const [key, value] of Object.entries(request.personalisation ?? {})) {
    if (!Object.hasOwn(fields, key) || typeof value !== 'string') {
      throw ApplicationFailure.nonRetryable('personalisation has an unknown or non-text field', 'INVALID_CHANGE_REQUEST');
    }
  }
}

function escalationOf(ctx: JourneyContext, escalationId: string) {
  return ctx.state.escalations.find((e) => e.escalationId === escalationId);
}

function validateStaffOutcome(ctx: JourneyContext, request: EscalationOutcomeSignal): void {
  if (!ESCALATION_OUTCOMES.includes(request?.outcome) || typeof request?.staffRole !== 'string') {
    throw ApplicationFailure.nonRetryable('unknown escalation outcome', 'INVALID_ESCALATION_OUTCOME');
  }
  const escalation = escalationOf(ctx, request.escalationId);
  if (escalation === undefined) throw ApplicationFailure.nonRetryable('no such escalation on this journey', 'ESCALATION_NOT_FOUND');
  // An outcome already on its way is answered with that outcome's result, not refused.
  const applying = ctx.pendingOutcome?.escalationId === request.escalationId;
  if (!applying && (escalation.status === 'closed' || isFinished(ctx))) {
    throw ApplicationFailure.nonRetryable('the escalation is closed', 'ESCALATION_CLOSED');
  }
}

function validateCancel(request: CancelJourneyRequest): void {
  if (!CANCEL_REASONS.includes(request?.reason)) throw ApplicationFailure.nonRetryable('unknown cancel reason', 'INVALID_CANCEL_REQUEST');
}
