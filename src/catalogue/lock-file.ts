/**
 * The catalogue's lock file: the content hash of every published version, committed beside the definitions.
 * A published version never changes in place, because journeys already running (and any worker that looks a
 * version up later) rely on it meaning what it meant when it was signed off: a change is a new version.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CatalogueProblem, DefinitionFile } from './catalogue-files';

export const LOCK_FILE = 'catalogue.lock.json';

/** "<type>@<version>" → content hash. */
export type LockedVersions = Readonly<Record<string, string>>;

const LockDocument = z.object({
  comment: z.string().optional(),
  versions: z.record(z.string().regex(/^[a-z][a-z0-9-]*@[1-9][0-9]*$/, 'keys are <type>@<version>'), z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex digits>')),
}).strict();

export const lockKey = (file: Pick<DefinitionFile, 'document'>): string => `${file.document.type}@${file.document.version}`;

export function readLock(root: string): { ok: true; versions: LockedVersions } | { ok: false; problems: CatalogueProblem[] } {
  const path = join(root, LOCK_FILE);
  if (!existsSync(path)) return { ok: true, versions: {} };
  let json: unknown;
  try { json = JSON.parse(readFileSync(path, 'utf8')); } catch { return { ok: false, problems: [{ file: LOCK_FILE, field: '', message: 'is not valid JSON' }] }; }
  const parsed = LockDocument.safeParse(json);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => ({ file: LOCK_FILE, field: issue.path.join('.'), message: issue.message })) };
  return { ok: true, versions: parsed.data.versions };
}

/** A problem against the lock, by kind: `catalogue lock` publishes 'unpublished' versions and refuses the rest. */
export type LockProblem = CatalogueProblem & { readonly kind: 'unpublished' | 'changed' | 'removed' };

/** Problems with the definitions against the lock: a published version changed or removed, or one never published. */
export function checkLock(locked: LockedVersions, files: readonly DefinitionFile[]): LockProblem[] {
  const problems: LockProblem[] = [];
  const present = new Set<string>();
  for (const file of files) {
    const key = lockKey(file);
    present.add(key);
    const hash = locked[key];
    if (hash === undefined) {
      problems.push({ kind: 'unpublished', file: file.file, field: 'version', message: `${key} is not published: review it, then run \`npx notify-journeys catalogue lock\` and commit ${LOCK_FILE}` });
    } else if (hash !== file.hash) {
      problems.push({ kind: 'changed', file: file.file, field: 'version', message: `${key} was published with different content (${LOCK_FILE}): a published version never changes; add version ${file.document.version + 1} instead` });
    }
  }
  for (const key of Object.keys(locked)) {
    if (!present.has(key)) problems.push({ kind: 'removed', file: LOCK_FILE, field: `versions.${key}`, message: 'is published but its definition file is missing: journeys may still run on it' });
  }
  return problems;
}

/**
 * Adds every unpublished version to the lock. Never rewrites a published hash: that is the one change the lock
 * exists to stop, so a changed version makes this fail exactly as check does.
 */
export function publishNewVersions(root: string, locked: LockedVersions, files: readonly DefinitionFile[]): { added: string[]; problems: LockProblem[] } {
  const problems = checkLock(locked, files).filter((problem) => problem.kind !== 'unpublished');
  if (problems.length > 0) return { added: [], problems };
  const versions: Record<string, string> = { ...locked };
  const added: string[] = [];
  for (const file of files) {
    const key = lockKey(file);
    if (versions[key] === undefined) { versions[key] = file.hash; added.push(key); }
  }
  const sorted = Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)));
  const document = { comment: 'Content hashes of published journey versions. Written by `npx notify-journeys catalogue lock`; never edit by hand.', versions: sorted };
  writeFileSync(join(root, LOCK_FILE), `${JSON.stringify(document, null, 2)}\n`);
  return { added, problems: [] };
}
