/**
 * All configuration, parsed once at boot from the environment with one zod schema (style lesson 5).
 * A missing or invalid variable stops the process with an error naming the variable. Non-local tiers must use
 * https: URLs on allow-listed hosts. Only `redactedConfig()` is ever logged.
 */
import { z } from 'zod';

export const TIERS = ['local', 'int', 'prod'] as const;
export type Tier = (typeof TIERS)[number];

const port = z.coerce.number().int().min(1).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const optionalString = z.string().min(1).optional();

/** Variables whose values are secrets: never logged, never echoed in errors. */
export const SECRET_VARIABLES = new Set(['TEMPORAL_API_KEY', 'NOTIFY_API_KEY', 'NOTIFY_SIGNING_KEYS', 'NOTIFY_CALLBACK_API_KEYS',
  'JOURNEY_ID_SECRET', 'GATEWAY_API_KEYS', 'SIMULATOR_CALLBACK_API_KEY']);

export const EnvSchema = z.object({
  TIER: z.enum(TIERS).default('local'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),

  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),

  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_TLS: bool.optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: optionalString,
  TEMPORAL_TLS_CLIENT_KEY_PATH: optionalString,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: optionalString,
  TEMPORAL_TLS_SERVER_NAME: optionalString,
  TEMPORAL_GRPC_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: optionalString,
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('notify-journeys'),

  WORKER_MAX_CONCURRENT_ACTIVITIES: positiveInt.default(50),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: positiveInt.default(40),
  WORKER_MAX_CACHED_WORKFLOWS: positiveInt.optional(),
  WORKER_SHUTDOWN_GRACE_MS: positiveInt.default(10_000),
});
export type Env = z.infer<typeof EnvSchema>;

export interface TemporalConfig {
  /** Undefined in the local tier means: start the embedded dev server. */
  readonly address: string | undefined;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly embedded: { readonly grpcPort: number; readonly uiPort: number; readonly cliPath: string | undefined; readonly dbFile: string } | undefined;
  readonly worker: { readonly maxConcurrentActivities: number; readonly maxConcurrentWorkflowTasks: number; readonly maxCachedWorkflows: number | undefined; readonly shutdownGraceMs: number };
}

export interface Config {
  readonly tier: Tier;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly dataDir: string;
  readonly api: { readonly host: string; readonly port: number };
  readonly temporal: TemporalConfig;
  /** The validated environment, for modules that read their own variables through it. */
  readonly env: Env;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

/** Cross-field rules the per-variable schema cannot express. */
function tierRules(env: Env): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  if (env.TIER !== 'local' && !env.TEMPORAL_ADDRESS) {
    problems.push({ variable: 'TEMPORAL_ADDRESS', message: `required in the ${env.TIER} tier (no embedded server outside local)` });
  }
  if (env.TEMPORAL_TLS_CLIENT_CERT_PATH && !env.TEMPORAL_TLS_CLIENT_KEY_PATH) {
    problems.push({ variable: 'TEMPORAL_TLS_CLIENT_KEY_PATH', message: 'required with TEMPORAL_TLS_CLIENT_CERT_PATH (mTLS needs both)' });
  }
  return problems;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(root)'),
      // zod messages describe the rule, not the value, so they are safe to show even for secrets.
      message: issue.message,
    })));
  }
  const env = parsed.data;
  const problems = tierRules(env);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    tier: env.TIER,
    logLevel: env.LOG_LEVEL,
    dataDir: env.DATA_DIR,
    api: { host: env.API_HOST, port: env.API_PORT },
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      embedded: env.TEMPORAL_ADDRESS ? undefined : {
        grpcPort: env.TEMPORAL_GRPC_PORT, uiPort: env.TEMPORAL_UI_PORT, cliPath: env.TEMPORAL_CLI_PATH,
        dbFile: `${env.DATA_DIR}/temporal.sqlite`,
      },
      worker: {
        maxConcurrentActivities: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
        maxConcurrentWorkflowTasks: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
        maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
        shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE_MS,
      },
    },
    env,
  };
}

/** The only view of config that may be logged (P7): secrets replaced, presence still visible. */
export function redactedConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config.env).map(([key, value]) =>
    [key, SECRET_VARIABLES.has(key) && value !== undefined ? '[redacted]' : value]));
}
