import { Command } from 'commander';
import { controlChangeCommand } from '../ops/control-options';

/** `dry-run on|off`: journeys run their whole logic, the send step records dry_run and calls nothing. */
export function dryRunCommand(): Command {
  return new Command('dry-run').description('Dry run: journeys run but send nothing (status: npx notify-journeys sending status)')
    .addCommand(controlChangeCommand('on', 'dry_run_on', 'Turn dry run on for a journey type, a cohort or everything'))
    .addCommand(controlChangeCommand('off', 'dry_run_off', 'Turn dry run off'));
}
