/**
 * The communications record as a service, for every caller in the process: the HTTP API, the staff console and
 * the CLI. A patient lookup takes the NHS number, who is asking and why; it is itself recorded (who, when, why,
 * which journeys it returned) in the `access` partition before the answer is returned. A journey's record is
 * there whether or not Temporal still has the journey.
 */
import { randomUUID } from 'node:crypto';
import { isValidNhsNumber } from '../domain/nhs-number';
import type { FactDetail } from '../domain/audit/journey-fact';
import { patientKeyOf, patientKeysForLookup, type PatientKeyRing } from './patient-key';
import type { AuditDatabase } from './store/database';
import { appendFacts, journeyFactRows, patientJourneyRows, type StoredFact } from './store/fact-store';
import { linkProblem } from './store/chain';

export const ACCESS_PARTITION = 'access';

export interface Principal {
  /** The API key id or token subject: never a person's name. */
  readonly id: string;
  readonly role: string;
}

export interface RecordedFact {
  readonly seq: number;
  readonly kind: string;
  readonly at: string;
  readonly recordedAt: string;
  readonly detail: FactDetail;
  readonly hash: string;
}

export interface JourneyRecord {
  readonly journeyId: string;
  readonly journeyType: string | null;
  /** True when every link of this journey's chain holds. */
  readonly chainIntact: boolean;
  readonly facts: readonly RecordedFact[];
}

export interface PatientCommunications {
  /** Newest journey first. */
  readonly journeys: readonly JourneyRecord[];
  /** Pass back as `pageToken` for the next page; absent on the last page. */
  readonly nextPageToken?: string;
}

export interface PatientLookup {
  readonly nhsNumber: string;
  readonly reason: string;
  readonly principal: Principal;
  readonly pageSize?: number;
  readonly pageToken?: string;
}

export class LookupError extends Error {
  override readonly name = 'LookupError';
  constructor(readonly code: 'INVALID_NHS_NUMBER' | 'REASON_REQUIRED' | 'INVALID_PAGE_TOKEN', message: string) {
    super(message);
  }
}

export interface CommunicationsRecord {
  lookupPatient(lookup: PatientLookup): Promise<PatientCommunications>;
  /** Undefined when the record has no fact of this journey. */
  journeyRecord(journeyId: string, principal: Principal): Promise<JourneyRecord | undefined>;
}

export const MAX_PAGE_SIZE = 50;

export function createCommunicationsRecord(db: AuditDatabase, keys: PatientKeyRing, clock: () => number = Date.now): CommunicationsRecord {
  const access = (kind: string, detail: FactDetail, patient?: string) => {
    const key = patient === undefined ? undefined : patientKeyOf(keys, patient);
    return appendFacts(db, ACCESS_PARTITION, [{
      factKey: `${kind}:${randomUUID()}`, kind, journeyId: null, journeyType: null,
      patientKey: key?.value ?? null, patientKeyId: key?.keyId ?? null, occurredAt: clock(), detail,
    }]);
  };
  return {
    async lookupPatient(lookup) {
      const nhsNumber = lookup.nhsNumber.replace(/\s+/g, '');
      if (!isValidNhsNumber(nhsNumber)) throw new LookupError('INVALID_NHS_NUMBER', 'nhsNumber must be a valid 10-digit NHS number');
      const reason = lookup.reason.trim();
      if (reason.length < 3) throw new LookupError('REASON_REQUIRED', 'reason is required: why is this record being looked at?');
      const limit = Math.min(Math.max(lookup.pageSize ?? 20, 1), MAX_PAGE_SIZE);
      const after = lookup.pageToken === undefined ? undefined : decodePageToken(lookup.pageToken);
      const summaries = await patientJourneyRows(db, patientKeysForLookup(keys, nhsNumber).map((k) => k.value), { limit: limit + 1, ...(after === undefined ? {} : { after }) });
      const page = summaries.slice(0, limit);
      const journeys = await Promise.all(page.map(async (s) => toRecord(s.journeyId, await journeyFactRows(db, s.journeyId))));
      await access('patient-lookup', {
        principalId: lookup.principal.id, role: lookup.principal.role, reason,
        returnedJourneys: journeys.map((j) => j.journeyId), returnedFacts: journeys.reduce((n, j) => n + j.facts.length, 0),
      }, nhsNumber);
      const last = page[page.length - 1];
      return { journeys, ...(summaries.length > limit && last !== undefined ? { nextPageToken: encodePageToken(last.startedAt, last.journeyId) } : {}) };
    },
    async journeyRecord(journeyId, principal) {
      const rows = await journeyFactRows(db, journeyId);
      await access('journey-record-read', { principalId: principal.id, role: principal.role, journeyId, returnedFacts: rows.length });
      return rows.length === 0 ? undefined : toRecord(journeyId, rows);
    },
  };
}

function toRecord(journeyId: string, rows: readonly StoredFact[]): JourneyRecord {
  const intact = rows.every((row, i) => linkProblem(row, rows[i - 1]) === undefined);
  return {
    journeyId, journeyType: rows[0]?.journeyType ?? null, chainIntact: intact,
    facts: rows.map((row) => ({ seq: row.seq, kind: row.kind, at: new Date(row.occurredAt).toISOString(), recordedAt: new Date(row.recordedAt).toISOString(), detail: row.detail, hash: row.hash })),
  };
}

function encodePageToken(startedAt: number, journeyId: string): string {
  return Buffer.from(JSON.stringify([startedAt, journeyId])).toString('base64url');
}

function decodePageToken(token: string): { startedAt: number; journeyId: string } {
  try {
    const [startedAt, journeyId] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof startedAt === 'number' && typeof journeyId === 'string') return { startedAt, journeyId };
  } catch {
    // fall through
  }
  throw new LookupError('INVALID_PAGE_TOKEN', 'pageToken is not one this API returned');
}
