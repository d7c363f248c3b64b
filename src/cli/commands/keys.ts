import { Command } from 'commander';
import { mintKeyCommand } from '../gateway-key';

/** `keys mint`: a journey API key and the config entry that admits it (docs/gateway-auth.md). */
export function keysCommand(): Command {
  return new Command('keys').description('Journey API keys').addCommand(mintKeyCommand('mint'));
}
