import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCatalogue, cancellationNotice, DEFAULT_JOURNEY_TIMINGS, DURATION_KEYS, JOURNEY_TYPES, JourneyDomainError, ROUTING_PLANS,
  resolvePersonalisation, scaleTimings, validateCatalogue, type JourneyCatalogue, type JourneyDefinition,
} from '../../../src/domain';

const catalogue = buildCatalogue();
const journeys = Object.values(catalogue);

describe('journey catalogue', () => {
  it('has a typed, versioned entry for every journey type', () => {
    expect(Object.keys(catalogue).sort()).toEqual([...JOURNEY_TYPES].sort());
    for (const journey of journeys) {
      expect(journey.version).toBeGreaterThanOrEqual(1);
      expect(journey.purpose).toMatch(/^[A-Z].+\.$/);
      expect(journey.steps.length).toBeGreaterThan(0);
    }
    expect(validateCatalogue(catalogue)).toEqual([]);
  });

  it("every step's routing plan exists and starts with the step's channel", () => {
    for (const step of journeys.flatMap((journey) => journey.steps)) {
      expect(ROUTING_PLANS[step.routingPlan].channels[0]).toBe(step.channel);
    }
    expect(catalogue['appointment-reminder'].steps.map((s) => [s.id, s.routingPlan]))
      .toEqual([['nhsapp', 'nhsapp-only'], ['sms', 'sms-only'], ['letter', 'letter-only']]);
  });

  it('validation names the broken field when a step points at an unknown routing plan', () => {
    const reminder = catalogue['appointment-reminder'];
    const broken: JourneyCatalogue = {
      ...catalogue,
      'appointment-reminder': { ...reminder, steps: [{ ...reminder.steps[0]!, routingPlan: 'carrier-pigeon' as never }] },
    };
    expect(validateCatalogue(broken)).toEqual([{ path: 'appointment-reminder.steps.0.routingPlan', message: 'is not a known routing plan' }]);
  });

  it('refuses bad timings with field-level problems', () => {
    try {
      buildCatalogue({ smsCallbackTimeoutMs: -1, letterLeadTimeMs: Number.NaN });
      expect.unreachable('buildCatalogue accepted negative timings');
    } catch (error) {
      expect(error).toBeInstanceOf(JourneyDomainError);
      expect((error as JourneyDomainError).code).toBe('INVALID_CATALOGUE');
      expect((error as JourneyDomainError).problems.map((p) => p.path)).toEqual(['timings.smsCallbackTimeoutMs', 'timings.letterLeadTimeMs']);
    }
  });

  it('compressed timings keep every ordering between durations, per journey', () => {
    fc.assert(fc.property(fc.double({ min: 1 / (24 * 3600), max: 1, noNaN: true }), (factor) => {
      const compressed = buildCatalogue(scaleTimings(DEFAULT_JOURNEY_TIMINGS, factor));
      for (const type of JOURNEY_TYPES) expect(orderings(compressed[type])).toEqual(orderings(catalogue[type]));
    }), { numRuns: 200 });
    const seconds = buildCatalogue(scaleTimings(DEFAULT_JOURNEY_TIMINGS, 1 / 3600));
    expect(seconds['appointment-reminder'].window.deadlineOffsetMs).toBe(-24_000);
    expect(seconds['appointment-reminder'].window.description).toBe('from 4 min before the appointment until 24 s before it');
    expect(seconds['appointment-reminder'].quietHours).toEqual(DEFAULT_JOURNEY_TIMINGS.quietHours); // wall-clock, unscaled
  });

  it('with production timings the reminder cascade fits: NHS App, then SMS, then a letter that arrives in time', () => {
    const reminder = catalogue['appointment-reminder'];
    const [nhsapp, sms] = reminder.steps;
    const letterSentAfter = -reminder.window.notBeforeOffsetMs! - nhsapp!.callbackTimeoutMs - sms!.callbackTimeoutMs;
    expect(letterSentAfter - reminder.letterLeadTimeMs).toBeGreaterThanOrEqual(-reminder.window.deadlineOffsetMs);
  });

  it('only a cancelled appointment sends a notice, never a cancel for a deceased patient', () => {
    const reminder = catalogue['appointment-reminder'];
    expect(cancellationNotice(reminder, 'appointment_cancelled')).toBe('appointment-cancelled');
    expect(cancellationNotice(reminder, 'patient_deceased')).toBeUndefined();
    expect(cancellationNotice(catalogue['appointment-cancelled'], 'appointment_cancelled')).toBeUndefined();
  });
});

