/**
 * The catalogue IDs the test suite actually carries: the leading `ID:` or `ID/ID:` of every `describe(`,
 * `it(` or `test(` title in test/**\/*.test.ts (plain, template or double-quoted strings, `.each` included).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TITLE = /\b(?:describe|it|test)(?:\.(?:each\([^)]*\)|only|skip|concurrent))?\(\s*['"`]((?:[A-Z]\d+\/)*[A-Z]\d+)[:/]/g;

export function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** IDs named at the start of a title in this source text. */
export function idsInSource(source: string): Set<string> {
  const ids = new Set<string>();
  for (const match of source.matchAll(TITLE)) for (const id of (match[1] ?? '').split('/')) ids.add(id);
  return ids;
}

export function testIdsUnder(dir: string): Set<string> {
  const ids = new Set<string>();
  for (const file of testFiles(dir)) for (const id of idsInSource(readFileSync(file, 'utf8'))) ids.add(id);
  return ids;
}

/**
 * Titles that begin with something shaped like a catalogue ID but not in the `ID:` form (`R12 property: …`,
 * `R9 (gateway half): …`): the release evidence and the hazard log check would not count them.
 */
const MISSHAPEN = /\b(?:describe|it|test)(?:\.(?:each\([^)]*\)|only|skip|concurrent))?\(\s*['"`]((?:[A-Z]\d+\/)*[A-Z]\d+)(?![:/\d])[^'"`]*/g;

export function misshapenIdTitlesUnder(dir: string): string[] {
  return testFiles(dir).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(MISSHAPEN)].map((m) => m[0].replace(/^[^'"`]*['"`]/, '')));
}
