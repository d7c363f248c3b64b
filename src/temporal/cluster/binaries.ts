/**
 * Finds the binaries of a PostgreSQL-backed Temporal cluster without the internet, the way cli-binary.ts finds
 * the CLI. For each of the server, its SQL schema tool and the Web UI server, in this order:
 *   1. an environment variable naming the binary (TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH, TEMPORAL_UI_SERVER_PATH);
 *   2. the binary's usual name on PATH (temporal-server, temporal-sql-tool, temporal-ui-server);
 *   3. a build cached outside the clone, keyed by version (~/.cache/notify-journeys/temporal-server/<version>/…);
 *   4. else a `go install` from the Go module proxy into that cache: progress on stderr, a private build folder
 *      renamed into place (never a half-written binary), and a lock so two processes never build at once.
 * The PostgreSQL schema ships inside the server's Go module; it is copied beside the cached binaries so later
 * runs need neither Go nor the module cache (TEMPORAL_SCHEMA_DIR overrides it).
 * Versions: the ones the Temporal CLI v1.5.1 pins, so server, UI and dev server stay in step.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot, findGo, findOnPath, isExecutable } from '../cli-binary';

export const TEMPORAL_SERVER_VERSION = '1.29.1';
export const TEMPORAL_UI_SERVER_VERSION = '2.42.1';

export type ClusterBinaryName = 'temporal-server' | 'temporal-sql-tool' | 'temporal-ui-server';

interface GoPackage {
  readonly name: ClusterBinaryName;
  readonly envVar: string;
  /** The package path `go install` builds, and the file name it writes (the last path element). */
  readonly goPackage: string;
  readonly builtAs: string;
}

/** A build: one `go install` of packages from the same module and version, cached in one folder. */
interface GoBuild {
  readonly label: string;
  readonly module: string;
  readonly version: string;
  readonly cacheDir: (env: NodeJS.ProcessEnv) => string;
  readonly packages: readonly GoPackage[];
}

const SERVER_BUILD: GoBuild = {
  label: `Temporal server v${TEMPORAL_SERVER_VERSION} and its SQL tool`,
  module: 'go.temporal.io/server', version: TEMPORAL_SERVER_VERSION,
  cacheDir: (env) => join(cacheRoot(env), 'temporal-server', TEMPORAL_SERVER_VERSION),
  packages: [
    { name: 'temporal-server', envVar: 'TEMPORAL_SERVER_PATH', goPackage: 'go.temporal.io/server/cmd/server', builtAs: 'server' },
    { name: 'temporal-sql-tool', envVar: 'TEMPORAL_SQL_TOOL_PATH', goPackage: 'go.temporal.io/server/cmd/tools/sql', builtAs: 'sql' },
  ],
};

const UI_BUILD: GoBuild = {
  label: `Temporal Web UI server v${TEMPORAL_UI_SERVER_VERSION}`,
  module: 'github.com/temporalio/ui-server/v2', version: TEMPORAL_UI_SERVER_VERSION,
  cacheDir: (env) => join(cacheRoot(env), 'temporal-ui-server', TEMPORAL_UI_SERVER_VERSION),
  packages: [{ name: 'temporal-ui-server', envVar: 'TEMPORAL_UI_SERVER_PATH', goPackage: 'github.com/temporalio/ui-server/v2/cmd/server', builtAs: 'server' }],
};

export class ClusterBinaryNotFoundError extends Error {
  constructor(name: string, envVar: string, reason: string) {
    super(`${name} not found (${reason}). Set ${envVar} to the binary, put \`${name}\` on PATH, or install Go >= 1.25 so it can be built from the Go module proxy.`);
    this.name = 'ClusterBinaryNotFoundError';
  }
}

export interface ClusterBinaries {
  readonly server: string;
  readonly sqlTool: string;
  readonly uiServer: string;
  /** Folder holding `temporal/versioned` and `visibility/versioned` for PostgreSQL v12+. */
  readonly schemaDir: string;
}

type Log = (line: string) => void;
const stderrLog: Log = (line) => process.stderr.write(`${line}\n`);

