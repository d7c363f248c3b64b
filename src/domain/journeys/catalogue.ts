/**
 * The journey catalogue, built from timings so that production and tests run the same definitions with
 * different clocks. Build it once at start-up; a broken catalogue throws INVALID_CATALOGUE there.
 */
import { JourneyDomainError } from '../errors';
import { appointmentCancelled } from './appointment-cancelled.journey';
import { appointmentChanged } from './appointment-changed.journey';
import { appointmentReminder } from './appointment-reminder.journey';
import { screeningInvitation } from './screening-invitation.journey';
import { testResultReady } from './test-result-ready.journey';
import { DEFAULT_JOURNEY_TIMINGS, invalidDurations, type JourneyTimings } from './timings';
import { JOURNEY_TYPES, type JourneyCatalogue, type JourneyDefinition, type JourneyType } from './types';
import { validateCatalogue } from './validate-catalogue';

/**
 * Builds and validates the catalogue. Omitted timings take production defaults.
 * @example buildCatalogue(scaleTimings(DEFAULT_JOURNEY_TIMINGS, 1 / 3600)) // tests: 1 h becomes 1 s
 * @throws JourneyDomainError INVALID_CATALOGUE with field-level problems
 */
export function buildCatalogue(timings: Partial<JourneyTimings> = {}): JourneyCatalogue {
  const merged: JourneyTimings = { ...DEFAULT_JOURNEY_TIMINGS, ...timings };
  const badDurations = invalidDurations(merged);
  if (badDurations.length > 0) {
    throw new JourneyDomainError('INVALID_CATALOGUE', 'journey timings must be positive durations',
      badDurations.map((key) => ({ path: `timings.${key}`, message: 'must be a positive number of milliseconds' })));
  }
  const catalogue: JourneyCatalogue = {
    'appointment-reminder': appointmentReminder(merged),
    'appointment-changed': appointmentChanged(merged),
    'appointment-cancelled': appointmentCancelled(merged),
    'screening-invitation': screeningInvitation(merged),
    'test-result-ready': testResultReady(merged),
  };
  const problems = validateCatalogue(catalogue);
  if (problems.length > 0) throw new JourneyDomainError('INVALID_CATALOGUE', 'the journey catalogue is invalid', problems);
  return catalogue;
}

export function isJourneyType(value: unknown): value is JourneyType {
  return typeof value === 'string' && (JOURNEY_TYPES as readonly string[]).includes(value);
}

/** The definition for a type name from outside (a request, a workflow input), or undefined if unknown. */
export function findJourney(catalogue: JourneyCatalogue, type: string): JourneyDefinition | undefined {
  return isJourneyType(type) ? catalogue[type] : undefined;
}
