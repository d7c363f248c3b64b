/**
 * SHA-256 and HMAC-SHA256 through @noble/hashes (audited, pure JS). Pure JS matters: this module is
 * imported by Temporal workflow code, whose sandbox has no `node:crypto`. Only the hashing primitives
 * come from the library; the encodings below are trivial and kept local.
 */
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

export type SecretInput = string | Uint8Array;

export function sha256Bytes(message: string): Uint8Array {
  return sha256(utf8ToBytes(message));
}

export function sha256Hex(message: string): string {
  return bytesToHex(sha256Bytes(message));
}

export function hmacSha256Bytes(secret: SecretInput, message: string): Uint8Array {
  const key = typeof secret === 'string' ? utf8ToBytes(secret) : secret;
  return hmac(sha256, key, utf8ToBytes(message));
}

export function secretLength(secret: SecretInput): number {
  return typeof secret === 'string' ? utf8ToBytes(secret).length : secret.length;
}

export { bytesToHex };

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lowercase, unpadded: shorter than hex and safe in Temporal ids and URLs. */
export function bytesToBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1; // keep only the unread bits so the buffer never overflows
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * True when the text holds ten digits in a row. Scanners for leaked NHS numbers (docs/reliability.md P1, P2)
 * flag such runs, so identifiers we derive must never contain one, even by chance.
 */
export function hasTenDigitRun(text: string): boolean {
  return /\d{10}/.test(text);
}
