import { Command } from 'commander';
import { controlChangeCommand, controlStatusCommand } from '../ops/control-options';

/** `sending pause|resume|status`: the kill switch (docs/runbooks/unexpected-messages.md). */
export function sendingCommand(): Command {
  return new Command('sending').description('The kill switch: pause or resume sending for a journey type, a cohort or everything')
    .addCommand(controlChangeCommand('pause', 'pause', 'Hold every send the scope covers (new journeys are accepted and wait)'))
    .addCommand(controlChangeCommand('resume', 'resume', 'Lift a pause; held journeys plan again (nothing is sent late)'))
    .addCommand(controlStatusCommand());
}
