/**
 * The ops CLI as users run it (`npx notify-journeys …`, through the package's own bin), and polling for what it
 * changed: shared by the tests that drive the CLI against a running service.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = resolve(__dirname, '../..');
export const CLI_BIN = resolve(REPO_ROOT, 'bin/notify-journeys.cjs');

export interface CliResult { readonly code: number; readonly stdout: string; readonly stderr: string }

/** Runs the CLI with the service's environment; a non-zero exit is a result, not a throw. */
export async function notifyJourneys(args: readonly string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_BIN, ...args], { cwd, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

