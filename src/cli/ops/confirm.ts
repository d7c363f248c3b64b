/**
 * Asking a person before a bulk change. Without a terminal to ask on (a script, a pipe), the command needs
 * --yes: a bulk cancel never goes ahead because nobody was there to say no.
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';

export async function confirmed(command: Command, question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (process.stdin.isTTY !== true) command.error('not a terminal: add --yes to confirm a bulk change', { exitCode: 2 });
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}
