import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBuiltInCatalogue } from '../../../src/catalogue/built-in';
import {
  cancellationNotice, compileDefinition, findPublishedVersion, JOURNEY_TYPES, JourneyDefinitionDocument, ROUTING_PLANS,
  resolvePersonalisation, type JourneyDefinition,
} from '../../../src/domain';

const builtIn = loadBuiltInCatalogue();
const catalogue = builtIn.current;
const journeys = Object.values(catalogue);

describe('journey catalogue (the built-in YAML files)', () => {
  it('has a versioned entry for every built-in journey type', () => {
    expect(Object.keys(catalogue).sort()).toEqual([...JOURNEY_TYPES].sort());
    for (const journey of journeys) {
      expect(journey.version).toBeGreaterThanOrEqual(1);
      expect(journey.purpose).toMatch(/^[A-Z].+\.$/);
      expect(journey.steps.length).toBeGreaterThan(0);
    }
  });

  it("every step's routing plan starts with the step's channel", () => {
    for (const step of journeys.flatMap((journey) => journey.steps)) {
      expect(ROUTING_PLANS[step.routingPlan].channels[0]).toBe(step.channel);
    }
    expect(catalogue['appointment-reminder'].steps.map((s) => [s.id, s.routingPlan]))
      .toEqual([['nhsapp', 'nhsapp-only'], ['sms', 'sms-only'], ['letter', 'letter-only']]);
  });

  it('test results start on version 2 (NHS App, email, SMS, letter); version 1 stays loadable as published', () => {
    expect(catalogue['test-result-ready'].version).toBe(2);
    expect(catalogue['test-result-ready'].steps.map((s) => s.channel)).toEqual(['nhsapp', 'email', 'sms', 'letter']);
    expect(findPublishedVersion(builtIn.published, 'test-result-ready', 1)?.steps.map((s) => s.channel)).toEqual(['nhsapp', 'sms', 'letter']);
    expect(findPublishedVersion(builtIn.published, 'test-result-ready', 3)).toBeUndefined();
    expect(findPublishedVersion(builtIn.published, 'constructor', 1)).toBeUndefined();
  });

  it('compressed durations keep every ordering between durations, per journey', () => {
    fc.assert(fc.property(fc.double({ min: 1 / (24 * 3600), max: 1, noNaN: true }), (factor) => {
      const compressed = builtIn.files.map((file) => compileDefinition(file.document, { timeScale: factor }));
      const full = builtIn.files.map((file) => compileDefinition(file.document));
      compressed.forEach((journey, i) => expect(orderings(journey)).toEqual(orderings(full[i]!)));
    }), { numRuns: 100 });
    const seconds = compileDefinition(builtIn.files.find((file) => file.file === 'appointment-reminder/v1.yaml')!.document, { timeScale: 1 / 3600 });
    expect(seconds.window.deadlineOffsetMs).toBe(-24_000);
    expect(seconds.window.description).toBe('from 4 min before the appointment until 24 s before it');
    expect(seconds.quietHours).toEqual({ sms: { from: '20:00', to: '08:00' }, email: { from: '20:00', to: '08:00' } }); // wall-clock, unscaled
  });

  it('with production durations the reminder cascade fits: NHS App, then SMS, then a letter that arrives in time', () => {
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

  it('durations read as ISO 8601 or words, and the same length either way', () => {
    const reminder = builtIn.files.find((file) => file.file === 'appointment-reminder/v1.yaml')!.document;
    const iso = JourneyDefinitionDocument.parse({ ...raw(reminder), letterLeadTime: 'P5D', escalationSla: 'PT24H' });
    expect([iso.letterLeadTime, iso.escalationSla]).toEqual([reminder.letterLeadTime, reminder.escalationSla]);
    const months = JourneyDefinitionDocument.safeParse({ ...raw(reminder), letterLeadTime: 'P1M' });
    expect(months.success ? [] : months.error.issues.map((issue) => issue.path.join('.'))).toEqual(['letterLeadTime']);
  });
});

/** A validated document back in the form a file holds (durations as words), to vary one field. */
function raw(doc: JourneyDefinitionDocument): Record<string, unknown> {
  const words = (ms: number): string => `${ms / 1000} seconds`;
  const offset = (ms: number) => (ms < 0 ? { before: words(-ms) } : { after: words(ms) });
  return {
    ...doc, letterLeadTime: words(doc.letterLeadTime), escalationSla: words(doc.escalationSla),
    window: { ...doc.window, closes: offset(doc.window.closes), ...(doc.window.opens === undefined ? {} : { opens: offset(doc.window.opens) }) },
    steps: doc.steps.map((step) => ({ ...step, callbackTimeout: words(step.callbackTimeout) })),
  };
}

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
    const doc = builtIn.files.find((file) => file.file === 'test-result-ready/v1.yaml')!.document;
    const clash = JourneyDefinitionDocument.safeParse({ ...raw(doc), personalisation: { ...doc.personalisation, firstName: { description: 'x', maxLength: 10, required: true } } });
    expect(clash.success ? [] : clash.error.issues.map((issue) => [issue.path.join('.'), issue.message]))
      .toEqual([['personalisation.firstName', 'clashes with a name NHS Notify reserves']]);
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
