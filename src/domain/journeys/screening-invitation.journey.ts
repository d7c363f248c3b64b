import { describeDuration } from '../durations';
import { LONDON } from '../planning/zoned-time';
import { definePersonalisation } from './personalisation-spec';
import { letterStep, nhsAppStep, smsStep } from './steps';
import type { JourneyTimings } from './timings';
import type { JourneyDefinition } from './types';

const TYPE = 'screening-invitation';

/** Invites an eligible patient to a screening programme and tells them how to book. */
export function screeningInvitation(t: JourneyTimings): JourneyDefinition {
  return {
    type: TYPE,
    version: 1,
    purpose: 'Invite an eligible patient to NHS screening and tell them how to book.',
    urgency: 'routine',
    steps: [
      nhsAppStep(TYPE, '1', t.nhsAppCallbackTimeoutMs),
      smsStep(TYPE, '1', t.smsCallbackTimeoutMs),
      letterStep(TYPE, '1', t.letterCallbackTimeoutMs),
    ],
    // The event time is the invitation date: never invite early, and escalate if not seen within the window.
    window: { notBeforeOffsetMs: 0, deadlineOffsetMs: t.screeningResponseWindowMs, description: `${describeDuration(t.screeningResponseWindowMs)} after the invitation date` },
    letterLeadTimeMs: t.letterLeadTimeMs,
    quietHours: t.quietHours,
    timeZone: LONDON,
    cancellation: { sendsNotice: false },
    escalationSlaMs: t.routineEscalationSlaMs,
    personalisation: definePersonalisation({
      programmeName: { description: 'Screening programme, e.g. "bowel cancer screening"', maxLength: 60, required: true },
      bookingUrl: { description: 'Where to book', maxLength: 200, kind: 'https-url', fallback: { text: 'https://www.nhs.uk/conditions/nhs-screening/' } },
      bookingPhone: { description: 'Number to call to book', maxLength: 20, kind: 'phone', fallback: { text: 'the number on your invitation letter' } },
    }),
  };
}
