/**
 * StartCohortRequest v1: many patients' journeys of one type and version, started as one cohort whose first
 * step goes out in NHS Notify message batches. Each patient is checked exactly as a single start is
 * (parseStartJourneyRequest, with the cohort's journey type and tag), and every problem names its row
 * (`patients[12].patient.nhsNumber`). A cohort is all or nothing: one bad row and nothing starts, so a fixed
 * file sent again under the same reference is the same cohort, not a second one.
 */
import { z } from 'zod';
import type { ParseResult, Problem } from '../../../errors';
import { findJourney } from '../../../journeys/catalogue';
import type { JourneyCatalogue } from '../../../journeys/types';
import { problemsFrom } from '../../../validation';
import { parseStartJourneyRequest, StartJourneyRequest, type ValidStartJourneyRequest } from './start-journey.request';

/** The caller's own name for the cohort (its idempotency key, with the journey type). A label, never patient data. */
export const CohortReference = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be 1 to 128 characters of A-Z, a-z, 0-9, . _ : - (starting with a letter or digit)');

/** One patient of a cohort: a start request without the fields the cohort sets for everyone. */
export const CohortPatient = StartJourneyRequest.omit({ journeyType: true, cohort: true });

/** The wire shape (documents the request; each patient is then checked as a single start). */
export function startCohortRequest(maxPatients: number) {
  return z.object({
    reference: CohortReference,
    journeyType: StartJourneyRequest.shape.journeyType,
    /** The catalogue version the caller expects; omitted: the current one. */
    journeyVersion: z.number().int().positive().optional(),
    /** Tags every patient's journey, so ops can pause, dry-run or cancel the cohort together. */
    cohort: StartJourneyRequest.shape.cohort,
    patients: z.array(CohortPatient).min(1).max(maxPatients),
  }).strict();
}

/** Checked once per cohort, before any patient: the patients array is checked row by row below. */
function envelope(maxPatients: number) {
  return startCohortRequest(maxPatients).extend({ patients: z.array(z.unknown()).min(1).max(maxPatients) });
}

export interface ValidCohortPatient {
  /** The patient's start request as a single start would have received it (the cohort's journey type and tag set). */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly valid: ValidStartJourneyRequest;
}

export interface ValidStartCohortRequest {
  readonly reference: string;
  readonly journeyType: string;
  readonly journeyVersion: number;
  readonly cohort?: string;
  readonly patients: readonly ValidCohortPatient[];
}

/** Problems reported per request at most: enough to fix a file, not a copy of it. */
const MAX_PROBLEMS = 100;

export function parseStartCohortRequest(input: unknown, catalogue: JourneyCatalogue, maxPatients: number): ParseResult<ValidStartCohortRequest> {
  const parsed = envelope(maxPatients).safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, code: 'INVALID_JOURNEY_REQUEST', problems: problemsFrom(parsed.error.issues) };
  const { reference, journeyType, journeyVersion, cohort, patients } = parsed.data;
  const journey = findJourney(catalogue, journeyType);
  if (journey === undefined) return { ok: false, code: 'UNKNOWN_JOURNEY_TYPE', problems: [{ path: 'journeyType', message: 'is not a known journey type' }] };
  if (journeyVersion !== undefined && journeyVersion !== journey.version) {
    return { ok: false, code: 'INVALID_JOURNEY_REQUEST', problems: [{ path: 'journeyVersion', message: `is not the current version of this journey (${journey.version})` }] };
  }
  const problems: Problem[] = [];
  const valid: ValidCohortPatient[] = [];
  patients.forEach((patient, row) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const at = (path: string) => `patients[${row}]${path === '' ? '' : `.${path}`}`;
    if (typeof patient !== 'object' || patient === null || Array.isArray(patient)) {
      problems.push({ path: at(''), message: 'must be an object' });
      return;
    }
    const own = ['journeyType', 'cohort'].filter((field) => Object.hasOwn(patient, field));
    if (own.length > 0) {
      problems.push(...own.map((field) => ({ path: at(field), message: 'is set once for the whole cohort, not per patient' })));
      return;
    }
    const raw = { ...patient, journeyType, ...(cohort === undefined ? {} : { cohort }) };
    const result = parseStartJourneyRequest(raw, catalogue);
    if (result.ok) valid.push({ raw, valid: result.value });
    else problems.push(...result.problems.map((problem) => ({ path: at(problem.path), message: problem.message })));
  });
  if (problems.length > 0) return { ok: false, code: 'INVALID_JOURNEY_REQUEST', problems: problems.slice(0, MAX_PROBLEMS) };
  return { ok: true, value: { reference, journeyType: journey.type, journeyVersion: journey.version, ...(cohort === undefined ? {} : { cohort }), patients: valid } };
}