function locate(build: GoBuild, pkg: GoPackage, env: NodeJS.ProcessEnv): string | undefined {
  const explicit = env[pkg.envVar];
  if (explicit) {
    if (!isExecutable(explicit)) throw new ClusterBinaryNotFoundError(pkg.name, pkg.envVar, `${pkg.envVar}=${explicit} is not an executable file`);
    return explicit;
  }
  const cached = join(build.cacheDir(env), pkg.name);
  return findOnPath(pkg.name, env) ?? (isExecutable(cached) ? cached : undefined);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `work` holding a lock folder (mkdir is atomic): a second process waits for the first to finish, and a
 * lock left by a process that died is taken over.
 */
async function withBuildLock<T>(dir: string, log: Log, work: () => Promise<T>): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.build-lock');
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const holder = Number(readFileSafe(join(lock, 'pid')));
      if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`Another process (pid ${holder || '?'}) is building into ${dir}; waiting for it...`);
      announced = true;
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function run(go: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(go, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go ${args[0]} exited with ${code}`))));
  });
}

async function goBuild(build: GoBuild, env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  const go = findGo(env);
  const first = build.packages[0]!;
  if (!go) throw new ClusterBinaryNotFoundError(first.name, first.envVar, 'no `go` toolchain to build it with');
  const dir = build.cacheDir(env);
  await withBuildLock(dir, log, async () => {
    if (build.packages.every((pkg) => isExecutable(join(dir, pkg.name)))) return; // built while we waited
    const scratch = mkdtempSync(join(dir, 'build-'));
    const started = Date.now();
    log(`Building ${build.label} from the Go module proxy into ${dir} (first time only; several minutes on 2 cores)...`);
    const ticker = setInterval(() => log(`  ...still building ${build.label} (${Math.round((Date.now() - started) / 1000)} s)`), 20_000);
    try {
      await run(go, ['install', '-ldflags', '-s -w', ...build.packages.map((pkg) => `${pkg.goPackage}@v${build.version}`)], {
        ...env, CGO_ENABLED: '0', GOBIN: scratch, GOFLAGS: '-mod=mod',
      });
      for (const pkg of build.packages) renameSync(join(scratch, pkg.builtAs), join(dir, pkg.name));
    } finally {
      clearInterval(ticker);
      rmSync(scratch, { recursive: true, force: true });
    }
    log(`Built ${build.label} in ${Math.round((Date.now() - started) / 1000)} s`);
  });
}

async function ensureBuild(build: GoBuild, env: NodeJS.ProcessEnv, log: Log): Promise<string[]> {
  const found = build.packages.map((pkg) => locate(build, pkg, env));
  if (found.every((path) => path !== undefined)) return found;
  await goBuild(build, env, log);
  return build.packages.map((pkg, i) => found[i] ?? join(build.cacheDir(env), pkg.name));
}

/** The PostgreSQL schema of the server version, copied once from its Go module beside the cached binaries. */
async function ensureSchema(env: NodeJS.ProcessEnv, log: Log): Promise<string> {
  if (env.TEMPORAL_SCHEMA_DIR) return env.TEMPORAL_SCHEMA_DIR;
  const target = join(SERVER_BUILD.cacheDir(env), 'schema', 'postgresql', 'v12');
  if (existsSync(join(target, 'temporal', 'versioned')) && existsSync(join(target, 'visibility', 'versioned'))) return target;
  const go = findGo(env);
  if (!go) throw new ClusterBinaryNotFoundError('the PostgreSQL schema', 'TEMPORAL_SCHEMA_DIR', 'no `go` toolchain to fetch the server module with');
  log(`Fetching the PostgreSQL schema of ${SERVER_BUILD.module} v${TEMPORAL_SERVER_VERSION}...`);
  const { stdout } = await promisify(execFile)(go, ['mod', 'download', '-json', `${SERVER_BUILD.module}@v${TEMPORAL_SERVER_VERSION}`], { env, maxBuffer: 4 * 1024 * 1024 });
  const moduleDir = (JSON.parse(stdout) as { Dir: string }).Dir;
  const staging = mkdtempSync(join(SERVER_BUILD.cacheDir(env), 'schema-'));
  cpSync(join(moduleDir, 'schema', 'postgresql', 'v12'), staging, { recursive: true });
  mkdirSync(join(target, '..'), { recursive: true });
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  return target;
}

/** Everything `npm run temporal:cluster` runs, building what is missing (both builds at once: they share the Go caches). */
export async function ensureClusterBinaries(env: NodeJS.ProcessEnv = process.env, log: Log = stderrLog): Promise<ClusterBinaries> {
  const [[server, sqlTool], [uiServer]] = await Promise.all([ensureBuild(SERVER_BUILD, env, log), ensureBuild(UI_BUILD, env, log)]);
  const schemaDir = await ensureSchema(env, log);
  return { server: server!, sqlTool: sqlTool!, uiServer: uiServer!, schemaDir };
}

if (require.main === module) {
  ensureClusterBinaries()
    .then((binaries) => process.stdout.write(`${JSON.stringify(binaries, null, 2)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
