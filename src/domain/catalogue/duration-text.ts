/**
 * Durations as a reviewer writes them in a catalogue file: ISO 8601 ("P5D", "PT26H", "P1DT2H") or words
 * ("5 days", "26 hours", "90 minutes"). Years and months are refused: their length depends on the calendar, and
 * a letter lead time or a callback timeout must mean the same number of hours in every month.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, type DurationMs } from '../durations';

const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const WORDS = /^(\d+)\s*(weeks?|days?|hours?|h|minutes?|mins?|seconds?|s)$/;

const UNIT_MS: Readonly<Record<string, DurationMs>> = {
  week: 7 * DAY_MS, day: DAY_MS, hour: HOUR_MS, h: HOUR_MS, minute: MINUTE_MS, min: MINUTE_MS, second: SECOND_MS, s: SECOND_MS,
};

/** Milliseconds for a duration text, or undefined when the text is neither form. */
export function parseDurationText(text: string): DurationMs | undefined {
  const trimmed = text.trim();
  const iso = ISO.exec(trimmed);
  if (iso !== null && trimmed !== 'P' && !trimmed.endsWith('T')) {
    const [weeks, days, hours, minutes, seconds] = iso.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number];
    return weeks * 7 * DAY_MS + days * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS + seconds * SECOND_MS;
  }
  const words = WORDS.exec(trimmed.toLowerCase());
  if (words === null) return undefined;
  const unit = (words[2] ?? '').replace(/s$/, '') || 's';
  const ms = UNIT_MS[unit];
  return ms === undefined ? undefined : Number(words[1]) * ms;
}
