import { describeDuration } from '../durations';
import { LONDON } from '../planning/zoned-time';
import { definePersonalisation } from './personalisation-spec';
import { letterStep, nhsAppStep, smsStep } from './steps';
import type { JourneyTimings } from './timings';
import type { JourneyDefinition } from './types';

const TYPE = 'test-result-ready';

/** Tells a patient a result is ready to view or discuss, without saying what the test or result is. */
export function testResultReady(t: JourneyTimings): JourneyDefinition {
  return {
    type: TYPE,
    version: 1,
    purpose: 'Tell the patient a test result is ready and how to get it, without revealing the test or result.',
    urgency: 'routine',
    steps: [
      nhsAppStep(TYPE, '1', t.nhsAppCallbackTimeoutMs),
      smsStep(TYPE, '1', t.smsCallbackTimeoutMs),
      letterStep(TYPE, '1', t.letterCallbackTimeoutMs),
    ],
    window: { notBeforeOffsetMs: 0, deadlineOffsetMs: t.testResultWindowMs, description: `${describeDuration(t.testResultWindowMs)} after the result is ready` },
    letterLeadTimeMs: t.letterLeadTimeMs,
    quietHours: t.quietHours,
    timeZone: LONDON,
    cancellation: { sendsNotice: false },
    escalationSlaMs: t.routineEscalationSlaMs,
    // Deliberately no test name or result field: an SMS or letter can be read by someone else.
    personalisation: definePersonalisation({
      serviceName: { description: 'Practice or service holding the result', maxLength: 100, required: true },
      contactPhone: { description: 'Number to call about the result', maxLength: 20, kind: 'phone', fallback: { text: 'your GP practice' } },
    }),
  };
}
