/**
 * Walks every partition's chain in order and names the first broken link: a row whose hash is not the hash of
 * its content, a row that does not link to the row before it, or a gap in the sequence (a row removed).
 */
import { linkProblem, type LinkProblem } from './chain';
import type { AuditDatabase } from './database';
import { factRowsAfter } from './fact-store';

export type BrokenLink = {
  readonly partitionKey: string;
  readonly seq: number;
  readonly problem: LinkProblem;
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
      const problem = linkProblem(row, samePartition ? previous : undefined);
      if (problem !== undefined) return { partitions, facts, broken: { partitionKey: row.partitionKey, seq: row.seq, problem } };
      facts += 1;
      previous = { partitionKey: row.partitionKey, seq: row.seq, hash: row.hash };
    }
    onProgress?.(facts);
    if (rows.length < pageSize) return { partitions, facts };
    const last = rows[rows.length - 1]!;
    position = { partitionKey: last.partitionKey, seq: last.seq };
  }
}
