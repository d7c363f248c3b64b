import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ParseResult } from '../../../../src/domain/errors';
import { isValidNhsNumber } from '../../../../src/domain/nhs-number';
import { problemsFrom } from '../../../../src/domain/validation';
import { fromDomainParser, zodValidator } from '../../../../src/gateway/journeys/validators';
import type { JourneyValidators } from '../../../../src/gateway/journeys/journey-route-options';

/**
 * Stand-ins for the domain's v1 commands (src/domain/messages/commands/v1), same shape in miniature. The start
 * validator goes through fromDomainParser exactly as the real parseStartJourneyRequest will.
 */
const KNOWN_TYPES = ['appointment-reminder', 'test-result-ready'];
export const TestStartSchema = z.object({
  journeyType: z.string().min(1).max(64),
  eventId: z.string().min(1).max(64),
  patient: z.object({ nhsNumber: z.string().refine((value): boolean => isValidNhsNumber(value), 'must be a valid NHS number') }).strict(),
  personalisation: z.record(z.string(), z.string()).optional(),
}).strict();
export type TestStart = z.output<typeof TestStartSchema>;

function parseTestStart(input: unknown): ParseResult<TestStart> {
  const parsed = TestStartSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID_JOURNEY_REQUEST', problems: problemsFrom(parsed.error.issues) };
  if (!KNOWN_TYPES.includes(parsed.data.journeyType)) {
    return { ok: false, code: 'UNKNOWN_JOURNEY_TYPE', problems: [{ path: 'journeyType', message: 'is not a known journey type' }] };
  }
  return { ok: true, value: parsed.data };
}

export const TestChangeSchema = z.object({ eventTime: z.iso.datetime({ offset: true }) }).strict();
export type TestChange = z.output<typeof TestChangeSchema>;
export const TestCancelSchema = z.object({ reason: z.enum(['appointment_cancelled', 'patient_request', 'sent_in_error']) }).strict();
export type TestCancel = z.output<typeof TestCancelSchema>;
export const TestOutcomeSchema = z.object({ outcome: z.enum(['contacted_patient', 'no_action_needed', 'unreachable']) }).strict();
export type TestOutcome = z.output<typeof TestOutcomeSchema>;

export const testValidators: JourneyValidators<TestStart, TestChange, TestCancel, TestOutcome> = {
  start: fromDomainParser(TestStartSchema, parseTestStart),
  change: zodValidator(TestChangeSchema),
  cancel: zodValidator(TestCancelSchema),
  escalationOutcome: zodValidator(TestOutcomeSchema),
};

/** Canary NHS number (valid modulus 11, reserved for tests): must never appear in a response, log or metric. */
export const CANARY_NHS_NUMBER = '9434765919';

export function aStartRequest(overrides: Partial<TestStart> = {}): TestStart {
  return {
    journeyType: 'appointment-reminder',
    eventId: `appt-${randomUUID()}`,
    patient: { nhsNumber: CANARY_NHS_NUMBER },
    personalisation: { clinic: 'Canary Clinic' },
    ...overrides,
  };
}
