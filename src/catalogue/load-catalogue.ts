/**
 * Reads a catalogue directory: one YAML file per journey type and version (`<type>/v<version>.yaml`) and the
 * committed lock file of content hashes (`catalogue.lock.json`). Every file passes the one definition schema;
 * every problem names the file, the line and the field. The service loads its catalogue through here at boot
 * and `notify-journeys catalogue check` runs exactly the same checks.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { compileDefinition, type CatalogueTuning } from '../domain/catalogue/compile';
import { assembleCatalogue, type CatalogueEntry, type CatalogueSet } from '../domain/catalogue/catalogue-set';
import { contentHash } from '../domain/catalogue/content-hash';
import { JourneyDefinitionDocument } from '../domain/catalogue/definition-schema';
import { formatProblem, type CatalogueProblem, type DefinitionFile } from './catalogue-files';
import { checkLock, LOCK_FILE, readLock, type LockedVersions } from './lock-file';

/** The catalogue shipped with the project: today's five journeys, one file per version. */
export const BUILT_IN_CATALOGUE_DIR = resolve(__dirname, '../../catalogue');

export interface LoadedCatalogue extends CatalogueSet {
  readonly dir: string;
  readonly files: readonly DefinitionFile[];
  readonly lock: LockedVersions;
}

export type CatalogueLoad =
  | { readonly ok: true; readonly catalogue: LoadedCatalogue }
  | { readonly ok: false; readonly problems: readonly CatalogueProblem[] };

export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
  constructor(readonly problems: readonly CatalogueProblem[]) {
    super(`the journey catalogue is invalid:\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`);
  }
}

interface ParsedFile {
  readonly file: string;
  readonly yaml: Document;
  readonly lines: LineCounter;
}

/**
 * Reads, validates and assembles the catalogue in `dir`, checking it against its lock file.
 * `lock: 'ignore'` is only for `catalogue lock`, which is about to write the lock.
 */
export function readCatalogue(dir: string, tuning: CatalogueTuning = {}, options: { lock?: 'check' | 'ignore' } = {}): CatalogueLoad {
  const root = resolve(dir);
  if (!existsSync(root)) return { ok: false, problems: [{ file: dir, field: '', message: 'no such catalogue directory' }] };
  const problems: CatalogueProblem[] = [];
  const files: DefinitionFile[] = [];
  const entries: CatalogueEntry[] = [];
  const parsed = new Map<string, ParsedFile>();
  for (const file of definitionFiles(root)) {
    const result = readDefinition(root, file);
    problems.push(...result.problems);
    if (result.parsed !== undefined) parsed.set(file, result.parsed);
    if (result.document === undefined) continue;
    files.push({ file, document: result.document, hash: contentHash(result.document) });
    entries.push({ source: file, definition: compileDefinition(result.document, tuning) });
  }
  if (files.length === 0 && problems.length === 0) problems.push({ file: dir, field: '', message: 'has no journey definitions (<type>/v<version>.yaml)' });
  const { set, problems: setProblems } = assembleCatalogue(entries);
  for (const problem of setProblems) problems.push(located(parsed.get(problem.source), problem.source, problem.path, problem.message));
  const lock = readLock(root);
  if (!lock.ok) problems.push(...lock.problems);
  else if (options.lock !== 'ignore') {
    // A published version whose file is there but invalid is reported by its file's problems, not as removed.
    const unreadable = new Set([...parsed.keys()].filter((file) => !files.some((read) => read.file === file)));
    for (const problem of checkLock(lock.versions, files)) {
      if (problem.kind === 'removed' && unreadable.has(fileFor(problem.field))) continue;
      problems.push(problem.file === LOCK_FILE ? problem : located(parsed.get(problem.file), problem.file, ['version'], problem.message));
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, catalogue: { ...set, dir: root, files, lock: lock.ok ? lock.versions : {} } };
}

/** As readCatalogue, for boot: a broken catalogue stops the service with every problem listed. */
export function loadCatalogue(dir: string, tuning: CatalogueTuning = {}): LoadedCatalogue {
  const result = readCatalogue(dir, tuning);
  if (!result.ok) throw new CatalogueError(result.problems);
  return result.catalogue;
}

/** "versions.<type>@<version>" → the file that version must live in. */
function fileFor(lockField: string): string {
  const [type, version] = lockField.replace(/^versions\./, '').split('@');
  return `${type ?? ''}/v${version ?? ''}.yaml`;
}

function definitionFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.ya?ml$/.test(path))
    .map((path) => relative(root, join(root, path)).split('\\').join('/'))
    .sort();
}

function readDefinition(root: string, file: string): { parsed?: ParsedFile; document?: JourneyDefinitionDocument; problems: CatalogueProblem[] } {
  const lines = new LineCounter();
  const yaml = parseDocument(readFileSync(join(root, file), 'utf8'), { lineCounter: lines, prettyErrors: false });
  const parsed = { file, yaml, lines };
  if (yaml.errors.length > 0) {
    return { parsed, problems: yaml.errors.map((error) => ({ file, line: lines.linePos(error.pos[0]).line, field: '', message: `is not valid YAML: ${firstLine(error.message)}` })) };
  }
  const result = JourneyDefinitionDocument.safeParse(yaml.toJS());
  if (!result.success) {
    return { parsed, problems: result.error.issues.map((issue) => located(parsed, file, issue.path as (string | number)[], issue.message)) };
  }
  const expected = `${result.data.type}/v${result.data.version}.yaml`;
  if (file !== expected && file !== expected.replace(/\.yaml$/, '.yml')) {
    return { parsed, problems: [located(parsed, file, ['version'], `type and version say this file should be ${expected}`)] };
  }
  return { parsed, document: result.data, problems: [] };
}

/** The problem at the deepest node of `path` that exists in the file (a missing field points at its parent). */
function located(parsed: ParsedFile | undefined, file: string, path: readonly (string | number)[], message: string): CatalogueProblem {
  const field = path.join('.');
  if (parsed === undefined) return { file, field, message };
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? parsed.yaml.contents : parsed.yaml.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      return { file, line: parsed.lines.linePos(node.range[0]).line, field, message };
    }
  }
  return { file, field, message };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
