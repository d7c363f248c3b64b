/**
 * The words staff read in the console: every code the journeys speak (reasons, outcomes, channels, statuses)
 * in plain English, and the NHS number in its written form. One table per vocabulary, so a new code without
 * words fails the typecheck rather than showing a code to a clinic administrator.
 */
import type { Channel } from '../channel';
import type { OpsRole } from '../controls/sending-controls';
import type { MessageStatus } from '../status/statuses';
import type { BuiltInJourneyType } from '../journeys/types';
import type { EscalationReason } from '../planning/reasons';
import type { EscalationOutcome, StepStatus } from '../timeline';

/** "9990000018" → "999 000 0018" (3-3-4, as NHS services write it). */
export function formatNhsNumber(nhsNumber: string): string {
  const digits = nhsNumber.replace(/\s+/g, '');
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : nhsNumber;
}

/** What staff may type: digits with optional spaces or dashes ("999 000 0018", "999-000-0018"). */
export function nhsNumberFromInput(input: string): string {
  return input.replace(/[\s-]+/g, '');
}

/** Every built-in type has words; a catalogue's own type is shown by its name. */
const JOURNEY_TYPE_NAMES: Readonly<Record<BuiltInJourneyType, string>> = {
  'appointment-reminder': 'Appointment reminder',
  'appointment-changed': 'Appointment changed',
  'appointment-cancelled': 'Appointment cancelled',
  'screening-invitation': 'Screening invitation',
  'test-result-ready': 'Test result ready',
};

/** What the event is called in a sentence ("before the appointment"). */
const EVENT_NOUNS: Readonly<Record<BuiltInJourneyType, string>> = {
  'appointment-reminder': 'the appointment',
  'appointment-changed': 'the appointment',
  'appointment-cancelled': 'the appointment',
  'screening-invitation': 'the screening date',
  'test-result-ready': 'the result deadline',
};

/** Escalations are raised with these reasons, and re-raised as sla_breached when staff did not act in time. */
export type StaffEscalationReason = EscalationReason | 'sla_breached';

export function escalationReasonText(reason: string, journeyType: string): string {
  const event = (EVENT_NOUNS as Readonly<Record<string, string>>)[journeyType] ?? 'the deadline';
  const words: Readonly<Record<StaffEscalationReason, string>> = {
    deadline_passed: `No message was delivered before ${event}`,
    no_steps_left: 'Every channel was tried and none reached the patient',
    no_step_can_arrive_in_time: `No channel could reach the patient before ${event}`,
    patient_not_contactable: 'NHS Notify has no way to contact this patient (for example, no contact details on record)',
    permanent_send_error: 'NHS Notify refused the message and a retry cannot fix it',
    outcome_unknown: 'We never heard whether the last message was delivered',
    sla_breached: 'An earlier escalation was not dealt with in time',
  };
  return words[reason as StaffEscalationReason] ?? 'The journey needs a person to contact the patient';
}

export const ESCALATION_OUTCOME_TEXT: Readonly<Record<EscalationOutcome, string>> = {
  phoned: 'Phoned the patient',
  letter_posted: 'Posted a letter',
  unreachable: 'Could not reach the patient',
};

/** Outcomes the journey itself records when it closes an escalation. */
const JOURNEY_CLOSURE_TEXT: Readonly<Record<string, string>> = {
  sla_breached: 'Not dealt with in time (raised again)',
  cancelled: 'Journey cancelled',
};

export function escalationOutcomeText(outcome: string): string {
  return ESCALATION_OUTCOME_TEXT[outcome as EscalationOutcome] ?? JOURNEY_CLOSURE_TEXT[outcome] ?? outcome;
}

export function journeyTypeName(type: string): string {
  return (JOURNEY_TYPE_NAMES as Readonly<Record<string, string>>)[type] ?? type;
}

export const CHANNEL_NAMES: Readonly<Record<Channel, string>> = { nhsapp: 'NHS App', email: 'Email', sms: 'Text message', letter: 'Letter' };

export function channelName(channel: string): string {
  return CHANNEL_NAMES[channel as Channel] ?? channel;
}

export const STEP_STATUS_TEXT: Readonly<Record<StepStatus, string>> = {
  pending: 'Not sent yet', skipped: 'Not sent (skipped)', sending: 'Sending', sent: 'Sent, waiting for delivery',
  delivered: 'Delivered', failed: 'Failed', timed_out: 'No answer in time', dry_run: 'Not sent (dry run)',
};

export function stepStatusText(status: string): string {
  return STEP_STATUS_TEXT[status as StepStatus] ?? status;
}

/** A message's status as NHS Notify reported it, in the communications record's status history. */
export const MESSAGE_STATUS_TEXT: Readonly<Record<MessageStatus, string>> = {
  created: 'Received by NHS Notify', pending_enrichment: 'Looking up contact details', enriched: 'Contact details found',
  sending: 'Sending', delivered: 'Delivered', failed: 'Failed',
};

/** How a step ended where that differs from a step status (the delivery outcome codes). */
const STEP_OUTCOME_TEXT: Readonly<Record<string, string>> = { send_failed: 'Not accepted by NHS Notify', stopped: 'Stopped' };

/** A status in a message's history: NHS Notify's message statuses, or how the journey's step ended. */
export function messageStatusText(status: string): string {
  return MESSAGE_STATUS_TEXT[status as MessageStatus] ?? STEP_OUTCOME_TEXT[status] ?? stepStatusText(status);
}

/** Journey status or final outcome, for a person. */
export function journeyStatusText(status: string): string {
  const words: Readonly<Record<string, string>> = {
    scheduled: 'Waiting to send', sending: 'Sending', awaiting_outcome: 'Waiting for delivery', delivered: 'Delivered',
    escalated: 'With staff', cancelled: 'Cancelled', handled_by_staff: 'Closed by staff', unreachable: 'Closed: patient unreachable',
    paused: 'Held: sending is paused', dry_run: 'Dry run: nothing sent',
  };
  return words[status] ?? status;
}

/** Who changed a sending control, as the control history keeps it (a role, never a name). */
export const OPS_ROLE_TEXT: Readonly<Record<OpsRole, string>> = {
  on_call_engineer: 'the on-call engineer', service_manager: 'the service manager', clinical_safety_officer: 'the clinical safety officer',
  operations: 'the operations team', staff_console: 'someone using the staff console',
};

export function opsRoleText(role: string): string {
  return OPS_ROLE_TEXT[role as OpsRole] ?? role;
}
