/**
 * Facts the store could not take yet, kept durably on the worker's disk (one file per batch, written whole by
 * rename) until the drainer writes them. They are already in stored form: the patient is an HMAC, so the
 * backlog holds no patient data either.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NewFact } from './store/fact-store';

export interface BacklogEntry {
  readonly file: string;
  readonly partitionKey: string;
  readonly facts: readonly NewFact[];
}

export interface FactBacklog {
  put(partitionKey: string, facts: readonly NewFact[]): void;
  /** Oldest first. */
  entries(): BacklogEntry[];
  remove(entry: BacklogEntry): void;
  /** Sets aside a batch the store refuses as data (`rejected/`, kept for a person to look at). */
  quarantine(entry: BacklogEntry): void;
  /** Facts waiting (for the backlog gauge). */
  size(): number;
}

export function createFileBacklog(dir: string): FactBacklog {
  mkdirSync(dir, { recursive: true });
  let counted: number | undefined;
  const files = () => readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  const read = (file: string): BacklogEntry => {
    const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { partitionKey: string; facts: NewFact[] };
    return { file, partitionKey: parsed.partitionKey, facts: parsed.facts };
  };
  return {
    put(partitionKey, facts) {
      // Time-ordered names keep the drain in the order the facts came.
      const name = `${Date.now().toString().padStart(15, '0')}-${randomUUID()}.json`;
      const temp = join(dir, `${name}.tmp`);
      writeFileSync(temp, JSON.stringify({ partitionKey, facts }));
      renameSync(temp, join(dir, name));
      counted = (counted ?? 0) + facts.length;
    },
    entries: () => files().map(read),
    remove(entry) {
      rmSync(join(dir, entry.file), { force: true });
      if (counted !== undefined) counted = Math.max(0, counted - entry.facts.length);
    },
    quarantine(entry) {
      mkdirSync(join(dir, 'rejected'), { recursive: true });
      renameSync(join(dir, entry.file), join(dir, 'rejected', entry.file));
      if (counted !== undefined) counted = Math.max(0, counted - entry.facts.length);
    },
    size() {
      counted ??= files().reduce((sum, file) => sum + read(file).facts.length, 0);
      return counted;
    },
  };
}
