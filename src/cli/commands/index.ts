/**
 * The CLI's command groups, one module each. A new group adds its module and one line here.
 */
import type { Command } from 'commander';
import { auditCommand } from './audit';
import { catalogueCommand } from './catalogue';
import { dryRunCommand } from './dry-run';
import { escalationsCommand } from './escalations';
import { journeysCommand } from './journeys';
import { jwksCommand } from './jwks';
import { keysCommand } from './keys';
import { sendingCommand } from './sending';

export function registerCommandGroups(program: Command): void {
  program.addCommand(journeysCommand());
  program.addCommand(escalationsCommand());
  program.addCommand(keysCommand());
  program.addCommand(auditCommand());
  program.addCommand(sendingCommand());
  program.addCommand(dryRunCommand());
  program.addCommand(jwksCommand());
  program.addCommand(catalogueCommand());
}
