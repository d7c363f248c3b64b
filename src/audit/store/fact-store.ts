/**
 * Appending facts and reading them back. An append takes the partition's advisory lock for its transaction,
 * skips facts whose natural key the partition already has (a replay, retry or duplicate writes nothing), and
 * chains the rest after the partition's last row.
 */
import type pg from 'pg';
import type { FactDetail } from '../../domain/audit/journey-fact';
import { GENESIS, rowHash, type FactRow } from './chain';
import type { AuditDatabase } from './database';

export type NewFact = Omit<FactRow, 'partitionKey' | 'seq' | 'recordedAt' | 'prevHash'>;

export interface StoredFact extends FactRow {
  readonly hash: string;
}

export interface AppendResult {
  readonly written: number;
  readonly duplicates: number;
}

export async function appendFacts(db: AuditDatabase, partitionKey: string, facts: readonly NewFact[], now = Date.now()): Promise<AppendResult> {
  if (facts.length === 0) return { written: 0, duplicates: 0 };
  return db.withClient(async (client) => {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [partitionKey]);
      const head = await client.query<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM audit_fact WHERE partition_key = $1 ORDER BY seq DESC LIMIT 1', [partitionKey]);
      const known = await client.query<{ fact_key: string }>(
        'SELECT fact_key FROM audit_fact WHERE partition_key = $1 AND fact_key = ANY($2::text[])', [partitionKey, facts.map((f) => f.factKey)]);
      const seen = new Set(known.rows.map((r) => r.fact_key));
      let seq = head.rows[0]?.seq ?? 0;
      let prevHash = head.rows[0]?.hash ?? GENESIS;
      const rows: StoredFact[] = [];
      for (const fact of facts) {
        if (seen.has(fact.factKey)) continue;
        seen.add(fact.factKey);
        seq += 1;
        const row: FactRow = { ...fact, partitionKey, seq, recordedAt: now, prevHash };
        const hash = rowHash(row);
        rows.push({ ...row, hash });
        prevHash = hash;
      }
      if (rows.length > 0) await insertRows(client, rows);
      await client.query('COMMIT');
      return { written: rows.length, duplicates: facts.length - rows.length };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

const COLUMNS = ['partition_key', 'seq', 'fact_key', 'kind', 'journey_id', 'journey_type', 'patient_key', 'patient_key_id', 'occurred_at', 'recorded_at', 'detail', 'prev_hash', 'hash'];

async function insertRows(client: pg.PoolClient, rows: readonly StoredFact[]): Promise<void> {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const base = values.length;
    values.push(row.partitionKey, row.seq, row.factKey, row.kind, row.journeyId, row.journeyType, row.patientKey, row.patientKeyId,
      new Date(row.occurredAt), new Date(row.recordedAt), JSON.stringify(row.detail), row.prevHash, row.hash);
    return `(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(', ')})`;
  });
  await client.query(`INSERT INTO audit_fact (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, values);
}

interface DbRow {
  partition_key: string; seq: number; fact_key: string; kind: string; journey_id: string | null; journey_type: string | null;
  patient_key: string | null; patient_key_id: string | null; occurred_at: Date; recorded_at: Date; detail: FactDetail;
  prev_hash: string; hash: string;
}

export function fromDbRow(row: DbRow): StoredFact {
  return {
    partitionKey: row.partition_key, seq: row.seq, factKey: row.fact_key, kind: row.kind, journeyId: row.journey_id,
    journeyType: row.journey_type, patientKey: row.patient_key, patientKeyId: row.patient_key_id,
    occurredAt: row.occurred_at.getTime(), recordedAt: row.recorded_at.getTime(), detail: row.detail, prevHash: row.prev_hash, hash: row.hash,
  };
}

/** Every fact of one journey, in chain order. */
export async function journeyFactRows(db: AuditDatabase, journeyId: string): Promise<StoredFact[]> {
  const result = await db.withClient((c) => c.query<DbRow>('SELECT * FROM audit_fact WHERE partition_key = $1 ORDER BY seq', [journeyId]));
  return result.rows.map(fromDbRow);
}

export interface JourneySummaryRow {
  readonly journeyId: string;
  readonly journeyType: string | null;
  readonly startedAt: number;
}

/** The patient's journeys, newest first, after the keyset cursor (startedAt, journeyId) when given. */
export async function patientJourneyRows(
  db: AuditDatabase, patientKeys: readonly string[], page: { readonly limit: number; readonly after?: { startedAt: number; journeyId: string } },
): Promise<JourneySummaryRow[]> {
  const after = page.after;
  const result = await db.withClient((c) => c.query<{ journey_id: string; journey_type: string | null; started_at: Date }>(
    `SELECT journey_id, min(journey_type) AS journey_type, min(occurred_at) AS started_at FROM audit_fact
     WHERE patient_key = ANY($1::text[]) AND journey_id IS NOT NULL
     GROUP BY journey_id
     HAVING $2::timestamptz IS NULL OR (min(occurred_at), journey_id) < ($2::timestamptz, $3::text)
     ORDER BY started_at DESC, journey_id DESC LIMIT $4`,
    [patientKeys, after === undefined ? null : new Date(after.startedAt), after?.journeyId ?? null, page.limit]));
  return result.rows.map((r) => ({ journeyId: r.journey_id, journeyType: r.journey_type, startedAt: r.started_at.getTime() }));
}

/** Facts in (partition, seq) order from a keyset position, for the verifier and the export. */
export async function factRowsAfter(
  db: AuditDatabase, position: { partitionKey: string; seq: number } | undefined, limit: number, range?: { from?: number; to?: number },
): Promise<StoredFact[]> {
  const result = await db.withClient((c) => c.query<DbRow>(
    `SELECT * FROM audit_fact
     WHERE ($1::text IS NULL OR (partition_key, seq) > ($1::text, $2::integer))
       AND ($3::timestamptz IS NULL OR occurred_at >= $3) AND ($4::timestamptz IS NULL OR occurred_at < $4)
     ORDER BY partition_key, seq LIMIT $5`,
    [position?.partitionKey ?? null, position?.seq ?? 0, range?.from === undefined ? null : new Date(range.from),
      range?.to === undefined ? null : new Date(range.to), limit]));
  return result.rows.map(fromDbRow);
}
