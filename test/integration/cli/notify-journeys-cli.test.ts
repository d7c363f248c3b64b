import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createApiKeyVerifier, parseApiKeyConfig } from '../../../src/gateway/auth/api-keys';

const run = promisify(execFile);
const root = resolve(__dirname, '../../..');

/** The CLI as users run it: `npx notify-journeys …` through the package's own bin. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['--no-install', 'notify-journeys', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npx notify-journeys', () => {
  it('keys mint --json prints a key that its own config entry admits', async () => {
    const result = await cli('keys', 'mint', '--scope', 'journeys:read', '--json');
    expect(result.code).toBe(0);
    const created = JSON.parse(result.stdout) as { key: string; configEntry: string };
    const principal = createApiKeyVerifier(parseApiKeyConfig(created.configEntry))(created.key);
    expect([...(principal?.scopes ?? [])]).toEqual(['journeys:read']);
  }, 60_000);

  it('a command line that is wrong exits 2 with usage, not 1', async () => {
    const result = await cli('no-such-group');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'no-such-group'");
  }, 60_000);
});
