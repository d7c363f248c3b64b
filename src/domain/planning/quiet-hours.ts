/**
 * Quiet hours: local times of day when a channel must not be sent (e.g. no SMS 20:00-08:00, because a
 * text at night wakes people). They are wall-clock rules in Europe/London, so they are NOT compressed with
 * the other durations: tests that need short windows pass their own windows.
 */
import type { Channel } from '../channel';
import { JourneyDomainError } from '../errors';
import type { EpochMs } from '../durations';
import { instantAtOrAfter, LONDON, shiftDate, wallTimeAt } from './zoned-time';

/** A daily window `from` (inclusive) to `to` (exclusive), 'HH:MM' or 'HH:MM:SS'. Wraps midnight when from > to. */
export interface QuietWindow {
  readonly from: string;
  readonly to: string;
}

/** Quiet hours per channel; a channel without a window may be sent at any time (the NHS App, letters). */
export type ChannelQuietHours = Readonly<Partial<Record<Channel, QuietWindow>>>;

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** Seconds since local midnight for 'HH:MM[:SS]'; throws on anything else (quiet hours are configuration). */
export function parseLocalTime(text: string): number {
  const match = LOCAL_TIME.exec(text);
  if (match === null) throw new JourneyDomainError('INVALID_ARGUMENT', 'quiet hours times must be HH:MM or HH:MM:SS (24 h)');
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

/** True when a local second of the day falls inside the window. An empty window (from === to) is never quiet. */
export function isInWindow(secondOfDay: number, window: QuietWindow): boolean {
  const from = parseLocalTime(window.from);
  const to = parseLocalTime(window.to);
  if (from === to) return false;
  return from < to ? secondOfDay >= from && secondOfDay < to : secondOfDay >= from || secondOfDay < to;
}

/** True when `channel` is in its quiet hours at `instant`. */
export function isQuietAt(instant: EpochMs, quietHours: ChannelQuietHours, channel: Channel, timeZone: string = LONDON): boolean {
  const window = quietHours[channel];
  return window !== undefined && isInWindow(wallTimeAt(instant, timeZone).secondOfDay, window);
}

/**
 * The earliest instant at or after `now` when `channel` may be sent: `now` itself outside quiet hours,
 * otherwise the end of the current quiet window, computed on the local calendar so it stays right across
 * daylight-saving changes (the end of a night that spans a clock change is not "now + N hours").
 */
export function nextSendTime(now: EpochMs, quietHours: ChannelQuietHours, channel: Channel, timeZone: string = LONDON): EpochMs {
  const window = quietHours[channel];
  if (window === undefined) return now;
  let candidate = now;
  // Two passes cover every case; the loop guards against a window ending inside a clock change.
  for (let pass = 0; pass < 3 && isQuietAt(candidate, quietHours, channel, timeZone); pass += 1) {
    const wall = wallTimeAt(candidate, timeZone);
    const to = parseLocalTime(window.to);
    const endsTomorrow = wall.secondOfDay >= to;
    candidate = Math.max(candidate, instantAtOrAfter(shiftDate(wall, endsTomorrow ? 1 : 0, to), timeZone, candidate));
  }
  return candidate;
}
