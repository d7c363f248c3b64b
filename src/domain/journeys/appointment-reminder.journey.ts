import { describeDuration } from '../durations';
import { LONDON } from '../planning/zoned-time';
import { definePersonalisation } from './personalisation-spec';
import { letterStep, nhsAppStep, smsStep } from './steps';
import type { JourneyTimings } from './timings';
import type { JourneyDefinition } from './types';

const TYPE = 'appointment-reminder';

/** Reminds a patient of an upcoming appointment so fewer appointments are missed. */
export function appointmentReminder(t: JourneyTimings): JourneyDefinition {
  return {
    type: TYPE,
    version: 1,
    purpose: 'Remind the patient of an upcoming appointment so that fewer appointments are missed.',
    urgency: 'routine',
    steps: [
      nhsAppStep(TYPE, '1', t.nhsAppCallbackTimeoutMs),
      smsStep(TYPE, '1', t.smsCallbackTimeoutMs),
      letterStep(TYPE, '1', t.letterCallbackTimeoutMs),
    ],
    window: {
      notBeforeOffsetMs: -t.reminderNotBeforeMs,
      deadlineOffsetMs: -t.reminderDeadlineMs,
      description: `from ${describeDuration(t.reminderNotBeforeMs)} before the appointment until ${describeDuration(t.reminderDeadlineMs)} before it`,
    },
    letterLeadTimeMs: t.letterLeadTimeMs,
    quietHours: t.quietHours,
    timeZone: LONDON,
    // If the appointment is cancelled, the patient was (or was about to be) reminded of it: tell them.
    cancellation: { sendsNotice: true, noticeJourney: 'appointment-cancelled' },
    escalationSlaMs: t.routineEscalationSlaMs,
    personalisation: definePersonalisation({
      clinicName: { description: 'Clinic or service the appointment is with', maxLength: 100, required: true },
      appointmentDate: { description: 'Date in words', maxLength: 40, fallback: { fromEvent: 'date' } },
      appointmentTime: { description: 'Time in words', maxLength: 20, fallback: { fromEvent: 'time' } },
      location: { description: 'Where to go', maxLength: 200, fallback: { text: 'the address on your appointment letter' } },
      contactPhone: { description: 'Number to call to change the appointment', maxLength: 20, kind: 'phone',
        fallback: { text: 'the phone number on your appointment letter' } },
    }),
  };
}
