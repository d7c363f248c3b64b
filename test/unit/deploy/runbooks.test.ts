/**
 * Every `npx notify-journeys …` command in docs/runbooks is a command line the real CLI accepts: parsed by the
 * CLI's own command tree (every group, option and choice), with each action replaced by a recorder so nothing
 * runs. test/integration/cli/runbook-commands.test.ts runs every one of them against a service.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommandGroups } from '../../../src/cli/commands';
import { argvOf, commandsIn, runbookCommands, runbookFiles, RUNBOOKS_DIR as runbooks } from '../../support/runbooks';

/** The CLI's tree, with every action recording its command path instead of running. */
function recordingProgram(ran: string[]): Command {
  const program = new Command('notify-journeys');
  registerCommandGroups(program);
  const walk = (command: Command, path: string[]): void => {
    command.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    if (command.commands.length === 0) command.action(() => { ran.push(path.join(' ')); });
    for (const sub of command.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return program;
}

describe('docs/runbooks', () => {
  const files = runbookFiles();
  const all = runbookCommands();

  it('the runbooks exist for every situation the on-call person meets, each naming its alert and commands', () => {
    expect(files.sort()).toEqual(['README.md', 'callback-signature-failures.md', 'nhs-notify-unavailable.md', 'signing-key-rotation.md',
      'temporal-unavailable.md', 'token-failures.md', 'unexpected-messages.md', 'volume-spike.md']);
    for (const file of files.filter((f) => f !== 'README.md')) {
      const text = readFileSync(join(runbooks, file), 'utf8');
      expect(text, file).toMatch(/\*\*Starts with:\*\*/);
      expect(commandsIn(text).length, file).toBeGreaterThan(0);
    }
  });

  it('every command in them is accepted by the CLI', async () => {
    expect(all.length).toBeGreaterThan(15);
    for (const { file, line } of all) {
      const ran: string[] = [];
      await expect(recordingProgram(ran).parseAsync(argvOf(line), { from: 'user' }), `${file}: ${line}`).resolves.toBeDefined();
      expect(ran, `${file}: ${line}`).toHaveLength(1);
    }
  });

  it('the check has teeth: a wrong option or choice is refused', async () => {
    await expect(recordingProgram([]).parseAsync(argvOf('sending pause --type x --reason "r" --role nobody'), { from: 'user' })).rejects.toThrow();
    await expect(recordingProgram([]).parseAsync(argvOf('sending stop --all'), { from: 'user' })).rejects.toThrow();
  });
});
