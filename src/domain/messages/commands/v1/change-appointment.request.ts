/**
 * ChangeAppointmentRequest v1: the appointment moved. Carries the new event time and, optionally, changed
 * personalisation. Checked in two steps because the body alone does not say which journey it is for:
 * `parseChangeAppointmentRequest` checks the shape (the gateway), `checkChangeAgainstJourney` checks the
 * changed fields against that journey's own schema, every field optional (the Temporal adapter, which knows
 * the journey from its id). The workflow then applies it with `applyAppointmentChange` (appointment-change.ts).
 */
import { z } from 'zod';
import type { ParseResult } from '../../../errors';
import type { JourneyDefinition } from '../../../journeys/types';
import { problemsFrom } from '../../../validation';
import type { ValidAppointmentChange } from './appointment-change';
import { EventTime } from './fields';

export const ChangeAppointmentRequest = z.object({
  eventTime: EventTime,
  personalisation: z.record(z.string(), z.string().max(2_000)).optional(),
}).strict();

export function parseChangeAppointmentRequest(input: unknown): ParseResult<ValidAppointmentChange> {
  const parsed = ChangeAppointmentRequest.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, code: 'INVALID_CHANGE_REQUEST', problems: problemsFrom(parsed.error.issues) };
  const { eventTime, personalisation } = parsed.data;
  return { ok: true, value: { eventTime, eventAt: Date.parse(eventTime), personalisation: personalisation ?? {} } };
}

/** The changed fields must pass the journey's own personalisation schema, every field optional. */
export function checkChangeAgainstJourney(
  change: ValidAppointmentChange, journey: Pick<JourneyDefinition, 'personalisation'>,
): ParseResult<ValidAppointmentChange> {
  const checked = journey.personalisation.schema.partial().safeParse(change.personalisation, { reportInput: true });
  if (!checked.success) return { ok: false, code: 'INVALID_CHANGE_REQUEST', problems: problemsFrom(checked.error.issues, ['personalisation']) };
  return { ok: true, value: change };
}
