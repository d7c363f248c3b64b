/** Times and codes as staff read them: "Tuesday 7 April 2026 at 9:30am", in the journey's time zone. */
import { formatEventDate, formatEventTime } from '../../domain/journeys/event-wording';
import { formatNhsNumber, journeyTypeName } from '../../domain/staff/wording';
import type { JourneyEvent, PatientDetails } from '../ports';

export const CONSOLE_TIME_ZONE = 'Europe/London';

export function when(at: number, timeZone = CONSOLE_TIME_ZONE): string {
  return `${formatEventDate(at, timeZone)} at ${formatEventTime(at, timeZone)}`;
}

export { journeyTypeName };

export function eventText(event: JourneyEvent): string {
  return `${when(event.at, event.timeZone)}${event.place === undefined ? '' : `, ${event.place}`}`;
}

export function patientFields(patient: PatientDetails | undefined): { patientName?: string; nhsNumber: string } {
  if (patient === undefined) return { nhsNumber: 'not available' };
  return { nhsNumber: formatNhsNumber(patient.nhsNumber), ...(patient.name === undefined ? {} : { patientName: patient.name }) };
}

/** A summary-list row for nhsuk-frontend's macro. */
export function row(key: string, value: string): { key: { text: string }; value: { text: string } } {
  return { key: { text: key }, value: { text: value } };
}
