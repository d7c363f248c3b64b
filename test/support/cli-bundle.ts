/**
 * The ops CLI compiled once per test run. `bin/notify-journeys.cjs` runs the TypeScript sources through tsx, and
 * loading them that way costs each process a second or more of CPU before the command starts; the integration
 * tests start the CLI about a hundred times, so they run one esbuild bundle of the same sources instead (the bin
 * itself is still what test/integration/cli/notify-journeys-cli.test.ts runs, through npx).
 *
 * Packages stay outside the bundle, resolved from the project's node_modules as they are for the bin. Each source
 * file keeps its own __dirname, so files that live beside a module (the audit migrations, the built-in catalogue)
 * are found as they are from source.
 */
import { build, type Plugin } from 'esbuild';
import { renameSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../src/temporal/workflow-bundle';

// What bin/notify-journeys.cjs does once tsx is loaded.
const CLI_ENTRY = "require('./src/cli/notify-journeys.ts').runCli(process.argv);";

/** Builds the bundle (under .build/, inside the project so its packages resolve) and returns its path. */
export async function buildCliBundle(outDir = join(PROJECT_ROOT, '.build')): Promise<string> {
  const path = join(outDir, 'notify-journeys-cli.cjs');
  // Written beside and renamed into place: a CLI started by another run in this clone never reads half a file.
  const partial = `${path}.${process.pid}.partial`;
  await build({
    stdin: { contents: CLI_ENTRY, resolveDir: PROJECT_ROOT, sourcefile: 'bin/notify-journeys.cjs' },
    outfile: partial, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external',
    // The other tools in src/cli run themselves `if (require.main === module)`; in one bundle that would be true for all.
    define: { 'require.main': 'undefined' },
    sourcemap: 'inline', logLevel: 'warning', plugins: [sourceDirname],
  });
  renameSync(partial, path);
  return path;
}

/** A bundle has one __dirname; each source that reads it gets its own directory back. */
const sourceDirname: Plugin = {
  name: 'source-dirname',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source.includes('__dirname') ? `const __dirname = ${JSON.stringify(dirname(path))};\n${source}` : source;
      return { contents, loader: 'ts' };
    });
  },
};