describe('personalisation schemas', () => {
  const reminder = catalogue['appointment-reminder'];
  const eventAt = Date.parse('2026-04-07T09:30:00+01:00');

  it('give field-level errors that never echo the value', () => {
    const canary = 'CANARY-9990548609-Canarysurname';
    const result = resolvePersonalisation(reminder.personalisation, {
      clinicName: `${canary}\u0007`, contactPhone: canary, location: 'x'.repeat(201), [canary]: canary,
    }, eventAt, reminder.timeZone);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('INVALID_PERSONALISATION');
    expect(result.problems).toEqual([
      { path: 'personalisation.clinicName', message: 'must not contain control characters' },
      { path: 'personalisation.location', message: 'must be at most 200 characters' },
      { path: 'personalisation.contactPhone', message: 'must be at most 20 characters' },
      { path: 'personalisation.contactPhone', message: 'must be a phone number' },
      { path: 'personalisation', message: 'has 1 unrecognised field(s)' },
    ]);
    expect(JSON.stringify(result.problems)).not.toContain('CANARY');
  });

  it('property: no problem ever contains the submitted text', () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('clinicName', 'location', 'contactPhone', 'CANARYKEY'), fc.string()), (input) => {
      const marked = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, `CANARY${v}\u0000`]));
      const result = resolvePersonalisation(reminder.personalisation, marked, eventAt, reminder.timeZone);
      if (!result.ok) expect(JSON.stringify(result.problems)).not.toContain('CANARY');
    }), { numRuns: 300 });
  });

  it('optional fields degrade to fallbacks, including date and time in words from the event time (London)', () => {
    const result = resolvePersonalisation(reminder.personalisation, { clinicName: 'Eye clinic' }, eventAt, reminder.timeZone);
    expect(result).toEqual({ ok: true, value: {
      provided: { clinicName: 'Eye clinic' },
      values: {
        clinicName: 'Eye clinic', appointmentDate: 'Tuesday 7 April 2026', appointmentTime: '9:30am',
        location: 'the address on your appointment letter', contactPhone: 'the phone number on your appointment letter',
      },
    } });
  });

  it('every optional field has a fallback and no field clashes with an NHS Notify reserved name', () => {
    for (const journey of journeys) {
      for (const [name, field] of Object.entries(journey.personalisation.fields)) {
        expect(field.required === true || field.fallback !== undefined, `${journey.type}.${name}`).toBe(true);
      }
    }
    const withClash = { ...catalogue['test-result-ready'], personalisation: { ...catalogue['test-result-ready'].personalisation,
      fields: { ...catalogue['test-result-ready'].personalisation.fields, first_name: { description: 'x', maxLength: 10, required: true } } } };
    expect(validateCatalogue({ ...catalogue, 'test-result-ready': withClash })).toContainEqual(
      { path: 'test-result-ready.personalisation.first_name', message: 'clashes with a name NHS Notify reserves' });
  });
});

/** Sign of every pairwise difference between a journey's durations: what compression must preserve. */
function orderings(journey: JourneyDefinition): number[] {
  const durations = [
    ...journey.steps.map((s) => s.callbackTimeoutMs), journey.letterLeadTimeMs, journey.escalationSlaMs,
    journey.window.deadlineOffsetMs, journey.window.notBeforeOffsetMs ?? 0,
    journey.window.deadlineOffsetMs - (journey.window.notBeforeOffsetMs ?? 0),
  ];
  return durations.flatMap((a) => durations.map((b) => Math.sign(a - b)));
}

// Keep DURATION_KEYS in use: every timing is a positive number of ms by default.
it('every default timing is a positive number of milliseconds', () => {
  for (const key of DURATION_KEYS) expect(DEFAULT_JOURNEY_TIMINGS[key]).toBeGreaterThan(0);
});
