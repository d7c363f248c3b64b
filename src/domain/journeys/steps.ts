/**
 * Step builders: one single-channel NHS Notify routing plan per step, because the journey runs its own
 * cascade (it knows the deadline, quiet hours and letter lead time; an NHS Notify plan does not).
 */
import type { DurationMs } from '../durations';
import type { JourneyStep } from './types';

/** Template ids follow `<journey>-<channel>`; versions are bumped with the journey version. */
function template(journey: string, channel: string, version: string): JourneyStep['template'] {
  return { id: `${journey}-${channel}`, version };
}

export function nhsAppStep(journey: string, templateVersion: string, callbackTimeoutMs: DurationMs): JourneyStep {
  return { id: 'nhsapp', channel: 'nhsapp', routingPlan: 'nhsapp-only', template: template(journey, 'nhsapp', templateVersion), callbackTimeoutMs };
}

export function smsStep(journey: string, templateVersion: string, callbackTimeoutMs: DurationMs): JourneyStep {
  return { id: 'sms', channel: 'sms', routingPlan: 'sms-only', template: template(journey, 'sms', templateVersion), callbackTimeoutMs };
}

export function letterStep(journey: string, templateVersion: string, callbackTimeoutMs: DurationMs): JourneyStep {
  return { id: 'letter', channel: 'letter', routingPlan: 'letter-only', template: template(journey, 'letter', templateVersion), callbackTimeoutMs };
}
