import { describeDuration } from '../durations';
import { LONDON } from '../planning/zoned-time';
import { definePersonalisation } from './personalisation-spec';
import { letterStep, nhsAppStep, smsStep } from './steps';
import type { JourneyTimings } from './timings';
import type { JourneyDefinition } from './types';

const TYPE = 'appointment-cancelled';

/** Tells a patient an appointment is cancelled, so they do not make a wasted (or risky) journey. */
export function appointmentCancelled(t: JourneyTimings): JourneyDefinition {
  return {
    type: TYPE,
    version: 1,
    purpose: 'Tell the patient their appointment is cancelled so that they do not travel to it.',
    urgency: 'urgent',
    steps: [
      nhsAppStep(TYPE, '1', t.nhsAppUrgentCallbackTimeoutMs),
      smsStep(TYPE, '1', t.smsCallbackTimeoutMs),
      // Usually too slow; the planner only sends it when it can arrive before the deadline.
      letterStep(TYPE, '1', t.letterCallbackTimeoutMs),
    ],
    window: { deadlineOffsetMs: -t.appointmentNoticeDeadlineMs, description: `until ${describeDuration(t.appointmentNoticeDeadlineMs)} before the cancelled appointment` },
    letterLeadTimeMs: t.letterLeadTimeMs,
    quietHours: t.quietHours,
    timeZone: LONDON,
    // Cancelling the cancellation notice itself must not start another notice.
    cancellation: { sendsNotice: false },
    escalationSlaMs: t.urgentEscalationSlaMs,
    personalisation: definePersonalisation({
      clinicName: { description: 'Clinic or service the appointment was with', maxLength: 100, required: true },
      appointmentDate: { description: 'Date in words', maxLength: 40, fallback: { fromEvent: 'date' } },
      appointmentTime: { description: 'Time in words', maxLength: 20, fallback: { fromEvent: 'time' } },
      contactPhone: { description: 'Number to call to rebook', maxLength: 20, kind: 'phone',
        fallback: { text: 'the phone number on your appointment letter' } },
    }),
  };
}
