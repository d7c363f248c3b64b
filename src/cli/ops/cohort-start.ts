/**
 * Starting a CSV file as one cohort (`journeys start --csv … --cohort <tag> --in-batches`): every row's first
 * step goes out in NHS Notify message batches (POST /v1/cohorts), each patient followed up on their own. A
 * cohort is all or nothing, so a file with any problem starts nothing: the problems come back by line and
 * column (the API names the row, `/patients/<i>/…`; the file's line is found from it), never a cell's value.
 * The cohort tag is the cohort's reference: the same file again answers with the same cohort.
 */
import type { CohortView } from '../../contracts/ports';
import type { CohortRow, RowProblem } from './cohort-csv';
import { columnProblem } from './cohort-csv';
import { ApiError, type JourneysApi } from './journeys-api';

export type CohortFileStart =
  | { readonly outcome: 'started' | 'duplicate'; readonly cohort: CohortView }
  | { readonly outcome: 'invalid'; readonly problems: readonly RowProblem[] }
  | { readonly outcome: 'conflict'; readonly problem: string };

const ROW_POINTER = /^\/patients\/(\d+)(\/.*)?$/;

/** The API's field problems, by the file's line and column. */
function byLine(rows: readonly CohortRow[], details: readonly { pointer: string; problem: string }[]): RowProblem[] {
  const lines = new Map<number, string[]>();
  for (const detail of details) {
    const match = ROW_POINTER.exec(detail.pointer);
    const row = match === null ? undefined : rows[Number(match[1])];
    const line = row?.line ?? 1;
    const problem = match === null ? columnProblem('', `${detail.pointer === '' ? '' : `${detail.pointer.slice(1)} `}${detail.problem}`) : columnProblem(match[2] ?? '', detail.problem);
    lines.set(line, [...(lines.get(line) ?? []), problem]);
  }
  return [...lines.entries()].sort(([a], [b]) => a - b).map(([line, problems]) => ({ line, problems }));
}

export async function startCohortFile(api: JourneysApi, rows: readonly CohortRow[], invalid: readonly RowProblem[], cohort: string): Promise<CohortFileStart> {
  if (invalid.length > 0) return { outcome: 'invalid', problems: invalid };
  const types = new Set(rows.map((row) => row.request.journeyType));
  if (types.size !== 1) return { outcome: 'invalid', problems: [{ line: 1, problems: ['a cohort has one journey type: give --type, or the same journeyType on every row'] }] };
  const patients = rows.map(({ request }) => {
    const { journeyType: _type, cohort: _tag, ...patient } = request;
    return patient;
  });
  try {
    const answer = await api.startCohort({ reference: cohort, journeyType: [...types][0], cohort, patients });
    return { outcome: answer.created ? 'started' : 'duplicate', cohort: answer.cohort };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 400) return { outcome: 'invalid', problems: byLine(rows, error.details.length > 0 ? error.details : [{ pointer: '', problem: error.reason ?? 'invalid' }]) };
    if (error.status === 422) return { outcome: 'conflict', problem: `cohort ${cohort} was started before from a different file: give the changed file another --cohort` };
    throw error;
  }
}
