/**
 * Builders for domain test data: valid by default, unique ids, canary PII (docs/reliability.md P1) so a leak is
 * searchable. Override any field with `aStartJourneyRequest({ ... })`.
 */
import fc from 'fast-check';
import { nhsCheckDigit } from '../../../../src/domain';

/** Canary PII: NHS number from the 999 test range (valid modulus 11), plus recognisable contact details. */
export const CANARY = {
  nhsNumber: '9990548609',
  email: 'canary.patient@example.nhs.net',
  sms: '07700900123',
  lastName: 'Canarysurname',
  postcode: 'LS1 4AP',
} as const;

let sequence = 0;

export function aStartJourneyRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    journeyType: 'appointment-reminder',
    eventId: `appt-${sequence}`,
    eventTime: '2026-06-15T09:30:00+01:00',
    patient: {
      nhsNumber: CANARY.nhsNumber,
      contactDetails: {
        email: CANARY.email, sms: CANARY.sms,
        address: { lines: ['1 Canary Row', 'Leeds'], postcode: CANARY.postcode },
        name: { firstName: 'Cass', lastName: CANARY.lastName },
      },
    },
    personalisation: { clinicName: 'Eye clinic' },
    originator: { odsCode: 'X26' },
    ...overrides,
  };
}

/** Any valid NHS number (10 digits, modulus-11 check digit). */
export const arbNhsNumber: fc.Arbitrary<string> = fc.stringMatching(/^\d{9}$/)
  .map((firstNine) => ({ firstNine, check: nhsCheckDigit(firstNine) }))
  .filter((candidate): candidate is { firstNine: string; check: number } => candidate.check !== undefined)
  .map(({ firstNine, check }) => `${firstNine}${check}`);

export const SECRET = 'test-secret-0123456789abcdef-0123456789abcdef';
