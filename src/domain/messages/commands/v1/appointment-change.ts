/**
 * An appointment change, once checked (change-appointment.request.ts checks it at the edge), and what it does
 * to a journey's personalisation. Pure: the journey workflow applies it, so this module imports no schema.
 */
import type { EpochMs } from '../../../durations';
import type { PersonalisationFields } from '../../../journeys/personalisation-spec';
import { fillFallbacks, type PersonalisationValues, type ResolvedPersonalisation } from '../../../journeys/resolve-personalisation';

export interface ValidAppointmentChange {
  readonly eventTime: string;
  readonly eventAt: EpochMs;
  /** Only the fields the client changed. */
  readonly personalisation: PersonalisationValues;
}

/**
 * The journey's personalisation after the change: changed fields over the client's earlier ones, and
 * event-derived fallbacks (date, time) recomputed for the new event time. The recipient never changes.
 */
export function applyAppointmentChange(
  current: ResolvedPersonalisation,
  change: { readonly eventAt: EpochMs; readonly personalisation?: PersonalisationValues },
  fields: PersonalisationFields,
  timeZone: string,
): ResolvedPersonalisation {
  const provided = { ...current.provided, ...change.personalisation };
  return { provided, values: fillFallbacks(fields, provided, change.eventAt, timeZone) };
}
