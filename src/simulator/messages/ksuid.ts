/**
 * KSUIDs, the id format of NHS Notify messages and batches (docs/nhs-notify.md §3): 20 bytes, a 4-byte
 * big-endian timestamp in seconds since the KSUID epoch (14e8, May 2014) followed by 16 random bytes,
 * written as 27 base62 characters. Same layout as npm `ksuid`, which NHS's own sandbox uses, so the ids
 * sort by creation second like the real ones.
 */
import { randomBytes } from 'node:crypto';

export const KSUID_EPOCH_SECONDS = 1_400_000_000;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ENCODED_LENGTH = 27;
const BYTES = 20;

export const KSUID_PATTERN = /^[a-zA-Z0-9]{27}$/;

export function encodeKsuid(bytes: Uint8Array): string {
  if (bytes.length !== BYTES) throw new RangeError(`a KSUID is ${BYTES} bytes, got ${bytes.length}`);
  let value = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  let out = '';
  while (value > 0n) {
    out = ALPHABET[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(ENCODED_LENGTH, '0');
}

export function decodeKsuid(id: string): { timestampSeconds: number; payload: Buffer } {
  if (!KSUID_PATTERN.test(id)) throw new TypeError('not a KSUID (27 base62 characters)');
  let value = 0n;
  for (const char of id) value = value * 62n + BigInt(ALPHABET.indexOf(char));
  const bytes = Buffer.from(value.toString(16).padStart(BYTES * 2, '0'), 'hex');
  if (bytes.length !== BYTES) throw new TypeError('KSUID out of range');
  return { timestampSeconds: bytes.readUInt32BE(0) + KSUID_EPOCH_SECONDS, payload: bytes.subarray(4) };
}

/** A new KSUID for the given wall-clock time (ms since the Unix epoch). */
export function newKsuid(nowMs: number = Date.now(), random: Buffer = randomBytes(16)): string {
  const bytes = Buffer.alloc(BYTES);
  bytes.writeUInt32BE(Math.max(0, Math.floor(nowMs / 1000) - KSUID_EPOCH_SECONDS), 0);
  random.copy(bytes, 4, 0, 16);
  return encodeKsuid(bytes);
}
