/**
 * The CLI's command groups, one module each. A new group adds its module and one line here.
 */
import type { Command } from 'commander';
import { catalogueCommand } from './catalogue';
import { keysCommand } from './keys';

export function registerCommandGroups(program: Command): void {
  program.addCommand(keysCommand());
  program.addCommand(catalogueCommand());
}
