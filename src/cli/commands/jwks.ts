import type { Command } from 'commander';
import { jwksCommand as notifyJwksCommand } from '../notify-jwks';

/** `jwks`: the public JWKS to register with NHS's API platform, or a new signing key pair (docs/runbooks/signing-key-rotation.md). */
export function jwksCommand(): Command {
  return notifyJwksCommand('jwks');
}
