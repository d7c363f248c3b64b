/**
 * NHS Notify's de-duplication as the two POST routes answer it (docs/nhs-notify.md §9): the first request
 * with a reference claims it; a repeat while that one is still in progress gets 425 with Retry-After 300; a
 * repeat after it gets 422.
 */
import type { Request, Response } from 'express';
import type { ErrorSpec } from '../http/errors';
import { sendErrors } from '../http/http-common';
import type { SimulatorState } from '../state/state';

export const RETRY_AFTER_425 = { 'Retry-After': '300' };

/** True when this request now owns the reference; otherwise the rejection has been sent. */
export function claimReference(state: SimulatorState, req: Request, res: Response, key: string, duplicate: ErrorSpec): boolean {
  if (state.sandbox) return true; // NHS's sandbox keeps nothing, so it never sees a repeat
  const claim = state.dedupe.claim(key);
  if (claim === 'in-progress') {
    state.counters.tooEarlyRejections += 1;
    sendErrors(req, res, [{ key: 'CM_RETRY_TOO_EARLY' }], RETRY_AFTER_425);
    return false;
  }
  if (claim === 'done') {
    state.counters.duplicateRejections += 1;
    sendErrors(req, res, [duplicate]);
    return false;
  }
  return true;
}
