import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEvidence, catalogueIdsInDoc, catalogueIdsOf, soakSummarySchema, type SoakSummary } from '../../../src/cli/release-evidence';
import { misshapenIdTitlesUnder } from './test-ids';

const ROOT = join(__dirname, '../../..');

const vitest = {
  numTotalTests: 5, numPassedTests: 3, numFailedTests: 1,
  testResults: [
    { name: '/repo/test/a.test.ts', assertionResults: [
      { title: 'R1: killed mid-send', fullName: 'x R1: killed mid-send', status: 'passed' },
      { title: 'S10/P6: fuzz', fullName: 'S10/P6: fuzz', status: 'passed' },
      { title: 'no id here', fullName: 'no id here', status: 'passed' },
    ] },
    { name: '/repo/test/b.test.ts', assertionResults: [{ title: 'R1: another', fullName: 'R1: another', status: 'failed' }] },
    { name: '/repo/test/c.test.ts', assertionResults: [{ title: 'R16: opt-in fuzz', fullName: 'R16: opt-in fuzz', status: 'skipped' }] },
  ],
};

describe('C5: release evidence', () => {
  it('C5: maps catalogue IDs to their tests with pass/fail, and keeps seeds and ledger checks from the run output', () => {
    const log = ['HTTP API fuzz: seed=123 requests=10000', 'noise', '\u001b[22m\u001b[39mengine-kills: {"scenario":"engine-kills","duplicateSteps":0,"missingSteps":0}', 'partition: {broken'].join('\n');
    const evidence = buildEvidence(vitest, log, '| R1 | C | … |\n| R2 | C | … |\n| S10 | U | … |\n| P6 | I | … |', 'abc123', '/repo');
    expect(evidence.totals).toEqual({ tests: 5, passed: 3, failed: 1 });
    expect(Object.keys(evidence.catalogue)).toEqual(['P6', 'R1', 'R16', 'S10']);
    expect(evidence.catalogue.R1).toEqual({ verdict: 'failed', tests: [
      { title: 'R1: killed mid-send', file: 'test/a.test.ts', status: 'passed' }, { title: 'R1: another', file: 'test/b.test.ts', status: 'failed' }] });
    expect(evidence.catalogue.S10?.verdict).toBe('passed');
    // A skipped test is no evidence either way: not a pass, and not a failure.
    expect(evidence.catalogue.R16?.verdict).toBe('not-run');
    expect(evidence.uncovered).toEqual(['R2']);
    expect(evidence.seeds).toEqual(['HTTP API fuzz: seed=123 requests=10000']);
    expect(evidence.ledgerChecks).toEqual([{ scenario: 'engine-kills', duplicateSteps: 0, missingSteps: 0 }]);
    expect(evidence.commit).toBe('abc123');
  });

  it('C5: a soak summary of this commit, an hour long, is R15\'s evidence; a stuck journey fails it; a short run or another commit\'s is not run', () => {
    const soak: SoakSummary = {
      commit: 'abc123', finishedAt: '2026-01-01T00:00:00.000Z', minutes: 60, perMinute: 40, deadlineSeconds: 120, started: 2400, failedStarts: 0,
      completed: 2400, stuck: 0, duplicates: 0, throughputPerMinute: 40, toTerminalSeconds: { p50: 3, p99: 9 }, toRequestSeconds: { p50: 1, p99: 4 },
      rssMiB: { first: 400, last: 410, slopePerMinute: 0.1, samples: 720 },
    };
    const r15 = (...soaks: SoakSummary[]) => buildEvidence(vitest, '', '| R15 | S | … |', 'abc123', '/repo', soaks.map((s, i) => ({ ...s, file: `reports/soak-${i}.json` })));
    expect(r15(soak).catalogue.R15).toEqual({ verdict: 'passed', tests: [{ title: 'R15: soak 60 min at 40 journeys/min', file: 'reports/soak-0.json', status: 'passed' }] });
    expect(r15(soak).uncovered).toEqual([]);
    expect(r15(soak).soaks[0]?.rssMiB.slopePerMinute).toBe(0.1);
    expect(r15(soak, { ...soak, stuck: 1 }).catalogue.R15?.verdict).toBe('failed');
    expect(r15({ ...soak, duplicates: 1 }).catalogue.R15?.verdict).toBe('failed');
    expect(r15({ ...soak, completed: 2399 }).catalogue.R15?.verdict).toBe('failed');
    expect(r15({ ...soak, minutes: 1 }).catalogue.R15?.verdict).toBe('not-run');
    expect(r15({ ...soak, commit: 'def456' }).catalogue.R15?.verdict).toBe('not-run');
    expect(buildEvidence(vitest, '', '| R15 | S | … |', 'abc123', '/repo').uncovered).toEqual(['R15']);
    expect(soakSummarySchema.safeParse({ ...soak, stuck: 'none' }).success).toBe(false);
  });

  it('C5: IDs come from the title prefix only, the same convention the hazard log check (C1) reads', () => {
    expect(catalogueIdsOf('R4/R5: restart')).toEqual(['R4', 'R5']);
    expect(catalogueIdsOf('mentions R4: later')).toEqual([]);
    expect(catalogueIdsInDoc('| ID | Tier |\n|---|---|\n| A10 | I |')).toEqual(['A10']);
  });

  it('C5: no test title begins with an ID in another form (`R12 property:`), which the evidence would not count', () => {
    expect(misshapenIdTitlesUnder(join(ROOT, 'test'))).toEqual([]);
  });
});
