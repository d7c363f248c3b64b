/**
 * A validated definition document becomes the JourneyDefinition the engine runs. Tests and the local stack
 * compress durations with `timeScale` (docs/reliability.md R12), exactly as the old code-built catalogue did:
 * each duration is scaled and rounded on its own, never below 1 ms, so their order is kept.
 */
import { describeDuration, type DurationMs } from '../durations';
import { JourneyDomainError } from '../errors';
import type { ChannelQuietHours } from '../planning/quiet-hours';
import { definePersonalisation, type PersonalisationField } from '../journeys/personalisation-spec';
import type { JourneyDefinition, TemplateSize } from '../journeys/types';
import { fixedLengthsOf, type JourneyDefinitionDocument } from './definition-schema';

/** How a run of the engine adjusts the catalogue's durations; production uses none of it. */
export interface CatalogueTuning {
  /** Multiplies every duration (default 1). Quiet hours are wall-clock rules and are never scaled. */
  readonly timeScale?: number;
  /** Replaces every journey's quiet hours (tests that are not about quiet hours turn them off with {}). */
  readonly quietHours?: ChannelQuietHours;
  /** Replaces every journey's escalation SLA after scaling (tests of escalation timeouts). */
  readonly escalationSlaMs?: DurationMs;
}

export function compileDefinition(doc: JourneyDefinitionDocument, tuning: CatalogueTuning = {}): JourneyDefinition {
  const factor = tuning.timeScale ?? 1;
  if (!(Number.isFinite(factor) && factor > 0)) throw new JourneyDomainError('INVALID_ARGUMENT', 'timeScale must be a positive number');
  const scale = (ms: DurationMs): DurationMs => (ms === 0 ? 0 : Math.sign(ms) * Math.max(1, Math.round(Math.abs(ms) * factor)));
  const opens = doc.window.opens === undefined ? undefined : scale(doc.window.opens);
  const closes = scale(doc.window.closes);
  const description = doc.window.description
    .replaceAll('{opens}', opens === undefined ? '' : describeDuration(opens))
    .replaceAll('{closes}', describeDuration(closes));
  const sizes: Record<string, TemplateSize> = {};
  for (const step of doc.steps) sizes[step.id] = { fixedLengths: fixedLengthsOf(step.template.fixedLength, step.channel), fields: step.template.fields };
  const { sendsNotice, noticeJourney } = doc.cancellation;
  return {
    type: doc.type,
    version: doc.version,
    purpose: doc.purpose,
    urgency: doc.urgency,
    steps: doc.steps.map((step) => ({
      id: step.id, channel: step.channel, routingPlan: step.routingPlan,
      template: { id: step.template.id, version: step.template.version }, callbackTimeoutMs: scale(step.callbackTimeout),
    })),
    window: { ...(opens === undefined ? {} : { notBeforeOffsetMs: opens }), deadlineOffsetMs: closes, description },
    letterLeadTimeMs: scale(doc.letterLeadTime),
    quietHours: tuning.quietHours ?? doc.quietHours,
    timeZone: doc.timeZone,
    cancellation: sendsNotice && noticeJourney !== undefined ? { sendsNotice, noticeJourney } : { sendsNotice: false },
    escalationSlaMs: tuning.escalationSlaMs ?? scale(doc.escalationSla),
    personalisation: definePersonalisation(fieldsOf(doc.personalisation)),
    messageSizes: { steps: sizes, ...(doc.sms === undefined ? {} : { maxSmsFragments: doc.sms.maxFragments }) },
  };
}

/** Only the keys the file set, in the file's order, so the plan a journey carries reads as it did before. */
function fieldsOf(fields: JourneyDefinitionDocument['personalisation']): Record<string, PersonalisationField> {
  const out: Record<string, PersonalisationField> = {};
  for (const [name, field] of Object.entries(fields)) {
    out[name] = {
      description: field.description, maxLength: field.maxLength,
      ...(field.kind === undefined ? {} : { kind: field.kind }),
      ...(field.required === undefined ? {} : { required: field.required }),
      ...(field.fallback === undefined ? {} : { fallback: field.fallback }),
    };
  }
  return out;
}
