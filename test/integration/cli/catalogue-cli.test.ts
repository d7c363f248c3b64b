import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { notifyJourneys, REPO_ROOT } from '../../support/cli';

const FIXTURE = join(REPO_ROOT, 'test/fixtures/catalogue/vaccination');
const FILE = 'vaccination-invitation/v1.yaml';

/** The CLI as users run it, with CATALOGUE_DIR unset: the built-in catalogue is the default only then. */
const cli = (...args: string[]) => notifyJourneys(args, { CATALOGUE_DIR: undefined });

const dirs: string[] = [];
afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true }); });

/** A copy of the fixture catalogue (published, locked) with its definition file edited by `edit`; each test's edit is asserted by its failure. */
function catalogueWith(edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  const path = join(dir, FILE);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  writeFileSync(path, after);
  return dir;
}

/** The line of the first occurrence of `text` in the edited file (1-based). */
function lineOf(dir: string, text: string, occurrence = 1): number {
  const lines = readFileSync(join(dir, FILE), 'utf8').split('\n');
  let seen = 0;
  const index = lines.findIndex((line) => line.includes(text) && ++seen === occurrence);
  return index + 1;
}

describe('npx notify-journeys catalogue', () => {
  it('check passes on the built-in catalogue and on a trust fixture', async () => {
    expect((await cli('catalogue', 'check')).stdout).toContain('catalogue ok: 6 published versions of 5 journeys');
    const fixture = await cli('catalogue', 'check', '--dir', FIXTURE);
    expect(fixture).toMatchObject({ code: 0 });
    expect(fixture.stdout).toContain('1 published versions of 1 journeys');
  }, 60_000);

  it('J1: check fails on a duplicate step id, naming file, line and field', async () => {
    // A second "sms" step; the content changed too, but the duplicate is what a reviewer must see first.
    const dir = catalogueWith((yaml) => yaml.replace('  - id: letter', '  - id: sms'));
    const result = await cli('catalogue', 'check', '--dir', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${FILE}:${lineOf(dir, '- id: sms', 2)} steps.2.id: duplicates another step id ("sms")`);
  }, 60_000);

  it('J1: check fails on an unknown channel', async () => {
    const dir = catalogueWith((yaml) => yaml.replace('    channel: sms', '    channel: pager'));
    const result = await cli('catalogue', 'check', '--dir', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${FILE}:${lineOf(dir, 'channel: pager')} steps.1.channel: must be one of nhsapp, email, sms, letter`);
  }, 60_000);

  it('J1: check fails when the letter lead time is longer than the window', async () => {
    const dir = catalogueWith((yaml) => yaml.replace('letterLeadTime: P5D', 'letterLeadTime: 22 days'));
    const result = await cli('catalogue', 'check', '--dir', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${FILE}:${lineOf(dir, 'letterLeadTime:')} letterLeadTime: is longer than the window: a letter could never arrive in time`);
  }, 60_000);

  it('J2: check fails when a published version changed in place, and lock refuses to paper over it', async () => {
    const dir = catalogueWith((yaml) => yaml.replace('escalationSla: 2 days', 'escalationSla: 3 days'));
    const result = await cli('catalogue', 'check', '--dir', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${FILE}:${lineOf(dir, 'version: 1')} version: vaccination-invitation@1 was published with different content (catalogue.lock.json): a published version never changes; add version 2 instead`);
    const lock = await cli('catalogue', 'lock', '--dir', dir);
    expect(lock.code).toBe(1);
    expect(readFileSync(join(dir, 'catalogue.lock.json'), 'utf8')).toBe(readFileSync(join(FIXTURE, 'catalogue.lock.json'), 'utf8'));
  }, 60_000);

  it('J1: check fails on a personalisation field with no limit', async () => {
    const dir = catalogueWith((yaml) => yaml.replace("vaccineName: { description: 'The vaccine, e.g. \"flu\"', maxLength: 40,", "vaccineName: { description: 'The vaccine, e.g. \"flu\"',"));
    const result = await cli('catalogue', 'check', '--dir', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${FILE}:${lineOf(dir, 'vaccineName: {')} personalisation.vaccineName.maxLength: every personalisation field needs a maxLength`);
  }, 60_000);

  it('J1: a combined routing plan needs a fixed length for each channel it may send on', async () => {
    const dir = catalogueWith((yaml) => yaml.replace('    routingPlan: email-only', '    routingPlan: nhsapp-email-sms-letter').replace('    channel: email', '    channel: nhsapp'));
    const result = await cli('catalogue', 'check', '--dir', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${FILE}:${lineOf(dir, 'id: vaccination-invitation-email')} steps.0.template.fixedLength: must give one length for each channel of nhsapp-email-sms-letter (nhsapp, email, sms, letter)`);
  }, 60_000);

  it('J2: a new version is unpublished until locked; describe and diff then speak plain English', async () => {
    const dir = catalogueWith((yaml) => yaml);
    writeFileSync(join(dir, 'vaccination-invitation/v2.yaml'), readFileSync(join(dir, FILE), 'utf8')
      .replace('version: 1', 'version: 2').replace('escalationSla: 2 days', 'escalationSla: 1 day'));
    const unpublished = await cli('catalogue', 'check', '--dir', dir);
    expect(unpublished.stderr).toContain('vaccination-invitation/v2.yaml:3 version: vaccination-invitation@2 is not published');
    expect((await cli('catalogue', 'lock', '--dir', dir)).stdout).toContain('published: vaccination-invitation@2');
    expect((await cli('catalogue', 'check', '--dir', dir)).code).toBe(0);
    const describe = await cli('catalogue', 'describe', 'vaccination-invitation', '--dir', dir);
    expect(describe.stdout).toContain('vaccination-invitation, version 2 (new journeys start on this version)');
    expect(describe.stdout).toContain('First, the patient is sent an email (step "email"');
    const diff = await cli('catalogue', 'diff', 'vaccination-invitation', '1', '2', '--dir', dir);
    expect(diff.stdout).toContain('was: Urgency: routine. Escalations raised by this journey must be handled by staff within 2 days.');
    expect(diff.stdout).toContain('now: Urgency: routine. Escalations raised by this journey must be handled by staff within 1 day.');
  }, 120_000);
});
