import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHANNELS, JourneyDomainError, MIN_WORKFLOW_ID_SECRET_BYTES, hasTenDigitRun, journeyWorkflowId, messageReference, requestFingerprint,
} from '../../../src/domain';
import { CANARY, SECRET, aStartJourneyRequest, arbNhsNumber } from './support/builders';

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const arbWorkflowId = fc.string({ minLength: 1, maxLength: 120 }).filter((s) => s.trim().length > 0);
const arbStepId = fc.stringMatching(/^[a-z][a-z0-9-]{0,31}$/);
const arbChannel = fc.constantFrom(...CHANNELS);
const arbMessageInput = fc.tuple(arbWorkflowId, arbStepId, arbChannel);

describe('messageReference', () => {
  it('R8: messageReference is pure, stable, unique per input and free of PII', () => {
    fc.assert(fc.property(arbMessageInput, arbMessageInput, ([w1, s1, c1], [w2, s2, c2]) => {
      const first = messageReference(w1, s1, c1);
      expect(messageReference(w1, s1, c1)).toBe(first); // same inputs, same key
      expect(first).toMatch(UUID_V8);
      expect(first.length).toBeLessThanOrEqual(255);
      expect(hasTenDigitRun(first)).toBe(false);
      const same = w1 === w2 && s1 === s2 && c1 === c2;
      expect(messageReference(w2, s2, c2) === first).toBe(same); // differing input, differing key
    }), { numRuns: 2_000 });
  });

  it('R8: a single-field change always changes the key (workflow, step or channel)', () => {
    fc.assert(fc.property(arbMessageInput, arbWorkflowId, arbStepId, arbChannel, ([w, s, c], w2, s2, c2) => {
      const key = messageReference(w, s, c);
      if (w2 !== w) expect(messageReference(w2, s, c)).not.toBe(key);
      if (s2 !== s) expect(messageReference(w, s2, c)).not.toBe(key);
      if (c2 !== c) expect(messageReference(w, s, c2)).not.toBe(key);
    }), { numRuns: 2_000 });
  });

  it('R8: input separators cannot be forged (no concatenation ambiguity)', () => {
    expect(messageReference('wf-a', 'b', 'sms')).not.toBe(messageReference('wf-', 'ab', 'sms'));
  });

  it('R8: matches an independent derivation (node:crypto SHA-256, RFC 9562 v8 layout)', () => {
    // Cross-checks the pure-JS hash and the bit layout against Node's own crypto: a change to the
    // derivation would silently turn every in-flight retry into a second message.
    fc.assert(fc.property(arbMessageInput, ([w, s, c]) => {
      const bytes = createHash('sha256').update(JSON.stringify(['notify-journeys/message-reference/v1', w, s, c, 0])).digest().subarray(0, 16);
      bytes[6] = (bytes[6]! & 0x0f) | 0x80;
      bytes[8] = (bytes[8]! & 0x3f) | 0x80;
      const hex = bytes.toString('hex');
      const expected = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      if (!/\d{10}/.test(expected)) expect(messageReference(w, s, c)).toBe(expected);
    }), { numRuns: 300 });
  });

  it('refuses unusable inputs with INVALID_ARGUMENT, not a crash', () => {
    expect(() => messageReference('', 'sms', 'sms')).toThrow(JourneyDomainError);
    expect(() => messageReference('wf', 'SMS step', 'sms')).toThrow(/stepId/);
    expect(() => messageReference('wf', 'sms', 'pigeon' as never)).toThrow(/channel/);
  });
});

