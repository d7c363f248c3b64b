/**
 * The one schema a journey definition file must pass (at boot and in `notify-journeys catalogue check`).
 * Paths in its issues are paths in the file, so the loader can name the line. Rules that span fields (a
 * duplicate step id, a letter that cannot arrive inside the window) are refinements here, not a second checker.
 */
import { z } from 'zod';
import { CHANNELS, type Channel } from '../channel';
import { MESSAGE_CHARACTER_LIMITS } from '../channel-limits';
import { parseLocalTime } from '../planning/quiet-hours';
import { ROUTING_PLAN_NAMES, ROUTING_PLANS } from '../routing-plans';
import { clashesWithReservedName } from '../journeys/personalisation-spec';
import { parseDurationText } from './duration-text';

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const STEP_ID = /^[a-z][a-z0-9-]{0,31}$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]{0,39}$/;

const text = (max: number): z.ZodString => z.string().trim().min(1, 'must not be blank').max(max);

const Duration = z.string().transform((value, ctx) => {
  const ms = parseDurationText(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 duration ("P5D", "PT26H") or words ("5 days", "26 hours")' });
    return z.NEVER;
  }
  return ms;
});
const PositiveDuration = Duration.refine((ms) => ms > 0, 'must be longer than zero');

const LocalTime = z.string().refine((value) => { try { parseLocalTime(value); return true; } catch { return false; } }, 'must be HH:MM or HH:MM:SS (24 hour clock)');
const QuietWindow = z.object({ from: LocalTime, to: LocalTime }).strict();

/** An offset from the journey's event: "10 days before" it or "14 days after" it. */
const EventOffset = z.union([
  z.object({ before: Duration }).strict().transform(({ before }) => -before),
  z.object({ after: Duration }).strict().transform(({ after }) => after),
], { error: 'must be { before: <duration> } or { after: <duration> }' });

const TimeZone = z.string().refine((zone) => {
  try { new Intl.DateTimeFormat('en-GB', { timeZone: zone }); return true; } catch { return false; }
}, 'must be an IANA time zone such as Europe/London');

