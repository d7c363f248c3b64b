/**
 * `catalogue check | lock | describe | diff`: the journey catalogue as its reviewers use it (docs/catalogue.md).
 * check runs exactly the checks the service runs at boot; lock publishes reviewed new versions; describe and diff
 * print journeys in plain English for the clinical safety officer (hazard log controls point at them).
 */
import { Command } from 'commander';
import { formatProblem } from '../../catalogue/catalogue-files';
import { BUILT_IN_CATALOGUE_DIR, readCatalogue, type LoadedCatalogue } from '../../catalogue/load-catalogue';
import { publishNewVersions } from '../../catalogue/lock-file';
import { describeJourney, diffJourneys } from '../../domain/catalogue/describe';
import type { JourneyDefinitionDocument } from '../../domain/catalogue/definition-schema';

type Write = (line: string) => void;

interface DirOption { readonly dir?: string }

const dirOption = (command: Command): Command =>
  command.option('--dir <path>', 'the catalogue directory (default: $CATALOGUE_DIR, else the built-in catalogue)');

function directory(opts: DirOption): string {
  // An empty CATALOGUE_DIR means unset, as the service's config treats it.
  return opts.dir ?? (process.env.CATALOGUE_DIR || BUILT_IN_CATALOGUE_DIR);
}

/** Loads the catalogue or fails the command (exit 1) listing every problem. */
function loaded(opts: DirOption, lock: 'check' | 'ignore' = 'check'): LoadedCatalogue {
  const result = readCatalogue(directory(opts), {}, { lock });
  if (!result.ok) throw new Error(`catalogue check failed (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}):\n${result.problems.map(formatProblem).join('\n')}`);
  return result.catalogue;
}

function documentOf(catalogue: LoadedCatalogue, type: string, version: number): JourneyDefinitionDocument {
  const file = catalogue.files.find((candidate) => candidate.document.type === type && candidate.document.version === version);
  if (file === undefined) throw new Error(`no version ${version} of "${type}" in the catalogue`);
  return file.document;
}

function versionArgument(text: string): number {
  const version = Number(text.replace(/^v/, ''));
  if (!Number.isInteger(version) || version < 1) throw new Error(`"${text}" is not a version number`);
  return version;
}

export function catalogueCommand(write: Write = (line) => console.log(line)): Command {
  const group = new Command('catalogue').description('The journey catalogue: check, publish, describe and compare journey definitions');

  group.addCommand(dirOption(new Command('check'))
    .description('Validate every definition and compare published versions with the lock file (exit 1 on any problem)')
    .action((opts: DirOption) => {
      const catalogue = loaded(opts);
      write(`catalogue ok: ${catalogue.files.length} published versions of ${Object.keys(catalogue.current).length} journeys (${catalogue.dir})`);
    }));

  group.addCommand(dirOption(new Command('lock'))
    .description('Publish reviewed new versions: add their content hashes to the lock file (never changes a published one)')
    .action((opts: DirOption) => {
      const catalogue = loaded(opts, 'ignore');
      const { added, problems } = publishNewVersions(catalogue.dir, catalogue.lock, catalogue.files);
      if (problems.length > 0) throw new Error(`not locked:\n${problems.map(formatProblem).join('\n')}`);
      write(added.length === 0 ? 'nothing new to publish' : `published: ${added.join(', ')}`);
    }));

  group.addCommand(dirOption(new Command('describe'))
    .argument('[type]', 'one journey type (default: all)')
    .option('--version <n>', 'a published version (default: the one new journeys start on)')
    .description('Print journeys in plain English for review')
    .action((type: string | undefined, opts: DirOption & { version?: string }) => {
      const catalogue = loaded(opts);
      const types = type === undefined ? Object.keys(catalogue.current).sort() : [type];
      for (const name of types) {
        const current = catalogue.current[name];
        if (current === undefined) throw new Error(`no journey "${name}" in the catalogue`);
        const version = opts.version === undefined ? current.version : versionArgument(opts.version);
        write(`${name}, version ${version}${version === current.version ? ' (new journeys start on this version)' : ''}`);
        for (const statement of describeJourney(documentOf(catalogue, name, version))) write(`  ${statement.text}`);
        write('');
      }
    }));

  group.addCommand(dirOption(new Command('diff'))
    .argument('<type>').argument('<v1>').argument('<v2>')
    .description('What changed between two versions of a journey, in plain English')
    .action((type: string, v1: string, v2: string, opts: DirOption) => {
      const catalogue = loaded(opts);
      const [from, to] = [versionArgument(v1), versionArgument(v2)];
      const changes = diffJourneys(documentOf(catalogue, type, from), documentOf(catalogue, type, to));
      write(`${type}: version ${from} → version ${to}`);
      for (const change of changes.length === 0 ? ['No change a patient or reviewer would notice.'] : changes) write(`  ${change}`);
    }));
  return group;
}
