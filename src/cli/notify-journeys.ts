/**
 * The ops CLI: `npx notify-journeys <group> <command>`. Each command group lives in its own module under
 * `commands/` and is registered here, so this file is the table of contents and nothing more.
 *
 * Exit codes scripts can rely on: 0 done, 1 the operation failed, 2 the command line was wrong (commander's usage
 * errors), 3 the service could not be reached.
 */
import { Command } from 'commander';
import { TemporalUnavailableError } from '../contracts/ports';
import { registerCommandGroups } from './commands';
import { ServiceUnreachableError } from './ops/service-connection';

export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('notify-journeys')
    .description('Operate notify-journeys: journeys, escalations, sending controls, keys');
  registerCommandGroups(program);
  usageErrorsExit2(program);
  await program.parseAsync([...argv]);
}

/**
 * commander reports usage errors with exit code 1; scripts need to tell them from a failed operation. Commands
 * made with `new Command` and added with addCommand do not inherit the program's settings, so every command
 * in the tree gets them.
 */
function usageErrorsExit2(command: Command): void {
  command.showHelpAfterError().exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
  for (const sub of command.commands) usageErrorsExit2(sub);
}

/** Runs the CLI: a failed operation exits 1, an unreachable service 3, each with its message, never a stack trace. */
export function runCli(argv: readonly string[]): void {
  main(argv).catch((error: unknown) => {
    const unreachable = error instanceof ServiceUnreachableError || error instanceof TemporalUnavailableError;
    console.error(unreachable && error instanceof TemporalUnavailableError ? 'the service (Temporal) is unavailable: try again, or see docs/runbooks/temporal-unavailable.md' : error instanceof Error ? error.message : String(error));
    process.exit(unreachable ? 3 : 1);
  });
}

if (require.main === module) runCli(process.argv);
