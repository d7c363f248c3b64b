/**
 * Walks every partition's chain in order and names the first broken link: a row whose hash is not the hash of
 * its content, a row that does not link to the row before it, or a gap in the sequence (a row removed).
 */
import { GENESIS, rowHash } from './chain';
import type { AuditDatabase } from './database';
import { factRowsAfter } from './fact-store';

export type BrokenLink = {
  readonly partitionKey: string;
  readonly seq: number;
  readonly problem: 'content-changed' | 'wrong-previous-hash' | 'sequence-gap';
};

export interface VerifyResult {
  readonly partitions: number;
  readonly facts: number;
  readonly broken?: BrokenLink;
}

export async function verifyChains(db: AuditDatabase, onProgress?: (facts: number) => void, pageSize = 1_000): Promise<VerifyResult> {
  let position: { partitionKey: string; seq: number } | undefined;
  let previous: { partitionKey: string; seq: number; hash: string } | undefined;
  let partitions = 0;
  let facts = 0;
  for (;;) {
    const rows = await factRowsAfter(db, position, pageSize);
    for (const row of rows) {
      const samePartition = previous?.partitionKey === row.partitionKey;
      if (!samePartition) partitions += 1;
      const expectedSeq = samePartition ? previous!.seq + 1 : 1;
      const expectedPrev = samePartition ? previous!.hash : GENESIS;
      const at = { partitionKey: row.partitionKey, seq: row.seq };
      if (row.seq !== expectedSeq) return { partitions, facts, broken: { ...at, problem: 'sequence-gap' } };
      if (row.prevHash !== expectedPrev) return { partitions, facts, broken: { ...at, problem: 'wrong-previous-hash' } };
      if (rowHash(row) !== row.hash) return { partitions, facts, broken: { ...at, problem: 'content-changed' } };
      facts += 1;
      previous = { partitionKey: row.partitionKey, seq: row.seq, hash: row.hash };
    }
    onProgress?.(facts);
    if (rows.length < pageSize) return { partitions, facts };
    const last = rows[rows.length - 1]!;
    position = { partitionKey: last.partitionKey, seq: last.seq };
  }
}
