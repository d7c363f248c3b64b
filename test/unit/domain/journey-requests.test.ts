import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyAppointmentChange, checkChangeAgainstJourney, messageContentFor, messageSourceOf, parseCancelJourneyRequest,
  parseChangeAppointmentRequest, parseStartJourneyRequest, type ValidStartJourneyRequest,
} from '../../../src/domain';
import { CANARY, aStartJourneyRequest } from './support/builders';
import { builtInCatalogue } from '../../../src/catalogue/built-in';

const catalogue = builtInCatalogue();
const reminder = catalogue['appointment-reminder'];

function validRequest(overrides: Record<string, unknown> = {}): ValidStartJourneyRequest {
  const result = parseStartJourneyRequest(aStartJourneyRequest(overrides), catalogue);
  if (!result.ok) throw new Error(`builder made an invalid request: ${JSON.stringify(result.problems)}`);
  return result.value;
}

describe('StartJourneyRequest v1', () => {
  it('parses a valid request into a frozen value with resolved personalisation', () => {
    const request = validRequest({ eventId: 'appt-42' });
    expect(request).toMatchObject({
      journeyType: 'appointment-reminder', journeyVersion: 1, eventId: 'appt-42',
      eventAt: Date.parse('2026-06-15T08:30:00Z'), patient: { nhsNumber: CANARY.nhsNumber },
      personalisation: { values: { clinicName: 'Eye clinic', appointmentDate: 'Monday 15 June 2026', appointmentTime: '9:30am' } },
    });
    expect(Object.isFrozen(request.patient.contactDetails?.address?.lines)).toBe(true);
  });

  it('gives field-level problems for the envelope and the personalisation together, without echoing values', () => {
    const result = parseStartJourneyRequest(aStartJourneyRequest({
      eventId: 'appt 1/2', eventTime: '2026-06-15T09:30:00', patient: { nhsNumber: '9990548608' },
      personalisation: { clinicName: '' }, surprise: CANARY.email,
    }), catalogue);
    expect(result).toEqual({ ok: false, code: 'INVALID_JOURNEY_REQUEST', problems: [
      { path: 'eventId', message: 'must use letters, digits and . _ : - only, starting with a letter or digit' },
      { path: 'eventTime', message: 'must be an ISO 8601 date-time with an offset' },
      { path: 'patient.nhsNumber', message: 'must be 10 digits with a valid modulus-11 check digit' },
      { path: '(root)', message: 'has 1 unrecognised field(s)' },
      { path: 'personalisation.clinicName', message: 'must not be blank' },
    ] });
  });

  it('requires an NHS number, and says the rule is the journey API\'s (NHS Notify accepts contact details alone)', () => {
    const result = parseStartJourneyRequest(aStartJourneyRequest({ patient: { contactDetails: { email: 'someone@example.nhs.net' } } }), catalogue);
    expect(result).toMatchObject({ ok: false, code: 'INVALID_JOURNEY_REQUEST', problems: [{ path: 'patient.nhsNumber', message: expect.stringContaining('required by the journey API') }] });
  });

  it('refuses an event time outside 2000-2100 and accepts any explicit offset', () => {
    expect(parseStartJourneyRequest(aStartJourneyRequest({ eventTime: '1999-12-31T23:00:00Z' }), catalogue))
      .toEqual({ ok: false, code: 'INVALID_JOURNEY_REQUEST', problems: [{ path: 'eventTime', message: 'must be between 2000 and 2100' }] });
    expect(validRequest({ eventTime: '2026-06-15T08:30:00Z' }).eventAt).toBe(validRequest().eventAt);
  });

  it('says INVALID_PERSONALISATION when only the personalisation is wrong', () => {
    const result = parseStartJourneyRequest(aStartJourneyRequest({ personalisation: {} }), catalogue);
    expect(result).toEqual({ ok: false, code: 'INVALID_PERSONALISATION', problems: [{ path: 'personalisation.clinicName', message: 'is required' }] });
  });

  it('says UNKNOWN_JOURNEY_TYPE for a type not in the catalogue, INVALID_JOURNEY_REQUEST when it is missing', () => {
    expect(parseStartJourneyRequest(aStartJourneyRequest({ journeyType: 'flu-jab' }), catalogue))
      .toEqual({ ok: false, code: 'UNKNOWN_JOURNEY_TYPE', problems: [{ path: 'journeyType', message: 'is not a known journey type' }] });
    const missing = parseStartJourneyRequest({ ...aStartJourneyRequest(), journeyType: undefined }, catalogue);
    expect(missing).toMatchObject({ ok: false, code: 'INVALID_JOURNEY_REQUEST', problems: [{ path: 'journeyType', message: 'is required' }] });
  });

  it('returns a typed result for any input, never throws, and never echoes canary PII', () => {
    const canaries = Object.values(CANARY);
    const arbField = fc.oneof(fc.constantFrom(...canaries), fc.jsonValue());
    fc.assert(fc.property(fc.oneof(
      fc.jsonValue(),
      fc.record({ journeyType: arbField, eventId: arbField, eventTime: arbField, patient: fc.record({ nhsNumber: arbField, contactDetails: arbField }), personalisation: fc.dictionary(fc.constantFrom('clinicName', 'location', CANARY.lastName), arbField) }, { requiredKeys: [] }),
    ), (input) => {
      const result = parseStartJourneyRequest(input, catalogue);
      if (!result.ok) for (const canary of canaries) expect(JSON.stringify(result.problems)).not.toContain(canary);
    }), { numRuns: 2_000 });
  });

  it('C3: recipient and personalisation come from one validated, frozen, branded object', () => {
    const request = validRequest();
    const content = messageContentFor(messageSourceOf(request), reminder.steps[1]!);
    expect(content.recipient).toBe(request.patient);
    expect(content.personalisation).toBe(request.personalisation.values);
    expect(content).toMatchObject({ template: { id: 'appointment-reminder-sms', version: '1' }, routingPlan: 'sms-only' });

    // Mutation between validation and send is impossible by types, and throws at run time (frozen).
    expect(() => {
      // @ts-expect-error: patient is deep-readonly
      request.patient.nhsNumber = '9990548617';
    }).toThrow(TypeError);
    expect(() => {
      // @ts-expect-error: personalisation values are readonly
      request.personalisation.values.clinicName = 'Another clinic';
    }).toThrow(TypeError);
    expect(() => {
      // @ts-expect-error: contact details too, all the way down
      request.patient.contactDetails!.address!.lines[0] = '2 Other Road';
    }).toThrow(TypeError);

    // An unvalidated object of the same shape is not a ValidStartJourneyRequest: only the parser brands.
    const lookalike: Pick<ValidStartJourneyRequest, 'journeyType' | 'journeyVersion' | 'eventId' | 'eventTime' | 'eventAt' | 'patient' | 'personalisation'> = request;
    // @ts-expect-error: same fields, but no brand
    messageSourceOf(lookalike);
    expect(request.patient.nhsNumber).toBe(CANARY.nhsNumber);
  });
});

