import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBuiltInCatalogue } from '../../../src/catalogue/built-in';
import { BUILT_IN_CATALOGUE_DIR, CatalogueError, loadCatalogue, readCatalogue } from '../../../src/catalogue/load-catalogue';
import { publishNewVersions, readLock } from '../../../src/catalogue/lock-file';
import { findPublishedVersion } from '../../../src/domain';
import { testTimings } from '../../../src/stack/loopback-stack';
import { planSourceOf } from '../../../src/temporal/journeys/start-workflow';
import { ensurePublishedPlansModule, PUBLISHED_PLANS_MODULE, publishedPlansSource } from '../../../src/temporal/published-plans-module';
import { toJourneyPlan } from '../../../workflows';
import { bundledPlan } from '../../../workflows/journey/published-plan';
import { PUBLISHED_PLANS } from '../../../workflows/journey/published-plans.generated';

const dirs: string[] = [];
afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true }); });

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'published-plans-'));
  dirs.push(dir);
  return dir;
}

describe('the published plans compiled into the workflow bundle', () => {
  const lock = readLock(BUILT_IN_CATALOGUE_DIR);
  const locked = lock.ok ? lock.versions : {};
  const production = loadBuiltInCatalogue();

  it('L5: every version in the lock is in the generated module with the same content hash, and nothing else is', () => {
    expect(Object.keys(locked).length).toBeGreaterThanOrEqual(6);
    expect(Object.fromEntries(Object.entries(PUBLISHED_PLANS).map(([key, entry]) => [key, entry.hash]))).toEqual(locked);
  });

  it('L5: each bundled plan is the one the catalogue compiles at production durations, as JSON', () => {
    for (const key of Object.keys(locked)) {
      const [type = '', version = ''] = key.split('@');
      const definition = findPublishedVersion(production.published, type, Number(version));
      expect(definition, key).toBeDefined();
      if (definition !== undefined) expect(JSON.parse(PUBLISHED_PLANS[key]?.plan ?? 'null'), key).toEqual(toJourneyPlan(definition));
    }
  });

  it('L5: a bundled version is looked up by type and version; any other is not there (never another version\'s plan)', () => {
    const definition = production.current['test-result-ready'];
    expect(bundledPlan({ type: 'test-result-ready', version: 2 })).toEqual(toJourneyPlan(definition));
    expect(bundledPlan({ type: 'test-result-ready', version: 3 })).toBeUndefined();
    expect(bundledPlan({ type: 'vaccination-invitation', version: 1 })).toBeUndefined();
  });

  it('the committed module is what the bundle build writes (run `npm run build:workflows` after publishing a version)', () => {
    expect(readFileSync(PUBLISHED_PLANS_MODULE, 'utf8')).toBe(publishedPlansSource(production));
  });

  it('L5/J2: a published version changed in place is a build error: no module is written', () => {
    const catalogue = scratch();
    cpSync(BUILT_IN_CATALOGUE_DIR, catalogue, { recursive: true });
    const file = join(catalogue, 'screening-invitation/v1.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('closes: { after: 14 days }', 'closes: { after: 15 days }'));
    const module = join(scratch(), 'published-plans.generated.ts');
    expect(() => ensurePublishedPlansModule(catalogue, module)).toThrow(CatalogueError);
    expect(existsSync(module)).toBe(false);
  });

  it('a new version, once locked, is compiled into the module beside the others', () => {
    const catalogue = scratch();
    cpSync(BUILT_IN_CATALOGUE_DIR, catalogue, { recursive: true });
    const v1 = readFileSync(join(catalogue, 'screening-invitation/v1.yaml'), 'utf8');
    writeFileSync(join(catalogue, 'screening-invitation/v2.yaml'), v1.replace('version: 1', 'version: 2').replace('closes: { after: 14 days }', 'closes: { after: 15 days }'));
    const read = readCatalogue(catalogue, {}, { lock: 'ignore' });
    if (!read.ok) throw new Error('the scratch catalogue is valid');
    expect(publishNewVersions(catalogue, read.catalogue.lock, read.catalogue.files).added).toEqual(['screening-invitation@2']);
    const module = join(scratch(), 'published-plans.generated.ts');
    ensurePublishedPlansModule(catalogue, module);
    const source = readFileSync(module, 'utf8');
    const v2 = read.catalogue.files.find((file) => file.file === 'screening-invitation/v2.yaml');
    expect(source).toContain(`"screening-invitation@2": {\n    hash: "${v2?.hash ?? 'missing'}",`);
    expect(source).toContain('\\"deadlineOffsetMs\\":1296000000');
    expect(source.split('"screening-invitation@').length - 1).toBe(2);
  });
});

describe('how a journey gets its plan at start (planSourceOf: the one place that decides)', () => {
  it('a published version at production durations is started by reference', () => {
    const definition = loadBuiltInCatalogue().current['screening-invitation'];
    expect(planSourceOf(toJourneyPlan(definition))).toEqual({ planRef: { type: 'screening-invitation', version: 1 } });
  });

  it('a compressed test calendar carries its plan: its durations are not the published ones', () => {
    const definition = loadBuiltInCatalogue(testTimings()).current['screening-invitation'];
    expect(planSourceOf(toJourneyPlan(definition))).toEqual({ plan: toJourneyPlan(definition) });
  });

  it('a version a trust published in its own CATALOGUE_DIR (no bundle holds it) carries its plan', () => {
    const trust = loadCatalogue(join(__dirname, '../../fixtures/catalogue/vaccination'));
    const definition = trust.current['vaccination-invitation'];
    expect(definition).toBeDefined();
    if (definition !== undefined) expect(planSourceOf(toJourneyPlan(definition))).toEqual({ plan: toJourneyPlan(definition) });
  });

  it('a trust\'s own version under a bundled type@version but with other content carries its plan, never the bundled one', () => {
    const catalogue = scratch();
    cpSync(BUILT_IN_CATALOGUE_DIR, catalogue, { recursive: true });
    const file = join(catalogue, 'screening-invitation/v1.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('closes: { after: 14 days }', 'closes: { after: 15 days }'));
    const read = readCatalogue(catalogue, {}, { lock: 'ignore' });
    const definition = read.ok ? read.catalogue.current['screening-invitation'] : undefined;
    expect(definition?.window.deadlineOffsetMs).toBe(15 * 24 * 3_600_000);
    if (definition !== undefined) expect(planSourceOf(toJourneyPlan(definition))).toEqual({ plan: toJourneyPlan(definition) });
  });
});
