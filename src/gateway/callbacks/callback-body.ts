/**
 * Turns the verified raw bytes into a typed callback body. Total: every input gives a result, nothing throws
 * (S10). Runs only after the HMAC check, so nothing an unauthenticated caller sends is ever parsed.
 */
import { CallbackBody } from '../../contracts/nhs-notify/wire';
import type { ErrorCode, FieldProblem } from '../http/errors';
import { toFieldProblems } from '../http/validation';

export type ParsedCallback =
  | { readonly ok: true; readonly body: CallbackBody }
  | { readonly ok: false; readonly code: Extract<ErrorCode, 'MALFORMED_JSON' | 'INVALID_REQUEST'>; readonly details?: FieldProblem[] };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseCallbackBody(raw: Uint8Array): ParsedCallback {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(raw));
  } catch {
    return { ok: false, code: 'MALFORMED_JSON' };
  }
  const parsed = CallbackBody.safeParse(json);
  if (!parsed.success) return { ok: false, code: 'INVALID_REQUEST', details: toFieldProblems(parsed.error, CallbackBody) };
  return { ok: true, body: parsed.data };
}
