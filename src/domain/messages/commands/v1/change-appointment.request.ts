/**
 * ChangeAppointmentRequest v1: the appointment moved. Carries the new event time and, optionally, changed
 * personalisation (checked against the journey's schema, every field optional). Applying it yields a new
 * validated start request, so the send path still reads recipient and wording from one frozen object.
 */
import { z } from 'zod';
import type { EpochMs } from '../../../durations';
import type { ParseResult } from '../../../errors';
import { fillFallbacks, type PersonalisationValues } from '../../../journeys/resolve-personalisation';
import type { JourneyDefinition } from '../../../journeys/types';
import { problemsFrom } from '../../../validation';
import { EventTime } from './fields';
import { brand, type ValidStartJourneyRequest } from './start-journey.request';

export const ChangeAppointmentRequest = z.object({
  eventTime: EventTime,
  personalisation: z.unknown().optional(),
}).strict();
export type ChangeAppointmentRequestInput = z.input<typeof ChangeAppointmentRequest>;

export interface ValidAppointmentChange {
  readonly eventTime: string;
  readonly eventAt: EpochMs;
  /** Only the fields the client changed. */
  readonly personalisation: PersonalisationValues;
}

export function parseChangeAppointmentRequest(input: unknown, journey: JourneyDefinition): ParseResult<ValidAppointmentChange> {
  const envelope = ChangeAppointmentRequest.safeParse(input, { reportInput: true });
  const problems = envelope.success ? [] : problemsFrom(envelope.error.issues);
  const raw = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).personalisation : undefined;
  const changes = journey.personalisation.schema.partial().safeParse(raw ?? {}, { reportInput: true });
  if (!changes.success) problems.push(...problemsFrom(changes.error.issues, ['personalisation']));
  if (!envelope.success || !changes.success) return { ok: false, code: 'INVALID_CHANGE_REQUEST', problems };
  const personalisation: Record<string, string> = {};
  for (const [key, value] of Object.entries(changes.data)) if (typeof value === 'string') personalisation[key] = value;
  return { ok: true, value: { eventTime: envelope.data.eventTime, eventAt: Date.parse(envelope.data.eventTime), personalisation } };
}

/**
 * The journey's request after the change: new event time, changed fields over the client's earlier ones,
 * and event-derived fallbacks (date, time) recomputed for the new time. Recipient is carried over unchanged.
 */
export function applyAppointmentChange(
  request: ValidStartJourneyRequest, change: ValidAppointmentChange, journey: JourneyDefinition,
): ValidStartJourneyRequest {
  const provided = { ...request.personalisation.provided, ...change.personalisation };
  return brand({
    ...request,
    eventTime: change.eventTime,
    eventAt: change.eventAt,
    personalisation: { provided, values: fillFallbacks(journey.personalisation, provided, change.eventAt, journey.timeZone) },
  });
}
