import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';

describe('domain in the Temporal workflow sandbox', () => {
  it('bundles with Temporal\'s workflow bundler: no Node built-ins or disallowed modules (incl. @noble/hashes)', async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath: path.resolve(__dirname, 'fixtures/domain-probe.workflow.ts'),
      logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    // The bundler rejects disallowed modules (node:crypto, fs, ...) with an error, so reaching here is the check;
    // the assertions confirm the domain and the pure-JS hash really are inside the bundle.
    expect(bundle.code).toContain('domainProbe');
    expect(bundle.code).toContain('notify-journeys/message-reference/v1');
    expect(bundle.code).toMatch(/noble[\\/]hashes[\\/](esm[\\/])?crypto\.js/);
    expect(bundle.code).not.toMatch(/noble[\\/]hashes[\\/](esm[\\/])?cryptoNode\.js/);
  });
});

describe('domain purity', () => {
  it('never reads the clock or randomness itself: time comes in as `now`', () => {
    const root = path.resolve(__dirname, '../../../src/domain');
    const offenders = sourceFiles(root).filter((file) => /Date\.now\(|new Date\(\)|Math\.random\(|performance\.now\(|crypto\.randomUUID/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
    expect(sourceFiles(root).length).toBeGreaterThan(20);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}
