/**
 * NHS Notify callback signatures (docs/nhs-notify.md §12): lowercase hex HMAC-SHA256 of the exact body bytes,
 * keyed "<applicationId>.<apiKey>". The simulator signs with this; the gateway verifies with it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CallbackSecret {
  readonly applicationId: string;
  readonly apiKey: string;
}

export function callbackHmacKey(secret: CallbackSecret): string {
  return `${secret.applicationId}.${secret.apiKey}`;
}

/** Lowercase hex HMAC-SHA256: the one primitive both signing and known-answer tests (S1) go through. */
export function hmacSha256Hex(key: string, body: Buffer | string): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

export function signCallbackBody(body: Buffer | string, secret: CallbackSecret): string {
  return hmacSha256Hex(callbackHmacKey(secret), body);
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * True when `signatureHeader` is the HMAC of `body` under any of the live secrets (rotation).
 * Malformed headers (wrong length, non-hex) are rejected before any comparison, so timingSafeEqual
 * only ever sees equal-length buffers and never throws.
 */
export function verifyCallbackSignature(
  body: Buffer,
  signatureHeader: string | undefined,
  secrets: readonly CallbackSecret[],
): boolean {
  if (signatureHeader === undefined || !HEX_SHA256.test(signatureHeader)) return false;
  const presented = Buffer.from(signatureHeader.toLowerCase(), 'hex');
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(signCallbackBody(body, secret), 'hex');
    // Check every secret (no early exit) so timing does not reveal which one matched.
    if (expected.length === presented.length && timingSafeEqual(expected, presented)) matched = true;
  }
  return matched;
}
