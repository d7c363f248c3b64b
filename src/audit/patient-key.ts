/**
 * The record finds a patient by a keyed hash of the NHS number, never the number itself: HMAC-SHA256 under a
 * secret named by a key id. Rotation: add a new key and make it current; rows written under the old key are
 * still found because a lookup hashes under every configured key (AUDIT_PATIENT_KEYS lists them all).
 */
import { createHmac } from 'node:crypto';

export interface PatientKeyRing {
  readonly currentId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

export interface PatientKey {
  readonly keyId: string;
  readonly value: string;
}

const ENTRY = /^([A-Za-z0-9._-]{1,64})=([A-Za-z0-9+/_-]{43,}={0,2})$/;

export class PatientKeyError extends Error {
  override readonly name = 'PatientKeyError';
}

/** Parses `keyId=base64` entries (each secret at least 32 bytes); the current key is `currentId` or the last entry. */
export function parsePatientKeys(entries: readonly string[], currentId?: string): PatientKeyRing {
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const match = ENTRY.exec(entry.trim());
    if (match === null) throw new PatientKeyError('patient key entries must be keyId=base64 (at least 32 bytes)');
    const secret = Buffer.from(match[2]!, 'base64');
    if (secret.length < 32) throw new PatientKeyError(`patient key ${match[1]} is shorter than 32 bytes`);
    keys.set(match[1]!, secret);
  }
  const current = currentId ?? [...keys.keys()].at(-1);
  if (current === undefined || !keys.has(current)) throw new PatientKeyError('the current patient key id is not among the configured keys');
  return { currentId: current, keys };
}

/** The key new rows are written under. */
export function patientKeyOf(ring: PatientKeyRing, nhsNumber: string): PatientKey {
  return { keyId: ring.currentId, value: hmac(ring.keys.get(ring.currentId)!, nhsNumber) };
}

/** Every key the patient may be recorded under (one per configured key). */
export function patientKeysForLookup(ring: PatientKeyRing, nhsNumber: string): PatientKey[] {
  return [...ring.keys].map(([keyId, secret]) => ({ keyId, value: hmac(secret, nhsNumber) }));
}

function hmac(secret: Buffer, nhsNumber: string): string {
  return createHmac('sha256', secret).update(nhsNumber.replace(/\s+/g, ''), 'utf8').digest('hex');
}
