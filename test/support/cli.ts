/**
 * The ops CLI run as a process, as users run `npx notify-journeys …`: shared by the tests that drive the CLI.
 * The process runs the test run's one bundle of the CLI's sources (test/support/cli-bundle.ts) rather than the
 * bin, which compiles them through tsx in every process; test/integration/cli/notify-journeys-cli.test.ts runs
 * the bin itself.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';

const run = promisify(execFile);

export const REPO_ROOT = resolve(__dirname, '../..');

/** The command that starts the CLI: `[...opsCli(), 'journeys', 'list']` is `npx notify-journeys journeys list`. */
export function opsCli(): [string, string] {
  return [process.execPath, inject('opsCliBundlePath')];
}

export interface CliResult { readonly code: number; readonly stdout: string; readonly stderr: string }

/**
 * Runs the CLI with the service's environment over the test's own (a variable set to undefined is unset); a
 * non-zero exit is a result, not a throw.
 */
export async function notifyJourneys(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = REPO_ROOT): Promise<CliResult> {
  const [node, cli] = opsCli();
  try {
    const { stdout, stderr } = await run(node, [cli, ...args], { cwd, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
