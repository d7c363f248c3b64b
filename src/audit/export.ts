/**
 * Export of journey facts for the reporting team, in (journey, sequence) order, as CSV or JSON lines. The patient
 * appears only as the keyed hash (a pseudonym that joins a patient's rows without naming them), with its key id.
 * The lookup and retention logs are not part of it.
 */
import { stringify } from 'csv-stringify/sync';
import type { AuditDatabase } from './store/database';
import { factRowsAfter, type StoredFact } from './store/fact-store';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const COLUMNS = ['journeyId', 'journeyType', 'seq', 'kind', 'occurredAt', 'recordedAt', 'patientPseudonym', 'patientKeyId', 'detail', 'hash'] as const;

export interface ExportOptions {
  readonly from: number;
  readonly to: number;
  readonly format: ExportFormat;
  readonly write: (chunk: string) => void | Promise<void>;
  readonly onProgress?: (facts: number) => void;
  readonly pageSize?: number;
}

export async function exportFacts(db: AuditDatabase, options: ExportOptions): Promise<number> {
  const pageSize = options.pageSize ?? 1_000;
  if (options.format === 'csv') await options.write(stringify([[...COLUMNS]]));
  let position: { partitionKey: string; seq: number } | undefined;
  let exported = 0;
  for (;;) {
    const rows = await factRowsAfter(db, position, pageSize, { from: options.from, to: options.to });
    const journeyRows = rows.filter((row) => row.journeyId !== null).map(exportRow);
    if (journeyRows.length > 0) {
      await options.write(options.format === 'csv'
        ? stringify(journeyRows.map((row) => COLUMNS.map((column) => row[column])))
        : journeyRows.map((row) => `${JSON.stringify({ ...row, detail: JSON.parse(String(row.detail)) as unknown })}\n`).join(''));
    }
    exported += journeyRows.length;
    options.onProgress?.(exported);
    if (rows.length < pageSize) return exported;
    const last = rows[rows.length - 1]!;
    position = { partitionKey: last.partitionKey, seq: last.seq };
  }
}

function exportRow(row: StoredFact): Record<(typeof COLUMNS)[number], string | number> {
  return {
    journeyId: row.journeyId ?? '', journeyType: row.journeyType ?? '', seq: row.seq, kind: row.kind,
    occurredAt: new Date(row.occurredAt).toISOString(), recordedAt: new Date(row.recordedAt).toISOString(),
    patientPseudonym: row.patientKey ?? '', patientKeyId: row.patientKeyId ?? '', detail: JSON.stringify(row.detail), hash: row.hash,
  };
}
