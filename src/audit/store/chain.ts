/**
 * The tamper evidence: each row's hash is SHA-256 over the canonical JSON of its content and the previous row's
 * hash in the same partition, so changing, removing or reordering any row breaks every hash after it.
 * The first row of a partition links to GENESIS.
 */
import { canonicalJson } from '../../domain/hashing/canonical-json';
import { sha256Hex } from '../../domain/hashing/digest';
import type { FactDetail } from '../../domain/audit/journey-fact';

export const GENESIS = '0'.repeat(64);

export interface FactRow {
  readonly partitionKey: string;
  readonly seq: number;
  readonly factKey: string;
  readonly kind: string;
  readonly journeyId: string | null;
  readonly journeyType: string | null;
  readonly patientKey: string | null;
  readonly patientKeyId: string | null;
  /** ms since the epoch */
  readonly occurredAt: number;
  readonly recordedAt: number;
  readonly detail: FactDetail;
  readonly prevHash: string;
}

export function rowHash(row: FactRow): string {
  return sha256Hex(canonicalJson({
    partitionKey: row.partitionKey, seq: row.seq, factKey: row.factKey, kind: row.kind, journeyId: row.journeyId,
    journeyType: row.journeyType, patientKey: row.patientKey, patientKeyId: row.patientKeyId,
    occurredAt: row.occurredAt, recordedAt: row.recordedAt, detail: row.detail, prevHash: row.prevHash,
  }));
}

export type LinkProblem = 'content-changed' | 'wrong-previous-hash' | 'sequence-gap';

/** What is wrong with `row` as the successor of `previous` in its partition (undefined: the link holds). */
export function linkProblem(row: FactRow & { readonly hash: string }, previous: { readonly seq: number; readonly hash: string } | undefined): LinkProblem | undefined {
  if (row.seq !== (previous?.seq ?? 0) + 1) return 'sequence-gap';
  if (row.prevHash !== (previous?.hash ?? GENESIS)) return 'wrong-previous-hash';
  if (rowHash(row) !== row.hash) return 'content-changed';
  return undefined;
}
