import { randomUUID } from 'node:crypto';
import { builtInCatalogue } from '../../../../src/catalogue/built-in';
import { journeyValidators } from '../../../../src/stack/validators';

/** The validators npm start wires: the domain's v1 commands over the built-in catalogue. */
export const testValidators = journeyValidators(builtInCatalogue());

/** Canary NHS number (valid modulus 11, reserved for tests): must never appear in a response, log or metric. */
export const CANARY_NHS_NUMBER = '9434765919';

/** A start request body as a client sends it. */
export interface StartBody {
  readonly journeyType: string;
  readonly eventId: string;
  readonly eventTime: string;
  readonly patient: { readonly nhsNumber: string };
  readonly personalisation?: Record<string, string>;
}

/** Valid for the built-in appointment reminder; another journey type needs its own personalisation. */
export function aStartRequest(overrides: Partial<StartBody> = {}): StartBody {
  return {
    journeyType: 'appointment-reminder',
    eventId: `appt-${randomUUID()}`,
    eventTime: '2030-01-02T09:30:00+00:00',
    patient: { nhsNumber: CANARY_NHS_NUMBER },
    personalisation: { clinicName: 'Canary Clinic' },
    ...overrides,
  };
}
