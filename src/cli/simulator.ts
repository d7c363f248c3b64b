/**
 * `npm run simulator`: a local NHS Notify on :3100 (docs/simulator.md). Prints its URLs, runs until
 * SIGINT/SIGTERM. With a --jwks-file it requires signed-JWT auth like INT and production; without one it
 * is open access like NHS's sandbox; `--sandbox` also makes it stateless like the sandbox, so NHS's own
 * sandbox tests run against it. Applications can also be registered later via POST /_admin/applications.
 *
 *   npm run simulator -- --jwks-file keys/jwks.json --api-key my-key --application-id my-app \
 *     --callback-url http://127.0.0.1:3000/v1/callbacks/nhs-notify --callback-api-key cb-key --ledger-file .data/ledger.jsonl
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { JSONWebKeySet } from 'jose';
import { DEFAULT_TIMINGS, FAST_TIMINGS, startSimulator, type SimulatorOptions } from '../simulator';

interface CliOptions {
  port: number;
  host: string;
  jwksFile?: string;
  apiKey: string;
  applicationId: string;
  callbackUrl?: string;
  callbackApiKey?: string;
  openAccess?: boolean;
  sandbox?: boolean;
  ledgerFile?: string;
  fast?: boolean;
  quota?: number;
  adminToken?: string;
}

function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

function readJwks(path: string): JSONWebKeySet {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { keys?: unknown };
  if (!Array.isArray(parsed.keys)) throw new InvalidArgumentError(`${path} is not a JWKS (no "keys" array)`);
  return parsed as JSONWebKeySet;
}

export function optionsFrom(opts: CliOptions): SimulatorOptions {
  const jwks = opts.jwksFile !== undefined ? readJwks(opts.jwksFile) : undefined;
  return {
    host: opts.host,
    port: opts.port,
    openAccess: opts.openAccess === true || opts.sandbox === true || jwks === undefined,
    sandbox: opts.sandbox === true,
    applications: jwks !== undefined ? [{ apiKey: opts.apiKey, applicationId: opts.applicationId, jwks }] : [],
    ...(opts.callbackUrl !== undefined ? { callbacks: { url: opts.callbackUrl, applicationId: opts.applicationId, apiKey: opts.callbackApiKey ?? opts.apiKey } } : {}),
    ...(opts.ledgerFile !== undefined ? { ledgerFile: opts.ledgerFile } : {}),
    ...(opts.quota !== undefined ? { quotaPerMinute: opts.quota } : {}),
    ...(opts.adminToken !== undefined && opts.adminToken.length > 0 ? { adminToken: opts.adminToken } : {}),
    timings: opts.fast === true ? FAST_TIMINGS : DEFAULT_TIMINGS,
  };
}

export async function run(argv: readonly string[]): Promise<void> {
  const program = new Command('simulator')
    .description('Run a local NHS Notify simulator (token endpoint, /comms API, callbacks, faults via /_admin)')
    .option('--port <n>', 'port to listen on', parseInteger, 3100)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--jwks-file <path>', 'JWKS of the client application (enables signed-JWT auth)')
    .option('--api-key <key>', 'API key of the client application (iss/sub of its assertions)', 'local-api-key')
    .option('--application-id <id>', 'APIM application id (half of the callback HMAC key)', 'local-application-id')
    .option('--callback-url <url>', 'where to POST MessageStatus/ChannelStatus callbacks')
    .option('--callback-api-key <key>', 'x-api-key and HMAC key half for callbacks (default: --api-key)')
    .option('--open-access', 'no auth, like NHS sandbox (default when no --jwks-file)')
    .option('--sandbox', "answer like NHS's public sandbox: open access and stateless (no de-duplication; GET knows only NHS's fixed ids)")
    .option('--ledger-file <path>', 'also append the ledger to this JSONL file')
    .option('--fast', 'millisecond lifecycle timings (tests and benchmarks)')
    .option('--quota <n>', 'per-application requests per minute before 429', parseInteger)
    .option('--admin-token <token>', 'require Authorization: Bearer <token> on /_admin (loopback-only either way)', process.env.SIMULATOR_ADMIN_TOKEN);
  program.parse([...argv]);
  const opts = program.opts<CliOptions>();
  const options = optionsFrom(opts);
  const sim = await startSimulator(options);
  const mode = options.sandbox === true ? "NHS's sandbox: open access, stateless" : options.openAccess === true ? 'open access, like the sandbox' : 'signed-JWT auth';
  console.log(`NHS Notify simulator listening (${mode})`);
  console.log(`  API base URL : ${sim.baseUrl}`);
  console.log(`  token URL    : ${sim.tokenUrl}`);
  console.log(`  admin        : ${sim.url}/_admin/{faults,ledger,counters,reset} (loopback only${options.adminToken === undefined ? '' : ', bearer token'})`);
  if (options.callbacks !== undefined) console.log(`  callbacks to : ${options.callbacks.url}`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  run(process.argv).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
