/**
 * The `npx notify-journeys …` command lines in docs/runbooks, as the unit test parses them against the CLI's
 * tree and the integration test runs them against a service: one reader, so both check the same list.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const RUNBOOKS_DIR = resolve(__dirname, '../../docs/runbooks');

export function commandsIn(markdown: string): string[] {
  return [...markdown.matchAll(/npx notify-journeys ([^`\n]+)/g)].map((m) => m[1]!.replace(/\s+#.*$/, '').trim()).filter((line) => !line.startsWith('…'));
}

/** Shell-like split: quoted arguments stay whole. */
export function argvOf(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

export function runbookFiles(): string[] {
  return readdirSync(RUNBOOKS_DIR).filter((f) => f.endsWith('.md')).sort();
}

/** Every runbook's commands, runbook by runbook (alphabetical), each in the order it is written. */
export function runbookCommands(): { file: string; line: string }[] {
  return runbookFiles().flatMap((file) => commandsIn(readFileSync(join(RUNBOOKS_DIR, file), 'utf8')).map((line) => ({ file, line })));
}
