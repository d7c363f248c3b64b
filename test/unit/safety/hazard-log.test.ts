/**
 * C1: hazard-to-test traceability. Every clinical hazard names the controls that mitigate it (files that
 * exist) and the catalogue IDs of the tests that prove them; every such ID must be carried by a test title
 * in this repository, so deleting or renaming a safety test breaks the build until the log is updated.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { HazardLog, pathsIn, riskOf } from './hazard-log';
import { idsInSource, testIdsUnder } from './test-ids';

const ROOT = join(__dirname, '..', '..', '..');
const log = HazardLog.parse(parse(readFileSync(join(ROOT, 'docs', 'safety', 'hazard-log.yaml'), 'utf8')));

describe('C1: clinical hazard log (docs/safety/hazard-log.yaml)', () => {
  it('C1: every hazard has controls and verifying tests, and every listed test ID exists', () => {
    const existing = testIdsUnder(join(ROOT, 'test'));
    const missing = log.hazards.flatMap((h) => h.verifiedBy.filter((id) => !existing.has(id)).map((id) => `${h.id} → ${id}`));
    expect(missing).toEqual([]);
    for (const hazard of log.hazards) {
      expect(hazard.controls.length, hazard.id).toBeGreaterThan(0);
      expect(hazard.verifiedBy.length, hazard.id).toBeGreaterThan(0);
    }
  });

  it('C1: every ID a test carries is defined in the catalogue (docs/reliability.md)', () => {
    const catalogue = readFileSync(join(ROOT, 'docs', 'reliability.md'), 'utf8');
    const defined = new Set([...catalogue.matchAll(/^\| ([A-Z]\d+) \|/gm)].map((match) => match[1]));
    expect(defined.size).toBeGreaterThan(40);
    expect([...testIdsUnder(join(ROOT, 'test'))].filter((id) => !defined.has(id))).toEqual([]);
    expect(log.hazards.flatMap((h) => h.verifiedBy).filter((id) => !defined.has(id))).toEqual([]);
  });

  it('C1: hazard ids are unique, and each risk rating matches the DCB0129 matrix', () => {
    const ids = log.hazards.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const h of log.hazards) expect(h.risk, h.id).toBe(riskOf(h.severity, h.likelihood));
  });

  it('C1: every file or folder a control names exists in the repository', () => {
    const named = log.hazards.flatMap((h) => h.controls.flatMap((c) => pathsIn(c).map((path) => ({ hazard: h.id, path }))));
    expect(named.length).toBeGreaterThan(log.hazards.length);
    expect(named.filter(({ path }) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('C1: the ID scan reads titles, not mentions: a missing or renamed test is caught', () => {
    // Built from parts, so this file's own text never looks like a title to the scan.
    const call = (fn: string, quote: string, title: string) => `${fn}(${quote}${title}${quote}, () => {});`;
    const source = [
      call('describe', "'", 'R10/R13: replay'),
      call('it', '`', 'R1: n journeys'),
      call('it', '"', 'S3: bad signatures'),
      call('it.each([1])', "'", 'A2: case %s'),
      '// R99: only a comment mentioning reliability row R99',
      call('it', "'", 'uses R4: in the middle of a title'),
    ].join('\n');
    expect([...idsInSource(source)].sort()).toEqual(['A2', 'R1', 'R10', 'R13', 'S3']);
  });
});
