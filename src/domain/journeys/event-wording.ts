/**
 * Words for an event time, used when a client leaves appointmentDate/appointmentTime out. Built from numeric
 * Intl parts and our own month and day names, so the text is identical on every Node/ICU version (the
 * value ends up in workflow inputs, which replay must reproduce). NHS style: "Tuesday 7 April 2026", "9:30am".
 */
import type { EpochMs } from '../durations';
import { wallTimeAt } from '../planning/zoned-time';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'] as const;

export function formatEventDate(instant: EpochMs, timeZone: string): string {
  const wall = wallTimeAt(instant, timeZone);
  const weekday = DAYS[new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay()];
  return `${weekday} ${wall.day} ${MONTHS[wall.month - 1]} ${wall.year}`;
}

export function formatEventTime(instant: EpochMs, timeZone: string): string {
  const { secondOfDay } = wallTimeAt(instant, timeZone);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  if (minute === 0 && hour === 12) return 'midday';
  if (minute === 0 && hour === 0) return 'midnight';
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  const minutes = minute === 0 ? '' : `:${String(minute).padStart(2, '0')}`;
  return `${hour12}${minutes}${hour < 12 ? 'am' : 'pm'}`;
}
