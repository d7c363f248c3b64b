/**
 * A cohort file for `journeys start --csv`: one start request per row. Columns name the request's fields as
 * dotted paths (`patient.nhsNumber`, `personalisation.clinicName`, `patient.contactDetails.address.lines.0`);
 * an empty cell leaves the field out. The file's structure is checked here (header, known top-level fields,
 * required columns, field counts); the request itself is checked by the API, which is the one place the rules
 * live. Problems name the line and the column, never a cell's value: the file holds patient data.
 */
import { parse, CsvError } from 'csv-parse/sync';

/** The start request's top-level fields a column may fill (StartJourneyRequest v1). */
const TOP_LEVEL_FIELDS = ['journeyType', 'eventId', 'eventTime', 'patient', 'personalisation', 'originator', 'clinicalContact', 'cohort'] as const;
const REQUIRED_COLUMNS = ['eventId', 'eventTime', 'patient.nhsNumber'] as const;

export interface CohortRow {
  /** The file line the row ends on (the header is line 1), as a spreadsheet shows it. */
  readonly line: number;
  readonly request: Readonly<Record<string, unknown>>;
}

export interface RowProblem {
  readonly line: number;
  readonly problems: readonly string[];
}

export type CohortFile =
  | { readonly ok: true; readonly rows: readonly CohortRow[]; readonly invalid: readonly RowProblem[] }
  | { readonly ok: false; readonly problem: string };

/** Fills in what the command line gives for every row (--type, --cohort) unless a column sets it. */
export interface RowDefaults {
  readonly journeyType?: string;
  readonly cohort?: string;
}

type Path = readonly (string | number)[];

function pathOf(column: string): Path {
  return column.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** Sets `value` at `path`, creating objects (or arrays, for numeric segments) on the way. */
function setAt(target: Record<string, unknown>, path: Path, value: string): void {
  let node: Record<string | number, unknown> = target;
  path.forEach((segment, index) => {
    if (index === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = path[index + 1];
    node[segment] ??= typeof next === 'number' ? [] : {};
    node = node[segment] as Record<string | number, unknown>;
  });
}

function headerProblem(header: readonly string[], defaults: RowDefaults): string | undefined {
  const empty = header.findIndex((column) => column === '');
  if (empty >= 0) return `the header's column ${empty + 1} has no name`;
  const unknown = header.filter((column) => !(TOP_LEVEL_FIELDS as readonly string[]).includes(column.split('.')[0] ?? ''));
  if (unknown.length > 0) return `unknown column${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}: a column names a start request field (${TOP_LEVEL_FIELDS.join(', ')}), e.g. patient.nhsNumber, personalisation.clinicName`;
  const repeated = header.filter((column, index) => header.indexOf(column) !== index);
  if (repeated.length > 0) return `column${repeated.length === 1 ? '' : 's'} ${[...new Set(repeated)].join(', ')} appear${repeated.length === 1 ? 's' : ''} more than once`;
  const overlapping = header.filter((column) => header.some((other) => other.startsWith(`${column}.`)));
  if (overlapping.length > 0) return `column${overlapping.length === 1 ? '' : 's'} ${overlapping.join(', ')} also ha${overlapping.length === 1 ? 's' : 've'} columns for ${overlapping.length === 1 ? 'its' : 'their'} parts: give one or the other`;
  const required = defaults.journeyType === undefined ? ['journeyType', ...REQUIRED_COLUMNS] : REQUIRED_COLUMNS;
  const missing = required.filter((column) => !header.includes(column));
  if (missing.length > 0) return `missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}${missing.includes('journeyType') ? ' (or give --type)' : ''}`;
  return undefined;
}

export function readCohortCsv(text: string, defaults: RowDefaults = {}): CohortFile {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    // csv-parse's own messages may quote the offending cell: only its code and line leave here.
    if (error instanceof CsvError) return { ok: false, problem: `not a valid CSV file (${error.code}) near line ${String((error as CsvError & { lines?: number }).lines ?? '?')}` };
    throw error;
  }
  const [head, ...body] = records;
  if (head === undefined) return { ok: false, problem: 'the file is empty: it needs a header line and one line per patient' };
  const header = head.record;
  const problem = headerProblem(header, defaults);
  if (problem !== undefined) return { ok: false, problem };

  const rows: CohortRow[] = [];
  const invalid: RowProblem[] = [];
  for (const { record, info } of body) {
    if (record.length !== header.length) {
      invalid.push({ line: info.lines, problems: [`has ${record.length} fields, the header has ${header.length}`] });
      continue;
    }
    const request: Record<string, unknown> = {
      ...(defaults.journeyType === undefined ? {} : { journeyType: defaults.journeyType }),
      ...(defaults.cohort === undefined ? {} : { cohort: defaults.cohort }),
    };
    header.forEach((column, index) => {
      const cell = record[index] ?? '';
      if (cell !== '') setAt(request, pathOf(column), cell);
    });
    rows.push({ line: info.lines, request });
  }
  return { ok: true, rows, invalid };
}

/** An API field problem (`/patient/nhsNumber`, `custom`) in the file's own words: the column and what is wrong. */
export function columnProblem(pointer: string, problem: string): string {
  const column = pointer.replace(/^\//, '').split('/').join('.');
  return `${column === '' ? 'the row' : column}: ${problem}`;
}
