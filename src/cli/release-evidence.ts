/**
 * Release evidence (reliability catalogue C5): turns one CI test run into a machine-readable report for the
 * Clinical Safety Case Report. `.ci/run` calls it after both suites (`npm test` and `npm run test:cluster`),
 * naming each suite's JSON report and captured output (both options repeat):
 *
 *   tsx src/cli/release-evidence.ts --vitest-json <vitest json> --log <captured test output> [...] --out-dir reports
 *
 * The report maps each catalogue ID (the `R1:` / `S10/P6:` prefix of a test title) to its tests and whether
 * they passed, and keeps the seeds the property and fuzz tests printed (`seed=<n>`) and the ledger checks the
 * chaos tests printed (`<scenario>: {json}`), so a failing case can be replayed and the exactly-once figures
 * read. IDs listed in docs/reliability.md that no test carries are reported as `uncovered`. docs/safety/README.md
 * says how a release's report is kept.
 *
 * R15 is a run, not a test: `npm run soak -- --minutes 60` writes `soak-<commit>-<time>.json`, and each such file
 * named with `--soak <file>` (repeats) becomes R15's evidence: passed with no stuck journey, no duplicate and no
 * failed start over at least an hour, on this very commit; failed otherwise; a shorter run or another commit's
 * counts as not run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, stripVTControlCharacters } from 'node:util';
import { z } from 'zod';

interface VitestAssertion { readonly title: string; readonly fullName: string; readonly status: string; readonly duration?: number | null }
interface VitestFile { readonly name: string; readonly assertionResults: readonly VitestAssertion[] }
interface VitestReport { readonly numTotalTests: number; readonly numPassedTests: number; readonly numFailedTests: number; readonly testResults: readonly VitestFile[] }

/** failed: a test of the ID failed; not-run: none failed but one was skipped (no evidence); passed: all passed. */
export type Verdict = 'passed' | 'failed' | 'not-run';

export interface CatalogueEntry {
  readonly verdict: Verdict;
  readonly tests: readonly { readonly title: string; readonly file: string; readonly status: string }[];
}

function verdictOf(statuses: readonly string[]): Verdict {
  if (statuses.some((status) => status === 'failed')) return 'failed';
  return statuses.every((status) => status === 'passed') ? 'passed' : 'not-run';
}

export interface ReleaseEvidence {
  readonly kind: 'notify-journeys/release-evidence/v1';
  readonly commit: string | undefined;
  readonly createdAt: string;
  readonly node: string;
  readonly totals: { readonly tests: number; readonly passed: number; readonly failed: number };
  readonly catalogue: Readonly<Record<string, CatalogueEntry>>;
  /** Catalogue IDs in docs/reliability.md that no test title carries (empty when that file is absent). */
  readonly uncovered: readonly string[];
  readonly seeds: readonly string[];
  readonly ledgerChecks: readonly Record<string, unknown>[];
  /** The soak runs (R15) read, with the file each came from. */
  readonly soaks: readonly (SoakSummary & { readonly file: string })[];
}

/** What `bench/soak.ts` writes: the figures of one soak run (R15). */
const percentiles = z.object({ p50: z.number().optional(), p99: z.number().optional() });
export const soakSummarySchema = z.object({
  commit: z.string().optional(), finishedAt: z.string(), minutes: z.number(), perMinute: z.number(), deadlineSeconds: z.number(),
  started: z.number().int(), failedStarts: z.number().int(), retriedStarts: z.number().int().optional(), completed: z.number().int(), stuck: z.number().int(), duplicates: z.number().int(),
  throughputPerMinute: z.number(), toTerminalSeconds: percentiles, toRequestSeconds: percentiles,
  rssMiB: z.object({ first: z.number().optional(), last: z.number().optional(), slopePerMinute: z.number(), samples: z.number().int() }),
});
export type SoakSummary = z.infer<typeof soakSummarySchema>;

/** The catalogue's soak is an hour long (docs/reliability.md, R15). */
const SOAK_MINUTES = 60;

function soakStatus(soak: SoakSummary, commit: string | undefined): string {
  if (commit === undefined || soak.commit !== commit || soak.minutes < SOAK_MINUTES) return 'skipped';
  return soak.stuck === 0 && soak.duplicates === 0 && soak.failedStarts === 0 && soak.completed === soak.started ? 'passed' : 'failed';
}

const TITLE_IDS = /^((?:[A-Z]\d+\/)*[A-Z]\d+):/;
const CHAOS_LINE = /^(engine-kills|temporal-restarts|partition|temporal-down-callbacks): (\{.*\})\s*$/;

export function catalogueIdsOf(title: string): string[] {
  return TITLE_IDS.exec(title)?.[1]?.split('/') ?? [];
}

