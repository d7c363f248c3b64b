/**
 * Checks a client's personalisation against the journey's schema and fills fallbacks, giving the exact
 * values NHS Notify will receive. Runs at journey start (and on an appointment change), never mid-send.
 */
import type { EpochMs } from '../durations';
import type { ParseResult } from '../errors';
import { problemsFrom } from '../validation';
import { formatEventDate, formatEventTime } from './event-wording';
import type { FieldFallback, PersonalisationFields, PersonalisationSpec } from './personalisation-spec';

export type PersonalisationValues = Readonly<Record<string, string>>;

export interface ResolvedPersonalisation {
  /** What the client sent (validated): kept so a later change can re-derive event-based fallbacks. */
  readonly provided: PersonalisationValues;
  /** What NHS Notify is sent: provided values plus fallbacks for absent optional fields. */
  readonly values: PersonalisationValues;
}

/** Validates `input` (unknown JSON) and fills fallbacks. Problems have paths under "personalisation.". */
export function resolvePersonalisation(
  spec: PersonalisationSpec, input: unknown, eventAt: EpochMs, timeZone: string,
): ParseResult<ResolvedPersonalisation> {
  const parsed = spec.schema.safeParse(input ?? {}, { reportInput: true });
  if (!parsed.success) {
    return { ok: false, code: 'INVALID_PERSONALISATION', problems: problemsFrom(parsed.error.issues, ['personalisation']) };
  }
  const provided = withoutUndefined(parsed.data);
  return { ok: true, value: { provided, values: fillFallbacks(spec.fields, provided, eventAt, timeZone) } };
}

/** Provided values win; absent fields take their fallback; fields with neither are omitted. */
export function fillFallbacks(fields: PersonalisationFields, provided: PersonalisationValues, eventAt: EpochMs, timeZone: string): PersonalisationValues {
  const values: Record<string, string> = {};
  for (const [name, field] of Object.entries(fields)) {
    const value = provided[name] ?? (field.fallback === undefined ? undefined : fallbackValue(field.fallback, eventAt, timeZone));
    if (value !== undefined) values[name] = value;
  }
  return values;
}

function fallbackValue(fallback: FieldFallback, eventAt: EpochMs, timeZone: string): string {
  if ('text' in fallback) return fallback.text;
  return fallback.fromEvent === 'date' ? formatEventDate(eventAt, timeZone) : formatEventTime(eventAt, timeZone);
}

function withoutUndefined(data: Record<string, unknown>): PersonalisationValues {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) if (typeof value === 'string') out[key] = value;
  return out;
}
