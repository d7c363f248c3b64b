/**
 * Finds the Temporal CLI (which carries the dev server and Web UI) without the internet, in this order:
 *   1. TEMPORAL_CLI_PATH, a path to a `temporal` binary;
 *   2. `temporal` on PATH;
 *   3. a build cached outside the clone, keyed by version (~/.cache/notify-journeys/temporal-cli/<version>/temporal);
 *   4. else build that version from the Go module proxy with `go install` and cache it.
 * v1.5.1 is the last tag `go install` accepts (later ones carry a `replace` directive in go.mod, which `go install pkg@version` refuses).
 * Run directly (`npm run temporal:cli`) it prints the path, building first when needed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const TEMPORAL_CLI_VERSION = '1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export class TemporalCliNotFoundError extends Error {
  constructor(reason: string) {
    super(
      `Temporal CLI not found (${reason}). Provide it in one of three ways:\n` +
        `  1. set TEMPORAL_CLI_PATH to a temporal binary;\n` +
        `  2. put \`temporal\` on PATH;\n` +
        `  3. install Go >= 1.25 so it can be built from the Go module proxy into ${cachedCliPath()}\n` +
        `     (CGO_ENABLED=0 go install ${MODULE}@v${TEMPORAL_CLI_VERSION}).`,
    );
    this.name = 'TemporalCliNotFoundError';
  }
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.NOTIFY_JOURNEYS_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'notify-journeys');
}

export function cachedCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'temporal-cli', TEMPORAL_CLI_VERSION, 'temporal');
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The CLI if it can be had without building, else undefined. */
export function locateTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) throw new TemporalCliNotFoundError(`TEMPORAL_CLI_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  return findOnPath('temporal', env) ?? (isExecutable(cachedCliPath(env)) ? cachedCliPath(env) : undefined);
}

export function findGo(env: NodeJS.ProcessEnv): string | undefined {
  return findOnPath('go', env) ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/** Builds the pinned CLI into the cache. Progress goes to stderr: a cold build takes minutes. */
export async function buildTemporalCli(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<string> {
  const go = findGo(env);
  if (!go) throw new TemporalCliNotFoundError('no `go` toolchain to build it with');
  const target = cachedCliPath(env);
  const versionDir = join(target, '..');
  mkdirSync(versionDir, { recursive: true });
  // Build into a private folder, then rename: a concurrent or interrupted build never leaves a half-written binary.
  const scratch = mkdtempSync(join(versionDir, 'build-'));
  const started = Date.now();
  log(`Building Temporal CLI v${TEMPORAL_CLI_VERSION} from the Go module proxy into ${target} (first time only; a few minutes)...`);
  const ticker = setInterval(() => log(`  ...still building (${Math.round((Date.now() - started) / 1000)} s)`), 15_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', '-ldflags', `-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`, `${MODULE}@v${TEMPORAL_CLI_VERSION}`], {
        env: { ...env, CGO_ENABLED: '0', GOBIN: scratch, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new TemporalCliNotFoundError(`go install exited with ${code}`))));
    });
    renameSync(join(scratch, 'temporal'), target);
  } finally {
    clearInterval(ticker);
    rmSync(scratch, { recursive: true, force: true });
  }
  log(`Built Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
  return target;
}

export async function ensureTemporalCli(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return locateTemporalCli(env) ?? (await buildTemporalCli(env));
}

export function temporalCliVersion(path: string): string {
  return execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
}

if (require.main === module) {
  ensureTemporalCli()
    .then((path) => {
      process.stderr.write(`${temporalCliVersion(path)}\n`);
      process.stdout.write(`${path}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