/** IDs in the first column of the catalogue's tables (`| R1 | C | …`). */
export function catalogueIdsInDoc(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(/^\|\s*([A-Z]\d+)\s*\|/gm)].map((m) => m[1]!))];
}

export function buildEvidence(vitest: VitestReport, log: string, reliabilityDoc: string | undefined, commit: string | undefined, root = '',
  soaks: readonly (SoakSummary & { readonly file: string })[] = []): ReleaseEvidence {
  const found: Record<string, { title: string; file: string; status: string }[]> = {};
  for (const soak of soaks) {
    (found.R15 ??= []).push({ title: `R15: soak ${soak.minutes} min at ${soak.perMinute} journeys/min`, file: soak.file, status: soakStatus(soak, commit) });
  }
  for (const file of vitest.testResults) {
    for (const test of file.assertionResults) {
      for (const id of catalogueIdsOf(test.title)) {
        (found[id] ??= []).push({ title: test.title, file: file.name.startsWith(root) ? file.name.slice(root.length).replace(/^\//, '') : file.name, status: test.status });
      }
    }
  }
  // The captured output carries the reporter's colour codes; a line is read as the text a person sees.
  const lines = stripVTControlCharacters(log).split('\n');
  const seeds = [...new Set(lines.filter((l) => /\bseed=\d+/.test(l)).map((l) => l.trim()))];
  const ledgerChecks = lines.flatMap((line) => {
    const match = CHAOS_LINE.exec(line.trim());
    if (match === null) return [];
    try { return [JSON.parse(match[2]!) as Record<string, unknown>]; } catch { return []; }
  });
  const documented = reliabilityDoc === undefined ? [] : catalogueIdsInDoc(reliabilityDoc);
  return {
    kind: 'notify-journeys/release-evidence/v1', commit, createdAt: new Date().toISOString(), node: process.version,
    totals: { tests: vitest.numTotalTests, passed: vitest.numPassedTests, failed: vitest.numFailedTests },
    catalogue: Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([id, tests]) => [id, { verdict: verdictOf(tests.map((t) => t.status)), tests }])),
    uncovered: documented.filter((id) => found[id] === undefined), seeds, ledgerChecks, soaks,
  };
}

/** The commit checked out here, if this is a git clone. */
export function gitCommit(): string | undefined {
  try { return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(); } catch { return undefined; }
}

/** Several suites' reports as one run: their files side by side, their totals added. */
export function combineReports(reports: readonly VitestReport[]): VitestReport {
  return {
    numTotalTests: reports.reduce((sum, r) => sum + r.numTotalTests, 0),
    numPassedTests: reports.reduce((sum, r) => sum + r.numPassedTests, 0),
    numFailedTests: reports.reduce((sum, r) => sum + r.numFailedTests, 0),
    testResults: reports.flatMap((r) => r.testResults),
  };
}

function main(): void {
  const { values } = parseArgs({ options: {
    'vitest-json': { type: 'string', multiple: true }, log: { type: 'string', multiple: true }, soak: { type: 'string', multiple: true },
    'out-dir': { type: 'string', default: 'reports' },
  } });
  const reports = values['vitest-json'] ?? [];
  if (reports.length === 0) throw new Error('--vitest-json is required');
  const vitest = combineReports(reports.map((path) => JSON.parse(readFileSync(path, 'utf8')) as VitestReport));
  const log = (values.log ?? []).filter((path) => existsSync(path)).map((path) => readFileSync(path, 'utf8')).join('\n');
  const doc = existsSync('docs/reliability.md') ? readFileSync('docs/reliability.md', 'utf8') : undefined;
  const commit = gitCommit();
  const soaks = (values.soak ?? []).map((file) => {
    const parsed = soakSummarySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is not a soak summary: ${z.prettifyError(parsed.error)}`);
    return { ...parsed.data, file };
  });
  const evidence = buildEvidence(vitest, log, doc, commit, process.cwd(), soaks);
  const outDir = values['out-dir'];
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `release-evidence-${(commit ?? 'unknown').slice(0, 12)}-${evidence.createdAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(evidence, null, 2)}\n`);
  const withVerdict = (verdict: Verdict) => Object.entries(evidence.catalogue).filter(([, e]) => e.verdict === verdict).map(([id]) => id).join(', ') || 'none';
  console.log(`release evidence: ${file} (${Object.keys(evidence.catalogue).length} catalogue IDs, failing: ${withVerdict('failed')}, not run: ${withVerdict('not-run')}, `
    + `uncovered: ${evidence.uncovered.join(', ') || 'none'}, ${evidence.seeds.length} seeds, ${evidence.ledgerChecks.length} ledger checks, ${evidence.soaks.length} soak runs)`);
}

if (require.main === module) main();
