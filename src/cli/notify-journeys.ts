/**
 * The ops CLI: `npx notify-journeys <group> <command>`. Each command group lives in its own module under
 * `commands/` and is registered here, so this file is the table of contents and nothing more.
 *
 * Exit codes scripts can rely on: 0 done, 1 the operation failed, 2 the command line was wrong (commander's usage
 * errors), 3 the service could not be reached.
 */
import { Command } from 'commander';
import { registerCommandGroups } from './commands';

export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('notify-journeys')
    .description('Operate notify-journeys: journeys, escalations, sending controls, keys')
    .showHelpAfterError()
    .exitOverride((error) => {
      // commander reports usage errors with exit code 1; scripts need to tell them from a failed operation.
      process.exit(error.exitCode === 0 ? 0 : 2);
    });
  registerCommandGroups(program);
  await program.parseAsync([...argv]);
}

/** Runs the CLI and turns a failed operation into exit code 1 with its message, never a stack trace. */
export function runCli(argv: readonly string[]): void {
  main(argv).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}

if (require.main === module) runCli(process.argv);
