/**
 * The cohort file's structure check: rows become start requests by their dotted column names; problems name
 * the line and column, never a cell's value (the file holds patient data).
 */
import { describe, expect, it } from 'vitest';
import { columnProblem, readCohortCsv } from '../../../src/cli/ops/cohort-csv';

const SECRET = '9990000018';

describe('readCohortCsv', () => {
  it('maps dotted columns to a start request (nested objects, array indexes), leaves empty cells out and numbers lines as a spreadsheet does', () => {
    const file = readCohortCsv([
      'eventId,eventTime,patient.nhsNumber,personalisation.clinicName,patient.contactDetails.address.lines.0,patient.contactDetails.address.lines.1',
      `a-1,2027-01-01T09:00:00Z,${SECRET},Canary Clinic,1 High St,Leeds`,
      '',
      'a-2,2027-01-01T10:00:00Z,9990000026,,,',
    ].join('\n'), { journeyType: 'appointment-reminder', cohort: 'flu-2026' });
    expect(file).toEqual({
      ok: true, invalid: [],
      rows: [
        { line: 2, request: { journeyType: 'appointment-reminder', cohort: 'flu-2026', eventId: 'a-1', eventTime: '2027-01-01T09:00:00Z',
          patient: { nhsNumber: SECRET, contactDetails: { address: { lines: ['1 High St', 'Leeds'] } } }, personalisation: { clinicName: 'Canary Clinic' } } },
        { line: 4, request: { journeyType: 'appointment-reminder', cohort: 'flu-2026', eventId: 'a-2', eventTime: '2027-01-01T10:00:00Z', patient: { nhsNumber: '9990000026' } } },
      ],
    });
  });

  it('a row with the wrong number of fields is invalid by line; the rest still go', () => {
    const file = readCohortCsv(`journeyType,eventId,eventTime,patient.nhsNumber\nappointment-reminder,a-1,2027-01-01T09:00:00Z,${SECRET},extra\nappointment-reminder,a-2,2027-01-01T09:00:00Z,${SECRET}\n`);
    if (!file.ok) throw new Error(file.problem);
    expect(file.invalid).toEqual([{ line: 2, problems: ['has 5 fields, the header has 4'] }]);
    expect(file.rows.map((r) => r.line)).toEqual([3]);
  });

  it.each([
    ['', 'the file is empty'],
    ['eventId,eventTime,nhsNumber\n', 'unknown column nhsNumber'],
    ['eventId,eventTime,patient.nhsNumber\n', 'missing column journeyType (or give --type)'],
    ['journeyType,eventId,eventTime\n', 'missing column patient.nhsNumber'],
    ['journeyType,eventId,eventId,eventTime,patient.nhsNumber\n', 'column eventId appears more than once'],
    ['journeyType,eventId,eventTime,patient,patient.nhsNumber\n', 'column patient also has columns for its parts'],
    [`journeyType,eventId,eventTime,patient.nhsNumber\nx,"a-1,${SECRET}"z,t,n\n`, 'not a valid CSV file'],
  ])('refuses a file whose structure is wrong, without quoting a cell: %j', (text, problem) => {
    const file = readCohortCsv(text);
    expect(file.ok).toBe(false);
    if (file.ok) return;
    expect(file.problem).toContain(problem);
    expect(file.problem).not.toContain(SECRET);
  });

  it('an API field problem reads as the column', () => {
    expect(columnProblem('/patient/nhsNumber', 'must be 10 digits')).toBe('patient.nhsNumber: must be 10 digits');
    expect(columnProblem('', 'invalid')).toBe('the row: invalid');
  });
});