describe('ChangeAppointmentRequest v1', () => {
  it('moves the event time, re-derives date and time wording, keeps the recipient and provided fields', () => {
    const original = validRequest({ personalisation: { clinicName: 'Eye clinic', location: 'Wing B' } });
    const parsed = parseChangeAppointmentRequest({ eventTime: '2026-11-02T14:00:00Z', personalisation: { location: 'Wing C' } });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const change = checkChangeAgainstJourney(parsed.value, reminder);
    expect(change).toEqual(parsed);
    const moved = applyAppointmentChange(original.personalisation, parsed.value, reminder.personalisation.fields, reminder.timeZone);
    expect(moved.values).toMatchObject({ clinicName: 'Eye clinic', location: 'Wing C', appointmentDate: 'Monday 2 November 2026', appointmentTime: '2pm' });
    expect(moved.provided).toEqual({ clinicName: 'Eye clinic', location: 'Wing C' });
    expect(original.personalisation.values.location).toBe('Wing B'); // the original is untouched
  });

  it('refuses a bad change with field-level problems: the shape first, then the journey\'s own fields', () => {
    expect(parseChangeAppointmentRequest({ eventTime: 'tomorrow', personalisation: { clinicName: 3 } })).toEqual({
      ok: false, code: 'INVALID_CHANGE_REQUEST', problems: [
        { path: 'eventTime', message: 'must be an ISO 8601 date-time with an offset' },
        { path: 'personalisation.clinicName', message: 'must be a string' },
      ],
    });
    const parsed = parseChangeAppointmentRequest({ eventTime: '2026-11-02T14:00:00Z', personalisation: { clinicName: '', extra: 'x' } });
    if (!parsed.ok) throw new Error('the shape is valid');
    expect(checkChangeAgainstJourney(parsed.value, reminder)).toEqual({
      ok: false, code: 'INVALID_CHANGE_REQUEST', problems: [
        { path: 'personalisation.clinicName', message: 'must not be blank' },
        { path: 'personalisation', message: 'has 1 unrecognised field(s)' },
      ],
    });
  });
});

describe('CancelJourneyRequest v1', () => {
  it('accepts a closed reason code and refuses free text without echoing it', () => {
    expect(parseCancelJourneyRequest({ reason: 'appointment_cancelled' })).toEqual({ ok: true, value: { reason: 'appointment_cancelled' } });
    expect(parseCancelJourneyRequest({ reason: `patient ${CANARY.lastName} moved away` })).toEqual({
      ok: false, code: 'INVALID_CANCEL_REQUEST', problems: [{ path: 'reason', message: 'is not one of the allowed values' }],
    });
  });
});
