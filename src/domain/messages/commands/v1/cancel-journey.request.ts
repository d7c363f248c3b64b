/**
 * CancelJourneyRequest v1: stop a journey. The reason is a closed code, not free text, because free text
 * invites clinical detail and names into workflow history; the reason also decides whether a notice goes.
 */
import { z } from 'zod';
import type { ParseResult } from '../../../errors';
import { CANCEL_REASONS, type CancelReason } from '../../../journeys/types';
import { problemsFrom } from '../../../validation';

export const CancelJourneyRequest = z.object({
  reason: z.enum(CANCEL_REASONS as [CancelReason, ...CancelReason[]]),
}).strict();

export interface ValidCancelJourneyRequest {
  readonly reason: CancelReason;
}

export function parseCancelJourneyRequest(input: unknown): ParseResult<ValidCancelJourneyRequest> {
  const parsed = CancelJourneyRequest.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, code: 'INVALID_CANCEL_REQUEST', problems: problemsFrom(parsed.error.issues) };
  return { ok: true, value: Object.freeze({ reason: parsed.data.reason }) };
}
