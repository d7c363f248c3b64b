/**
 * Creates a journey API key (docs/gateway-auth.md). Prints the key once and the GATEWAY_API_KEYS entry that
 * admits it; only the entry (id, SHA-256, scopes) belongs in config. The key itself is never stored.
 *
 *   npm run gateway:key -- --scope journeys:write --scope journeys:read
 *   npm run gateway:key -- --scope escalations --json
 */
import { Command, InvalidArgumentError } from 'commander';
import { API_KEY_SCOPES, createApiKey, type ApiKeyScope } from '../gateway/auth/api-keys';

function parseScope(value: string, previous: ApiKeyScope[]): ApiKeyScope[] {
  if (!(API_KEY_SCOPES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${API_KEY_SCOPES.join(', ')}`);
  }
  return [...previous, value as ApiKeyScope];
}

interface CliOptions {
  scope: ApiKeyScope[];
  json?: boolean;
}

/** The key-minting command, shared by `npm run gateway:key` and `npx notify-journeys keys mint`. */
export function mintKeyCommand(name: string, write: (line: string) => void = (line) => console.log(line)): Command {
  const command: Command = new Command(name)
    .description('Create a journey API key and print its GATEWAY_API_KEYS entry')
    .option('--scope <scope>', `a scope to grant (repeatable): ${API_KEY_SCOPES.join(', ')}`, parseScope, [])
    .option('--json', 'print {"id","key","configEntry"} as JSON')
    .action((opts: CliOptions) => {
      if (opts.scope.length === 0) command.error('give at least one --scope');
      const created = createApiKey(opts.scope);
      if (opts.json === true) {
        write(JSON.stringify(created));
        return;
      }
      write(`key (shown once, give it to the client): ${created.key}`);
      write(`GATEWAY_API_KEYS entry (add to config, comma-separated): ${created.configEntry}`);
    });
  return command;
}

export function run(argv: readonly string[], write: (line: string) => void = (line) => console.log(line)): void {
  mintKeyCommand('gateway-key', write).parse([...argv]);
}

if (require.main === module) run(process.argv);
