/**
 * Spreading many patients' follow-ups over a window: each patient gets a deterministic offset from a hash of
 * their journey id, so a cohort's follow-ups (the SMS after a failed NHS App message, say) do not all fire in
 * the same second, and a replay or a retried start lands on the same moment. Pure: workflow code calls it.
 */
import type { DurationMs, EpochMs } from '../durations';
import { sha256Bytes } from '../hashing/digest';

/** A moment in [from, from + spreadMs), the same for the same journey id; `from` itself when there is no room. */
export function spreadFollowUpAt(journeyId: string, from: EpochMs, spreadMs: DurationMs): EpochMs {
  if (spreadMs <= 1) return from;
  const bytes = sha256Bytes(`notify-journeys/follow-up-spread/v1:${journeyId}`);
  const fraction = (((bytes[0]! << 24) >>> 0) + (bytes[1]! << 16) + (bytes[2]! << 8) + bytes[3]!) / 2 ** 32;
  return from + Math.floor(fraction * spreadMs);
}

/** Consecutive [from, to) index ranges of at most `size` rows covering `count` rows. */
export function chunkRanges(count: number, size: number): { readonly from: number; readonly to: number }[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('chunk size must be a positive integer');
  const ranges: { from: number; to: number }[] = [];
  for (let from = 0; from < count; from += size) ranges.push({ from, to: Math.min(count, from + size) });
  return ranges;
}
