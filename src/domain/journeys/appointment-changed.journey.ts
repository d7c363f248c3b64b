import { describeDuration } from '../durations';
import { LONDON } from '../planning/zoned-time';
import { definePersonalisation } from './personalisation-spec';
import { letterStep, nhsAppStep, smsStep } from './steps';
import type { JourneyTimings } from './timings';
import type { JourneyDefinition } from './types';

const TYPE = 'appointment-changed';

/** Tells a patient their appointment moved, so they do not turn up at the old time. */
export function appointmentChanged(t: JourneyTimings): JourneyDefinition {
  return {
    type: TYPE,
    version: 1,
    purpose: 'Tell the patient their appointment has moved so that they attend at the new time.',
    // Urgent: a patient who misses the change attends at the wrong time.
    urgency: 'urgent',
    steps: [
      nhsAppStep(TYPE, '1', t.nhsAppUrgentCallbackTimeoutMs),
      smsStep(TYPE, '1', t.smsCallbackTimeoutMs),
      letterStep(TYPE, '1', t.letterCallbackTimeoutMs),
    ],
    window: { deadlineOffsetMs: -t.appointmentNoticeDeadlineMs, description: `until ${describeDuration(t.appointmentNoticeDeadlineMs)} before the new appointment` },
    letterLeadTimeMs: t.letterLeadTimeMs,
    quietHours: t.quietHours,
    timeZone: LONDON,
    cancellation: { sendsNotice: true, noticeJourney: 'appointment-cancelled' },
    escalationSlaMs: t.urgentEscalationSlaMs,
    personalisation: definePersonalisation({
      clinicName: { description: 'Clinic or service the appointment is with', maxLength: 100, required: true },
      appointmentDate: { description: 'New date in words', maxLength: 40, fallback: { fromEvent: 'date' } },
      appointmentTime: { description: 'New time in words', maxLength: 20, fallback: { fromEvent: 'time' } },
      previousAppointment: { description: 'The old date and time in words', maxLength: 60, fallback: { text: 'your previous appointment' } },
      location: { description: 'Where to go', maxLength: 200, fallback: { text: 'the address on your appointment letter' } },
    }),
  };
}
