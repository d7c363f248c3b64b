/**
 * A journey definition in plain English, for the clinical safety officer who signs it off: its purpose, who gets
 * what on which channel and when, what happens when a message fails, and when staff are asked. `diff` compares two
 * versions statement by statement, in the same words, so a reviewer reads what changed, not YAML.
 */
import { describeDuration, type DurationMs } from '../durations';
import { ROUTING_PLANS, type RoutingPlanName } from '../routing-plans';
import type { JourneyDefinitionDocument } from './definition-schema';

/** One statement about a journey; `key` says which part it describes, so two versions can be compared. */
export interface Statement {
  readonly key: string;
  readonly text: string;
}

const CHANNEL_NAMES = { nhsapp: 'an NHS App message', email: 'an email', sms: 'a text message (SMS)', letter: 'a letter' } as const;

const duration = (ms: DurationMs): string => describeDuration(ms).replace(/ h$/, ' hours').replace(/ min$/, ' minutes').replace(/ s$/, ' seconds').replace(/^1 hours$/, '1 hour');

function offset(ms: DurationMs): string {
  if (ms === 0) return 'the time of the event';
  return ms < 0 ? `${duration(ms)} before the event` : `${duration(ms)} after the event`;
}

/** For a combined routing plan: the channels NHS Notify itself falls back to within the one message. */
function nhsNotifyFallbacks(plan: RoutingPlanName): string {
  const [, ...rest] = ROUTING_PLANS[plan].channels;
  return rest.length === 0 ? '' : `, which NHS Notify itself follows with ${rest.map((channel) => CHANNEL_NAMES[channel]).join(', then ')} if it is not delivered`;
}

export function describeJourney(doc: JourneyDefinitionDocument): Statement[] {
  const statements: Statement[] = [
    { key: 'purpose', text: `Purpose: ${doc.purpose}` },
    { key: 'urgency', text: `Urgency: ${doc.urgency}. Escalations raised by this journey must be handled by staff within ${duration(doc.escalationSla)}.` },
    {
      key: 'window',
      text: `When: messages are sent ${doc.window.opens === undefined ? 'from the moment the journey starts' : `from ${offset(doc.window.opens)}`} until ${offset(doc.window.closes)} (${doc.timeZone} time).`,
    },
  ];
  const quiet = Object.entries(doc.quietHours).map(([channel, window]) => `${channel === 'sms' ? 'SMS' : channel} ${window.from}-${window.to}`);
  statements.push({ key: 'quietHours', text: quiet.length === 0 ? 'Quiet hours: none; any channel may be sent at any time of day.' : `Quiet hours (nothing sent): ${quiet.join(', ')}.` });
  doc.steps.forEach((step, i) => {
    const fields = step.template.fields.length === 0 ? 'no personalisation' : `personalised with ${step.template.fields.join(', ')}`;
    const then = i === 0 ? 'First' : 'If that is not delivered';
    const wait = `the journey waits up to ${duration(step.callbackTimeout)} for it to be delivered${step.channel === 'nhsapp' ? ' (read)' : ''}`;
    const why = step.reason === undefined ? '' : ` Why: ${step.reason}`;
    statements.push({
      key: `step:${step.id}`,
      text: `${then}, the patient is sent ${CHANNEL_NAMES[step.channel]}${nhsNotifyFallbacks(step.routingPlan)} (step "${step.id}", template ${step.template.id} version ${step.template.version}, ${fields}); ${wait}.${why}`,
    });
  });
  if (doc.steps.some((step) => step.channel === 'letter')) {
    statements.push({ key: 'letter', text: `A letter is only sent when it can arrive before the window closes: it is allowed ${duration(doc.letterLeadTime)} from sending to the doormat.` });
  }
  statements.push({
    key: 'failure',
    text: 'When a message fails or is not delivered in time, the next step is tried; a step that could not reach the patient before the window closes is skipped.',
  });
  statements.push({
    key: 'escalation',
    text: `Staff are asked to contact the patient when every step has failed or the window closes first, and must act within ${duration(doc.escalationSla)}.`,
  });
  const { sendsNotice, noticeJourney, reason } = doc.cancellation;
  statements.push({
    key: 'cancellation',
    text: `${sendsNotice ? `If the appointment is cancelled, the patient is told through the ${noticeJourney ?? ''} journey; no other cancellation messages the patient.` : 'Cancelling this journey sends the patient nothing.'}${reason === undefined ? '' : ` Why: ${reason}`}`,
  });
  if (doc.sms !== undefined) statements.push({ key: 'smsCap', text: `Cost: a start request is refused if its text message would take more than ${doc.sms.maxFragments} SMS parts.` });
  for (const [name, field] of Object.entries(doc.personalisation)) {
    const missing = field.required === true ? 'required' : field.fallback === undefined ? 'optional' : 'text' in field.fallback
      ? `if not given: "${field.fallback.text}"` : `if not given: the event's ${field.fallback.fromEvent} in words`;
    statements.push({ key: `field:${name}`, text: `Personalisation ${name}: ${field.description}; at most ${field.maxLength} characters; ${missing}.` });
  }
  return statements;
}

/** Plain-English changes from `before` to `after`: each changed, added or removed statement. */
export function diffJourneys(before: JourneyDefinitionDocument, after: JourneyDefinitionDocument): string[] {
  const was = new Map(describeJourney(before).map((statement) => [statement.key, statement.text]));
  const now = new Map(describeJourney(after).map((statement) => [statement.key, statement.text]));
  const lines: string[] = [];
  for (const [key, text] of now) {
    const old = was.get(key);
    if (old === undefined) lines.push(`Added: ${text}`);
    else if (old !== text) lines.push(`Changed:\n  was: ${old}\n  now: ${text}`);
  }
  for (const [key, text] of was) if (!now.has(key)) lines.push(`Removed: ${text}`);
  const order = (doc: JourneyDefinitionDocument): string => doc.steps.map((step) => step.id).join(' → ');
  if (order(before) !== order(after)) lines.push(`Order of steps: was ${order(before)}; now ${order(after)}.`);
  return lines;
}
