/**
 * Wall-clock time in a named time zone, using only Intl.DateTimeFormat (available in Temporal's workflow
 * sandbox; no tz library needed). The hard part is turning a local wall time back into an instant around
 * daylight-saving changes: in spring one local hour does not exist, in autumn one happens twice.
 */
import { DAY_MS, type EpochMs } from '../durations';

export const LONDON = 'Europe/London';

/** A local calendar date and time of day, as numbers (month 1-12). */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly secondOfDay: number;
}

// Formatters are costly to build and pure to reuse; caching them keeps planning cheap inside workflows.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall time at `instant` in `timeZone` (to the second). */
export function wallTimeAt(instant: EpochMs, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const hour = parts.hour ?? 0;
  const minute = parts.minute ?? 0;
  const second = parts.second ?? 0;
  return { year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1, secondOfDay: hour * 3600 + minute * 60 + second };
}

/** Local minus UTC at `instant`, in ms (London: 0 in winter, 3 600 000 in summer). */
export function utcOffsetAt(instant: EpochMs, timeZone: string): number {
  const wall = wallTimeAt(instant, timeZone);
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return wallAsUtc(wall) - wholeSecond;
}

/** The wall time read as if it were UTC: a convenient number for arithmetic on local dates. */
export function wallAsUtc(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day) + wall.secondOfDay * 1000;
}

/** The calendar date `days` after the wall time's date, at `secondOfDay`. */
export function shiftDate(wall: WallTime, days: number, secondOfDay: number): WallTime {
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day) + days * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), secondOfDay };
}

/**
 * The first instant at or after `notBefore` whose local wall time is `wall`, or the first instant after it
 * when the wall time is skipped.
 * - Normal times: the one matching instant.
 * - Autumn repeat (the wall time happens twice): the earlier one not before `notBefore`.
 * - Spring gap (the wall time never happens): the moment the clocks jump, the first instant after it.
 */
export function instantAtOrAfter(wall: WallTime, timeZone: string, notBefore: EpochMs = Number.NEGATIVE_INFINITY): EpochMs {
  const local = wallAsUtc(wall);
  const offsetBefore = utcOffsetAt(local - DAY_MS, timeZone);
  const offsetAfter = utcOffsetAt(local + DAY_MS, timeZone);
  const matches = [local - offsetBefore, local - offsetAfter]
    .filter((instant) => wallAsUtc(wallTimeAt(instant, timeZone)) === local)
    .sort((a, b) => a - b);
  if (matches.length > 0) return matches.find((instant) => instant >= notBefore) ?? matches[matches.length - 1]!;
  return transitionBetween(local - Math.max(offsetBefore, offsetAfter), local - Math.min(offsetBefore, offsetAfter), timeZone);
}

/** Binary search for the first instant in (low, high] whose offset differs from the offset at `low`. */
function transitionBetween(low: EpochMs, high: EpochMs, timeZone: string): EpochMs {
  const startOffset = utcOffsetAt(low, timeZone);
  let lo = low;
  let hi = high;
  while (hi - lo > 1000) {
    const mid = lo + Math.max(1000, Math.floor((hi - lo) / 2000) * 1000);
    if (utcOffsetAt(mid, timeZone) === startOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}
