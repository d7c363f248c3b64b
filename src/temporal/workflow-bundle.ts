/**
 * A prebuilt workflow bundle makes a worker start in about a second instead of re-running webpack each time
 * (`bundleWorkflowCode` once, then `workflowBundle: { codePath }`). The bundle is rebuilt only when the workflow sources change: a hash of
 * workflows/ and src/domain/ (all the workflow code imports) and of catalogue/ (the published plans it carries,
 * published-plans-module.ts) is stored beside it.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILT_IN_CATALOGUE_DIR } from '../catalogue/load-catalogue';
import { ensureFailureConverterModule, FAILURE_CONVERTER_SOURCE } from './failure-converter';
import { ensurePublishedPlansModule } from './published-plans-module';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');
export const WORKFLOWS_ENTRY = join(PROJECT_ROOT, 'workflows', 'index.ts');
/** Each directory the bundle is built from, with the files in it that count. */
const SOURCES: readonly { readonly dir: string; readonly files: RegExp }[] = [
  { dir: join(PROJECT_ROOT, 'workflows'), files: /\.ts$/ },
  { dir: join(PROJECT_ROOT, 'src', 'domain'), files: /\.ts$/ },
  // A new published version changes the plans the bundle carries.
  { dir: BUILT_IN_CATALOGUE_DIR, files: /\.(ya?ml|json)$/ },
];

function sourceFiles(dir: string, files: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path, files) : files.test(path) ? [path] : [];
  });
}

export function workflowSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap(({ dir, files }) => sourceFiles(dir, files))) hash.update(file).update(readFileSync(file));
  hash.update(FAILURE_CONVERTER_SOURCE);
  return hash.digest('hex');
}

/** Returns the path of an up-to-date bundle, building it when the sources changed. */
export async function ensureWorkflowBundle(outDir = join(PROJECT_ROOT, '.build')): Promise<string> {
  const codePath = join(outDir, 'workflow-bundle.js');
  const hashPath = `${codePath}.sha256`;
  // First, so the hash covers the plans as compiled; a published version changed in place stops the build here.
  ensurePublishedPlansModule();
  const hash = workflowSourceHash();
  if (existsSync(codePath) && existsSync(hashPath) && readFileSync(hashPath, 'utf8') === hash) return codePath;
  // The sandbox converts workflow failures itself, so it needs the same encoding failure converter (P3).
  const failureConverterPath = ensureFailureConverterModule(outDir);
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_ENTRY, failureConverterPath, logger: quietBundlerLogger });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(codePath, code);
  writeFileSync(hashPath, hash);
  return codePath;
}

// webpack's progress chatter is noise at start-up; warnings and errors still surface through the thrown error.
const quietBundlerLogger = {
  trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined,
  log: () => undefined,
};

if (require.main === module) {
  ensureWorkflowBundle()
    .then((path) => process.stdout.write(`${path}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    });
}