const Step = z.object({
  id: z.string().regex(STEP_ID, 'must be a short lowercase id (letters, digits, hyphens)'),
  channel: z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` }),
  routingPlan: z.enum(ROUTING_PLAN_NAMES, { error: `must be one of ${ROUTING_PLAN_NAMES.join(', ')}` }),
  template: z.object({
    id: text(100),
    version: z.union([text(40), z.number().int().positive().transform(String)]),
    /** One number for a single-channel plan; one per channel for a combined plan (each channel has its template). */
    fixedLength: z.union([z.number().int().nonnegative(), z.partialRecord(z.enum(CHANNELS), z.number().int().nonnegative())],
      { error: 'must be a number of characters, or one per channel for a combined routing plan' }),
    fields: z.array(z.string()).default([]),
  }).strict(),
  callbackTimeout: PositiveDuration,
  /** Why this channel at this point in the cascade (for the clinical safety officer). */
  reason: text(500).optional(),
}).strict();

const Fallback = z.union([
  z.object({ text: text(200) }).strict(),
  z.object({ fromEvent: z.enum(['date', 'time']) }).strict(),
], { error: 'must be { text: <words> } or { fromEvent: date | time }' });

const Field = z.object({
  description: text(200),
  maxLength: z.number({ error: 'every personalisation field needs a maxLength (NHS Notify fails over-long messages)' }).int().positive(),
  kind: z.enum(['text', 'https-url', 'phone']).optional(),
  required: z.boolean().optional(),
  fallback: Fallback.optional(),
}).strict();

export const JourneyDefinitionDocument = z.object({
  type: z.string().regex(NAME, 'must be lowercase words joined by hyphens').max(64),
  version: z.number().int().positive(),
  purpose: text(300),
  urgency: z.enum(['routine', 'urgent']),
  timeZone: TimeZone,
  quietHours: z.partialRecord(z.enum(CHANNELS), QuietWindow).default({}),
  window: z.object({
    opens: EventOffset.optional(),
    closes: EventOffset,
    /** Wording for the timeline: {opens} and {closes} become the durations ("10 days", "24 h"). */
    description: text(200),
  }).strict(),
  letterLeadTime: PositiveDuration,
  escalationSla: PositiveDuration,
  cancellation: z.object({
    sendsNotice: z.boolean(),
    noticeJourney: z.string().regex(NAME).optional(),
    reason: text(500).optional(),
  }).strict(),
  steps: z.array(Step).min(1, 'must have at least one step'),
  personalisation: z.record(z.string().regex(FIELD_NAME, 'field names are letters and digits, starting with a letter'), Field).default({}),
  sms: z.object({ maxFragments: z.number().int().positive() }).strict().optional(),
  /** Review notes: who signed the version off and why it exists (never read by code). */
  review: z.record(z.string(), z.string()).optional(),
}).strict().superRefine((doc, ctx) => {
  const fail = (path: (string | number)[], message: string): void => { ctx.addIssue({ code: 'custom', path, message }); };
  const seen = new Set<string>();
  doc.steps.forEach((step, i) => {
    if (seen.has(step.id)) fail(['steps', i, 'id'], `duplicates another step id ("${step.id}")`);
    seen.add(step.id);
    if (ROUTING_PLANS[step.routingPlan].channels[0] !== step.channel) fail(['steps', i, 'routingPlan'], `does not start with the step's channel (${step.channel})`);
    step.template.fields.forEach((field, j) => {
      if (!(field in doc.personalisation)) fail(['steps', i, 'template', 'fields', j], `names "${field}", which is not a personalisation field of this journey`);
    });
    const planChannels = ROUTING_PLANS[step.routingPlan].channels;
    const lengths = fixedLengthsOf(step.template.fixedLength, step.channel);
    const given = Object.keys(lengths).sort().join(', ');
    if (given !== [...planChannels].sort().join(', ')) {
      fail(['steps', i, 'template', 'fixedLength'], `must give one length for each channel of ${step.routingPlan} (${planChannels.join(', ')})`);
    }
    for (const [channel, length] of Object.entries(lengths) as [keyof typeof MESSAGE_CHARACTER_LIMITS, number][]) {
      if (length > MESSAGE_CHARACTER_LIMITS[channel]) {
        fail(['steps', i, 'template', 'fixedLength'], `is over NHS Notify's ${MESSAGE_CHARACTER_LIMITS[channel]}-character limit for ${channel}`);
      }
    }
  });
  const { opens, closes } = doc.window;
  if (opens !== undefined && !(opens < closes)) fail(['window', 'opens'], 'must come before the window closes');
  if (opens !== undefined && doc.steps.some((step) => step.channel === 'letter') && doc.letterLeadTime > closes - opens) {
    fail(['letterLeadTime'], 'is longer than the window: a letter could never arrive in time');
  }
  const { sendsNotice, noticeJourney } = doc.cancellation;
  if (sendsNotice && noticeJourney === undefined) fail(['cancellation', 'noticeJourney'], 'is required when sendsNotice is true');
  if (sendsNotice && noticeJourney === doc.type) fail(['cancellation', 'noticeJourney'], 'must name another journey');
  for (const [name, field] of Object.entries(doc.personalisation)) {
    if (clashesWithReservedName(name)) fail(['personalisation', name], 'clashes with a name NHS Notify reserves');
    if (field.required !== true && field.fallback === undefined) fail(['personalisation', name, 'fallback'], 'optional fields need a fallback (a missing value fails the message)');
  }
});

export type JourneyDefinitionDocument = z.output<typeof JourneyDefinitionDocument>;

/** A step's fixed text length per channel: a single number belongs to the step's own channel. */
export function fixedLengthsOf(fixedLength: number | Partial<Record<Channel, number>>, channel: Channel): Partial<Record<Channel, number>> {
  return typeof fixedLength === 'number' ? { [channel]: fixedLength } : fixedLength;
}
