/**
 * Prints the public JWKS to register with NHS's API platform for signed-JWT auth (docs/nhs-notify.md, authentication),
 * and generates new signing key pairs for rotation. Private keys are written with mode 0600 and never printed.
 *
 *   npm run notify:jwks -- --key kid-2026-01=keys/kid-2026-01.pem --key kid-2026-07=keys/kid-2026-07.pem
 *   npm run notify:jwks -- --generate --kid kid-2026-07 --out keys/
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createKeyRing, parseKeyFileSpecs, type SigningKeySource } from '../notify/signing-keys';
import { NotifyError } from '../notify/errors';

class CliError extends Error {}

interface CliOptions {
  key: string[];
  generate?: boolean;
  kid?: string;
  out?: string;
  bits: number;
}

function generateKeyFile(kid: string, outDir: string, bits: number): SigningKeySource {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(kid) || kid.startsWith('.')) throw new CliError('--kid must be 1-128 of [A-Za-z0-9._-], not starting with "."');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${kid}.pem`);
  try {
    // 'wx': never overwrite an existing key (that would silently break the registered JWKS).
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') throw new CliError(`${path} already exists; choose a new --kid`);
    throw err;
  }
  console.error(`wrote private key ${path} (mode 0600); keep it secret, register only the JWKS below`);
  return { kid, path };
}

function parseBits(value: string): number {
  const bits = Number(value);
  if (![2048, 3072, 4096].includes(bits)) throw new InvalidArgumentError('must be 2048, 3072 or 4096');
  return bits;
}

/** The JWKS command, shared by `npm run notify:jwks` and `npx notify-journeys jwks`. */
export function jwksCommand(name: string): Command {
  const program: Command = new Command(name)
    .description('Print the public JWKS for NHS Notify signing keys, or generate a new key pair')
    .option('--key <kid=path>', 'a private key PEM file under its kid (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--generate', 'generate a new RSA key pair')
    .option('--kid <kid>', 'kid for the generated key')
    .option('--out <dir>', 'directory for the generated private key')
    .option('--bits <n>', 'RSA modulus length for --generate', parseBits, 4096)
    .action((opts: CliOptions) => {
      const sources = parseKeyFileSpecs(opts.key);
      if (opts.generate) {
        if (!opts.kid || !opts.out) program.error('--generate needs --kid and --out');
        sources.push(generateKeyFile(opts.kid, opts.out, opts.bits));
      }
      if (sources.length === 0) program.error('give at least one --key kid=path, or --generate --kid X --out dir');
      const ring = createKeyRing(sources);
      console.log(JSON.stringify(ring.toPublicJwks(), null, 2));
    });
  return program;
}

export function run(argv: readonly string[]): void {
  const program = jwksCommand('notify-jwks');
  try {
    program.parse([...argv]);
  } catch (err) {
    if (!(err instanceof NotifyError || err instanceof CliError)) throw err;
    console.error(`notify-jwks: ${err.message}`);
    process.exitCode = 1;
  }
}

if (require.main === module) run(process.argv);
