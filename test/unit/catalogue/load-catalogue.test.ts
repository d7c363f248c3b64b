import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogueError, loadCatalogue, readCatalogue } from '../../../src/catalogue/load-catalogue';

const FIXTURE = join(__dirname, '../../fixtures/catalogue/vaccination');
const FILE = 'vaccination-invitation/v1.yaml';
const dirs: string[] = [];
afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true }); });

function copy(edit: (yaml: string) => string = (yaml) => yaml): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-unit-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, FILE), edit(readFileSync(join(dir, FILE), 'utf8')));
  return dir;
}

const problemsOf = (dir: string) => { const result = readCatalogue(dir); return result.ok ? [] : result.problems; };

describe('loading a catalogue directory (boot and catalogue check share this path)', () => {
  it('boot refuses a broken catalogue with every problem listed, never a partial catalogue', () => {
    const dir = copy((yaml) => yaml.replace('urgency: routine', 'urgency: whenever').replace('escalationSla: 2 days', 'escalationSla: two days'));
    expect(() => loadCatalogue(dir)).toThrow(CatalogueError);
    expect(problemsOf(dir).map((problem) => [problem.line, problem.field])).toEqual([[5, 'urgency'], [14, 'escalationSla']]);
  });

  it('a YAML syntax error or a duplicate key names its line', () => {
    const dir = copy((yaml) => yaml.replace('urgency: routine', 'urgency: routine\nurgency: urgent'));
    expect(problemsOf(dir)).toEqual([expect.objectContaining({ file: FILE, line: 6, field: '' })]);
    expect(problemsOf(dir)[0]?.message).toMatch(/^is not valid YAML: /);
  });

  it('a file whose name does not match its type and version is refused', () => {
    const dir = copy();
    writeFileSync(join(dir, 'vaccination-invitation/v2.yaml'), readFileSync(join(dir, FILE), 'utf8'));
    expect(problemsOf(dir)).toEqual([{ file: 'vaccination-invitation/v2.yaml', line: 3, field: 'version', message: 'type and version say this file should be vaccination-invitation/v1.yaml' }]);
  });

  it('a published version whose file was removed is a problem: journeys may still run on it', () => {
    const dir = copy();
    const lock = JSON.parse(readFileSync(join(dir, 'catalogue.lock.json'), 'utf8')) as { versions: Record<string, string> };
    lock.versions['vaccination-invitation@2'] = `sha256:${'0'.repeat(64)}`;
    writeFileSync(join(dir, 'catalogue.lock.json'), JSON.stringify(lock));
    expect(problemsOf(dir)).toEqual([expect.objectContaining({ file: 'catalogue.lock.json', field: 'versions.vaccination-invitation@2' })]);
  });

  it('reformatting a published file is not a change: the hash is over the validated content', () => {
    const dir = copy((yaml) => yaml.replace('letterLeadTime: P5D', 'letterLeadTime: "5 days"   # same length, other spelling'));
    expect(problemsOf(dir)).toEqual([]);
  });
});