describe('journeyWorkflowId', () => {
  const key = { journeyType: 'appointment-reminder', nhsNumber: CANARY.nhsNumber, eventId: 'appt-1', version: 1 };

  it('contains no patient data and matches the workflow-id allow-list (P2)', () => {
    fc.assert(fc.property(arbNhsNumber, fc.string({ minLength: 1, maxLength: 64 }), (nhsNumber, eventId) => {
      const id = journeyWorkflowId(SECRET, { ...key, nhsNumber, eventId });
      expect(id).toMatch(/^journey-appointment-reminder-[a-z2-7]{32}$/);
      expect(id).not.toContain(nhsNumber);
      expect(hasTenDigitRun(id)).toBe(false);
      expect(id.length).toBeLessThanOrEqual(80);
    }), { numRuns: 1_000 });
  });

  it('is stable for a business key and differs when any part of it differs', () => {
    const id = journeyWorkflowId(SECRET, key);
    expect(journeyWorkflowId(SECRET, { ...key })).toBe(id);
    expect(journeyWorkflowId(SECRET, { ...key, nhsNumber: '9990548617' })).not.toBe(id);
    expect(journeyWorkflowId(SECRET, { ...key, eventId: 'appt-2' })).not.toBe(id);
    expect(journeyWorkflowId(SECRET, { ...key, version: 2 })).not.toBe(id);
    expect(journeyWorkflowId(SECRET, { ...key, journeyType: 'appointment-changed' })).not.toBe(id);
    expect(journeyWorkflowId(`${SECRET}x`, key)).not.toBe(id); // keyed: another deployment, another id
  });

  it('matches an independent derivation (node:crypto HMAC-SHA256, RFC 4648 base32)', () => {
    const digest = createHmac('sha256', SECRET).update(`${JSON.stringify(['notify-journeys/workflow-id/v1', key.journeyType, key.nhsNumber, key.eventId, key.version])}#0`).digest();
    expect(journeyWorkflowId(SECRET, key)).toBe(`journey-appointment-reminder-${base32(digest.subarray(0, 20))}`);
  });

  it('is unique across many business keys (no collisions in 5 000)', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5_000; i += 1) ids.add(journeyWorkflowId(SECRET, { ...key, eventId: `appt-${i}` }));
    expect(ids.size).toBe(5_000);
  });

  it('refuses a short secret and a journey type that is not an id', () => {
    expect(() => journeyWorkflowId('x'.repeat(MIN_WORKFLOW_ID_SECRET_BYTES - 1), key)).toThrow(/at least 32 bytes/);
    expect(() => journeyWorkflowId(SECRET, { ...key, journeyType: 'Appointment Reminder' })).toThrow(/journeyType/);
  });
});

describe('requestFingerprint', () => {
  it('is stable across key order at every depth', () => {
    const body = aStartJourneyRequest({ eventId: 'appt-fixed' });
    expect(requestFingerprint(reverseKeys(body))).toBe(requestFingerprint(body));
    expect(JSON.stringify(reverseKeys(body))).not.toBe(JSON.stringify(body)); // the test really reorders
    expect(requestFingerprint(body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('property: any permutation of keys gives the same fingerprint; any change of a value a different one', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.integer(), (object, seed) => {
      const keys = Object.keys(object);
      const shuffled = Object.fromEntries([...keys].sort(() => (seed % 2 === 0 ? 1 : -1)).map((k) => [k, object[k]]));
      expect(requestFingerprint(shuffled)).toBe(requestFingerprint(object));
      expect(requestFingerprint({ ...object, __extra: seed })).not.toBe(requestFingerprint(object));
    }), { numRuns: 500 });
  });

  it('differs for the same key with a different body, and is keyed when a secret is given', () => {
    const body = aStartJourneyRequest({ eventId: 'appt-fixed' });
    expect(requestFingerprint({ ...body, eventTime: '2026-06-16T09:30:00+01:00' })).not.toBe(requestFingerprint(body));
    expect(requestFingerprint(body, SECRET)).not.toBe(requestFingerprint(body));
    expect(requestFingerprint(body, SECRET)).toBe(requestFingerprint(body, SECRET));
  });

  it('refuses values that are not plain JSON instead of collapsing them', () => {
    expect(() => requestFingerprint({ a: Number.NaN })).toThrow(JourneyDomainError);
    expect(() => requestFingerprint({ a: () => 1 })).toThrow(JourneyDomainError);
    expect(requestFingerprint({ a: 1, b: undefined })).toBe(requestFingerprint({ a: 1 }));
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

/** Reference base32 (RFC 4648, lowercase, unpadded), written independently of the one under test. */
function base32(bytes: Uint8Array): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bits = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
  return (bits.match(/.{1,5}/g) ?? []).map((chunk) => alphabet[parseInt(chunk.padEnd(5, '0'), 2)]).join('');
}
