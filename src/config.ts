/**
 * All configuration, parsed once at boot from the environment with one zod schema.
 * A missing or invalid variable stops the process with an error naming the variable. Non-local tiers must use
 * https: URLs on allow-listed hosts. Only `redactedConfig()` is ever logged.
 */
import { parseConfigSubscriptions, type WebhookSubscription } from './domain/webhooks/subscription';
import type { WebhookDeliveryPolicy } from '../workflows/webhooks/webhook-contract';
import { z } from 'zod';
import { ROUTING_PLAN_NAMES, ROUTING_PLANS, type RoutingPlanName } from './domain/routing-plans';

export const TIERS = ['local', 'int', 'prod'] as const;
export type Tier = (typeof TIERS)[number];

/** What this process runs: `all` (the embedded default), or one scalable part against a shared Temporal. */
export const ROLES = ['all', 'api', 'worker'] as const;
export type Role = (typeof ROLES)[number];

const port = z.coerce.number().int().min(1).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const optionalString = z.string().min(1).optional();

/** Variables whose values are secrets: never logged, never echoed in errors. */
export const SECRET_VARIABLES = new Set(['TEMPORAL_API_KEY', 'NOTIFY_API_KEY', 'NOTIFY_SIGNING_KEY_PEM', 'NOTIFY_CALLBACK_API_KEYS',
  'JOURNEY_ID_SECRET', 'GATEWAY_API_KEYS', 'PAYLOAD_ENCRYPTION_KEYS', 'WEBHOOK_SUBSCRIPTIONS', 'AUDIT_DATABASE_URL', 'AUDIT_PATIENT_KEYS', 'CONSOLE_SESSION_SECRET', 'CONSOLE_OIDC_CLIENT_SECRET', 'OPS_API_KEY']);

/** NHS Notify hosts a non-local tier may talk to (A7); NOTIFY_ALLOWED_HOSTS replaces the list. */
export const NHS_NOTIFY_HOSTS = ['api.service.nhs.uk', 'int.api.service.nhs.uk', 'sandbox.api.service.nhs.uk'];
const NHS_SANDBOX_HOST = 'sandbox.api.service.nhs.uk';

/** keyId=base64 of exactly 32 bytes (44 characters ending in one '='). */
const PAYLOAD_KEY_ENTRY = /^[A-Za-z0-9._-]{1,64}=[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

const csv = z.string().transform((v) => v.split(',').map((item) => item.trim()).filter(Boolean));

/** NOTIFY_ROUTING_PLAN_NHSAPP_ONLY, …: the routingPlanId NHS Notify onboarding gave for each logical plan. */
/**
 * The worker's workflow cache, sized from its memory budget (WORKER_MEMORY_BUDGET_MIB). A cached journey holds
 * about 0.3 MiB of worker memory (its sandbox module instances and workflow state; `npm run bench:workflow-cache`
 * measured 0.29); the rest of the worker (runtime, bundle, activities, connections, and the replays and
 * evictions of a start burst) about 400 MiB (bench:scale, docs/scale.md). An unbounded cache grows with the
 * open journeys (the SDK's heap-derived default let 10,000 idle journeys take 2.5 GiB); a bounded one evicts
 * the least recently used, which then costs one replay of its short history when it next wakes (a timer, a
 * callback, a cancel).
 */
const WORKER_BASE_MIB = 400;
const KIB_PER_CACHED_WORKFLOW = 300;
export const CACHED_WORKFLOWS_BOUNDS = { min: 50, max: 4_000 } as const;

export function cachedWorkflowsFor(memoryBudgetMib: number): number {
  const fits = Math.floor(((memoryBudgetMib - WORKER_BASE_MIB) * 1024) / KIB_PER_CACHED_WORKFLOW);
  return Math.min(CACHED_WORKFLOWS_BOUNDS.max, Math.max(CACHED_WORKFLOWS_BOUNDS.min, fits));
}

export function routingPlanVariable(name: RoutingPlanName): string {
  return `NOTIFY_ROUTING_PLAN_${name.toUpperCase().replace(/-/g, '_')}`;
}
const routingPlanVariables = Object.fromEntries(ROUTING_PLAN_NAMES.map((name) => [routingPlanVariable(name), z.uuid().optional()]));

export const EnvSchema = z.object({
  ...routingPlanVariables,
  TIER: z.enum(TIERS).default('local'),
  ROLE: z.enum(ROLES).default('all'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),

  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  /** The ops CLI's way to the journeys API (journeys, escalations): default http://API_HOST:API_PORT. */
  OPS_API_URL: z.url().optional(),
  /** The ops CLI's API key (scopes journeys:read, journeys:write, escalations). Local: the development key in DATA_DIR. */
  OPS_API_KEY: optionalString,
  /** ROLE=worker: /healthz, /readyz and /metrics. */
  WORKER_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  WORKER_HTTP_PORT: port.default(3001),
  /** host:port where the worker's SDK runtime serves Prometheus metrics (worker and journey outcome metrics); unset → off. */
  SDK_METRICS_ADDRESS: z.string().regex(/^[^:\s]+:\d{1,5}$/, 'must be host:port').optional(),

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
  WORKER_MEMORY_BUDGET_MIB: positiveInt.default(768),
  WORKER_SHUTDOWN_GRACE_MS: positiveInt.default(10_000),

  // NHS Notify (outbound). Local defaults point at the embedded simulator.
  NOTIFY_BASE_URL: z.url().optional(),
  NOTIFY_TOKEN_URL: z.url().optional(),
  NOTIFY_AUTH: z.enum(['signed-jwt', 'none']).default('signed-jwt'),
  NOTIFY_API_KEY: optionalString,
  NOTIFY_APPLICATION_ID: optionalString,
  /** kid=path.pem pairs, comma separated: every key that may sign; NOTIFY_ACTIVE_KID picks the signer. */
  NOTIFY_SIGNING_KEYS: csv.optional(),
  NOTIFY_SIGNING_KEY_PEM: optionalString,
  NOTIFY_SIGNING_KID: optionalString,
  NOTIFY_ACTIVE_KID: optionalString,
  NOTIFY_ALLOWED_HOSTS: csv.optional(),
  NOTIFY_CONNECT_TIMEOUT_MS: positiveInt.default(5_000),
  // NHS Notify answers 504 itself after 29 s, so headers get a little longer than that.
  NOTIFY_HEADERS_TIMEOUT_MS: positiveInt.default(35_000),
  NOTIFY_BODY_TIMEOUT_MS: positiveInt.default(10_000),
  NOTIFY_TOTAL_TIMEOUT_MS: positiveInt.default(45_000),
  /** Client assertion lifetime; NHS refuses more than 300 s. */
  NOTIFY_ASSERTION_LIFETIME_SECONDS: z.coerce.number().int().min(30).max(300).default(180),
  /** Server-side cap on send activities per second for the whole task queue: cohorts never exceed NHS's quota. */
  NOTIFY_MAX_SENDS_PER_SECOND: positiveInt.default(20),

  // NHS Notify callbacks (inbound). The HMAC key of each is "<NOTIFY_APPLICATION_ID>.<api key>".
  NOTIFY_CALLBACK_API_KEYS: csv.optional(),
  CALLBACK_BODY_LIMIT_BYTES: positiveInt.default(256 * 1024),
  // NHS Notify retries a callback for 2 h, so a shorter window would let a retry through as new (S6).
  CALLBACK_DEDUPE_TTL_MS: positiveInt.min(2 * 60 * 60 * 1000, 'must be at least 7200000 (NHS retries callbacks for 2 h)').default(3 * 60 * 60 * 1000),
  // Cohorts (POST /v1/cohorts): patients per request, and its JSON body limit. Rows are kept encrypted under DATA_DIR/cohorts.
  COHORT_MAX_PATIENTS: positiveInt.max(1_000_000).default(100_000),
  COHORT_BODY_LIMIT_BYTES: positiveInt.default(64 * 1024 * 1024),
  // Sending controls (kill switch, dry run): how stale a worker's view may be; how often a held journey re-checks.
  SENDING_CONTROLS_CACHE_MS: positiveInt.max(30_000, 'must be at most 30000 (a pause must take effect within seconds)').default(1_000),
  SENDING_CONTROLS_RECHECK_MS: positiveInt.min(1_000).default(5 * 60_000),

  // The local NHS Notify simulator (embedded default).
  SIMULATOR_ENABLED: bool.optional(),
  SIMULATOR_PORT: port.default(3100),

  // Journeys API credentials: id:sha256hex:scope+scope entries (see docs/gateway-auth.md).
  GATEWAY_API_KEYS: csv.optional(),
  /** issuer|audience|jwksUrl entries: bearer JWTs accepted beside API keys. */
  GATEWAY_JWT_ISSUERS: csv.optional(),
  /** Require the `metrics` scope on /metrics. Default: off in local, on elsewhere. */
  GATEWAY_PROTECT_METRICS: bool.optional(),

  // Journeys.
  /** HMAC key for journey workflow ids (>= 32 bytes). Local: generated once into DATA_DIR. */
  JOURNEY_ID_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * Multiplies every journey duration (deadlines, callback timeouts, letter lead time, escalation SLA).
   * 1 in int and prod; the local default 1/60 turns an hour into a minute so the demo shows every path.
   */
  JOURNEY_TIME_SCALE: z.coerce.number().positive().max(1).optional(),
  /** The journey catalogue: YAML definitions and their lock file (docs/catalogue.md). Default: the built-in one. */
  CATALOGUE_DIR: z.string().min(1).optional(),

  // Temporal payload encryption (docs/privacy.md). Local: one key generated once into DATA_DIR.
  /** keyId=base64 (32 bytes) entries: every key that may decrypt; PAYLOAD_ENCRYPTION_ACTIVE_KEY encrypts. */
  PAYLOAD_ENCRYPTION_KEYS: csv.pipe(z.array(z.string().regex(PAYLOAD_KEY_ENTRY, 'entries must be keyId=base64 of 32 bytes')).min(1)).optional(),
  /** The key id new payloads are sealed with; default: the last entry of PAYLOAD_ENCRYPTION_KEYS. */
  PAYLOAD_ENCRYPTION_ACTIVE_KEY: optionalString,
  /** Web UI origins (e.g. https://temporal-ui.example.nhs.uk) allowed to call /codec from a browser. */
  PAYLOAD_CODEC_CORS_ORIGINS: csv.pipe(z.array(z.url())).optional(),

  // Outbound webhooks to clinical systems (docs/webhooks.md).
  /** A JSON array of {id, url, eventTypes, journeyTypes?, system?, secrets}: subscriptions kept in config. */
  WEBHOOK_SUBSCRIPTIONS: optionalString,
  /** How long one event is retried for (default 24 h). */
  WEBHOOK_RETRY_WINDOW_MS: positiveInt.default(24 * 60 * 60_000),
  /** One attempt, connect to last byte: a hanging receiver is cut off here. */
  WEBHOOK_ATTEMPT_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
  WEBHOOK_INITIAL_RETRY_MS: positiveInt.default(5_000),
  WEBHOOK_MAX_RETRY_MS: positiveInt.default(60 * 60_000),
  /** Refuse receivers on private, loopback and link-local addresses (SSRF). Default: on outside local. */
  WEBHOOK_BLOCK_PRIVATE_ADDRESSES: bool.optional(),
  /** The registry workflow holding API-made subscriptions. Default: webhook-registry-<TEMPORAL_TASK_QUEUE>. */
  WEBHOOK_REGISTRY_WORKFLOW_ID: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/).optional(),
  // The communications record (docs/communications-record.md). Local: an embedded PostgreSQL under DATA_DIR.
  /** postgres://… of the record's database; required outside local (local split roles without it: the record is off). */
  AUDIT_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** keyId=base64 (>= 32 bytes) entries keying the NHS number (HMAC); every key a lookup tries. Local: generated. */
  AUDIT_PATIENT_KEYS: csv.optional(),
  /** The key id new rows are keyed with; default: the last entry of AUDIT_PATIENT_KEYS. */
  AUDIT_PATIENT_KEY_ID: optionalString,
  /** How long a finished journey's record is kept: the trust's records-management decision, required outside local. */
  AUDIT_RETENTION_DAYS: positiveInt.optional(),

  // The staff console under /console (src/console, docs/console.md).
  CONSOLE_ENABLED: bool.optional(),
  /** The console's public origin, e.g. https://notify-journeys.example.nhs.uk (the OIDC redirect is <origin>/console/callback). */
  CONSOLE_PUBLIC_URL: z.url().optional(),
  CONSOLE_OIDC_ISSUER: z.url().optional(),
  CONSOLE_OIDC_CLIENT_ID: optionalString,
  CONSOLE_OIDC_CLIENT_SECRET: optionalString,
  /** The ID token claim holding the person's roles. */
  CONSOLE_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** Claim values that admit a person as staff, and those that also grant the sending controls. */
  CONSOLE_ALLOWED_ROLES: csv.default(['notify-journeys-staff']),
  CONSOLE_OPS_ROLES: csv.default(['notify-journeys-ops']),
  /** Session and CSRF key (>= 32 characters). Local: generated once into DATA_DIR. */
  CONSOLE_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The absolute lifetime of a console session, and how long one may sit idle (the sooner ends it). */
  CONSOLE_SESSION_MINUTES: z.coerce.number().int().min(5).max(480).default(30),
  CONSOLE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(480).default(15),
  /** Local tier only (refused elsewhere): a sign-in without an identity provider. Default on in local. */
  CONSOLE_DEV_SIGN_IN: bool.optional(),
});
export type Env = z.infer<typeof EnvSchema>;

export interface TemporalConfig {
  /** Undefined in the local tier means: start the embedded dev server. */
  readonly address: string | undefined;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly embedded: { readonly grpcPort: number; readonly uiPort: number; readonly cliPath: string | undefined; readonly dbFile: string } | undefined;
  readonly worker: { readonly maxConcurrentActivities: number; readonly maxConcurrentWorkflowTasks: number; readonly maxCachedWorkflows: number; readonly shutdownGraceMs: number };
}

export interface NotifyConfig {
  readonly baseUrl: string;
  readonly auth: { readonly kind: 'none' } | {
    readonly kind: 'signed-jwt'; readonly tokenUrl: string; readonly apiKey: string;
    readonly keyFiles: readonly { kid: string; path: string }[]; readonly keyPem: { kid: string; pem: string } | undefined;
    readonly activeKid: string | undefined;
  };
  readonly applicationId: string;
  readonly timeouts: { readonly connectMs: number; readonly headersMs: number; readonly bodyMs: number; readonly totalMs: number };
  readonly assertionLifetimeSeconds: number;
  readonly maxSendsPerSecond: number;
  readonly callbackApiKeys: readonly string[];
  /** Logical plan name → routingPlanId. Local: the simulator's fixed ids; elsewhere only what is configured. */
  readonly routingPlanIds: Readonly<Partial<Record<RoutingPlanName, string>>>;
}

export interface Config {
  readonly tier: Tier;
  readonly role: Role;
  /** The worker role's own health and metrics endpoint. */
  readonly workerHttp: { readonly host: string; readonly port: number };
  /** Where the SDK runtime serves its Prometheus metrics (SDK_METRICS_ADDRESS). */
  readonly sdkMetricsAddress: string | undefined;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly dataDir: string;
  readonly api: { readonly host: string; readonly port: number };
  /** How the ops CLI reaches the journeys API; the key is undefined in local until the dev bootstrap writes one. */
  readonly ops: { readonly apiUrl: string; readonly apiKey: string | undefined };
  readonly temporal: TemporalConfig;
  readonly notify: NotifyConfig;
  /** The embedded NHS Notify simulator, when this process runs one. */
  readonly simulator: { readonly port: number } | undefined;
  readonly callbacks: { readonly bodyLimitBytes: number; readonly dedupeTtlMs: number };
  readonly controls: { readonly cacheMs: number; readonly recheckAfterMs: number };
  /** Cohorts sent through message batches: where their encrypted rows live, and the API's limits. */
  readonly cohorts: { readonly dir: string; readonly maxPatients: number; readonly bodyLimitBytes: number };
  /** Undefined in local until the dev bootstrap fills them in (src/local-dev.ts). */
  readonly gateway: { readonly apiKeys: readonly string[] | undefined; readonly jwtIssuers: readonly string[]; readonly protectMetrics: boolean };
  readonly journeys: { readonly idSecret: string | undefined; readonly timeScale: number; readonly catalogueDir: string | undefined };
  /** Temporal payload encryption keys; undefined keys in local until the dev bootstrap generates one. */
  readonly payloadEncryption: {
    readonly keys: readonly string[] | undefined; readonly activeKeyId: string | undefined; readonly codecCorsOrigins: readonly string[];
  };
  readonly webhooks: WebhookConfig;
  /** The communications record: a server (url) or the embedded one under DATA_DIR; keys undefined in local until generated. */
  readonly audit: {
    readonly databaseUrl: string | undefined; readonly embeddedDir: string;
    readonly patientKeys: readonly string[] | undefined; readonly patientKeyId: string | undefined;
    /** Undefined only in local: no expiry runs. */
    readonly retentionDays: number | undefined;
  };
  /** The validated environment, for modules that read their own variables through it. */
  readonly env: Env;
}

export interface WebhookConfig {
  readonly subscriptions: readonly WebhookSubscription[];
  readonly policy: WebhookDeliveryPolicy;
  /** Outside local: receivers must be https. */
  readonly requireHttps: boolean;
  readonly blockPrivateAddresses: boolean;
  readonly registryWorkflowId: string;
}

function webhookConfigOf(env: Env, local: boolean): WebhookConfig {
  const requireHttps = !local;
  let subscriptions: WebhookSubscription[] = [];
  try {
    subscriptions = env.WEBHOOK_SUBSCRIPTIONS === undefined ? [] : parseConfigSubscriptions(env.WEBHOOK_SUBSCRIPTIONS, { requireHttps }, new Date().toISOString());
  } catch (error) {
    throw new ConfigError([{ variable: 'WEBHOOK_SUBSCRIPTIONS', message: error instanceof Error ? error.message : 'is invalid' }]);
  }
  return {
    subscriptions, requireHttps, blockPrivateAddresses: env.WEBHOOK_BLOCK_PRIVATE_ADDRESSES ?? !local,
    // One registry per task queue: it runs on that queue's workers, so stacks sharing a namespace never share one.
    registryWorkflowId: env.WEBHOOK_REGISTRY_WORKFLOW_ID ?? `webhook-registry-${env.TEMPORAL_TASK_QUEUE}`,
    policy: {
      windowMs: env.WEBHOOK_RETRY_WINDOW_MS, attemptTimeoutMs: env.WEBHOOK_ATTEMPT_TIMEOUT_MS,
      initialIntervalMs: env.WEBHOOK_INITIAL_RETRY_MS, maximumIntervalMs: env.WEBHOOK_MAX_RETRY_MS,
    },
  };
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
  } else if (env.ROLE !== 'all' && !env.TEMPORAL_ADDRESS) {
    // An embedded dev server belongs to one process; split roles share a Temporal that runs on its own.
    problems.push({ variable: 'TEMPORAL_ADDRESS', message: `required with ROLE=${env.ROLE} (e.g. npm run temporal:cluster)` });
  }
  if (env.TIER !== 'local') problems.push(...nonLocalNotifyRules(env));
  if (env.NOTIFY_SIGNING_KEY_PEM && !env.NOTIFY_SIGNING_KID) {
    problems.push({ variable: 'NOTIFY_SIGNING_KID', message: 'required with NOTIFY_SIGNING_KEY_PEM (the kid registered with NHS)' });
  }
  const payloadKeyIds = env.PAYLOAD_ENCRYPTION_KEYS?.map((entry) => entry.slice(0, entry.indexOf('=')));
  if (env.PAYLOAD_ENCRYPTION_ACTIVE_KEY && !payloadKeyIds?.includes(env.PAYLOAD_ENCRYPTION_ACTIVE_KEY)) {
    problems.push({ variable: 'PAYLOAD_ENCRYPTION_ACTIVE_KEY', message: 'must name a key id listed in PAYLOAD_ENCRYPTION_KEYS' });
  }
  if (payloadKeyIds && new Set(payloadKeyIds).size !== payloadKeyIds.length) {
    problems.push({ variable: 'PAYLOAD_ENCRYPTION_KEYS', message: 'a key id is listed twice' });
  }
  problems.push(...auditRules(env));
  problems.push(...consoleRules(env));
  if (env.TEMPORAL_TLS_CLIENT_CERT_PATH && !env.TEMPORAL_TLS_CLIENT_KEY_PATH) {
    problems.push({ variable: 'TEMPORAL_TLS_CLIENT_KEY_PATH', message: 'required with TEMPORAL_TLS_CLIENT_CERT_PATH (mTLS needs both)' });
  }
  return problems;
}

/** The record's server, keys and retention are the trust's to give outside local; the embedded store is one process's. */
function auditRules(env: Env): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  // Local split roles without a server run with the record off (the embedded store belongs to one process): see the stack.
  if (env.TIER !== 'local') {
    if (!env.AUDIT_DATABASE_URL) problems.push({ variable: 'AUDIT_DATABASE_URL', message: `required in the ${env.TIER} tier` });
    if (!env.AUDIT_PATIENT_KEYS) problems.push({ variable: 'AUDIT_PATIENT_KEYS', message: `required in the ${env.TIER} tier` });
    if (env.AUDIT_RETENTION_DAYS === undefined) {
      problems.push({ variable: 'AUDIT_RETENTION_DAYS', message: `required in the ${env.TIER} tier: the trust's retention decision (NHS Records Management Code of Practice)` });
    }
  }
  return problems;
}

/** Whether this process serves the staff console: on in local; elsewhere once an identity provider is configured. */
export function consoleEnabled(env: Env): boolean {
  return env.ROLE !== 'worker' && (env.CONSOLE_ENABLED ?? (env.TIER === 'local' || env.CONSOLE_OIDC_ISSUER !== undefined));
}

/** The console outside local: never the dev sign-in; when it runs, a real identity provider over https and a configured secret. */
function consoleRules(env: Env): { variable: string; message: string }[] {
  if (env.TIER === 'local') return [];
  const problems: { variable: string; message: string }[] = [];
  if (env.CONSOLE_DEV_SIGN_IN) problems.push({ variable: 'CONSOLE_DEV_SIGN_IN', message: `refused in the ${env.TIER} tier (local only)` });
  if (!consoleEnabled(env)) return problems;
  for (const variable of ['CONSOLE_PUBLIC_URL', 'CONSOLE_OIDC_ISSUER', 'CONSOLE_OIDC_CLIENT_ID', 'CONSOLE_OIDC_CLIENT_SECRET', 'CONSOLE_SESSION_SECRET'] as const) {
    if (env[variable] === undefined) problems.push({ variable, message: `required in the ${env.TIER} tier for the staff console (or CONSOLE_ENABLED=false)` });
  }
  for (const variable of ['CONSOLE_PUBLIC_URL', 'CONSOLE_OIDC_ISSUER'] as const) {
    const value = env[variable];
    if (value !== undefined && new URL(value).protocol !== 'https:') problems.push({ variable, message: `must be an https: URL in the ${env.TIER} tier` });
  }
  return problems;
}

/** A7: outside local, NHS Notify is reached over https: on an allow-listed host, with real credentials. */
function nonLocalNotifyRules(env: Env): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  const allowed = env.NOTIFY_ALLOWED_HOSTS ?? NHS_NOTIFY_HOSTS;
  const urlVariables = env.NOTIFY_AUTH === 'none' ? (['NOTIFY_BASE_URL'] as const) : (['NOTIFY_BASE_URL', 'NOTIFY_TOKEN_URL'] as const);
  for (const variable of urlVariables) {
    const value = env[variable];
    if (!value) {
      problems.push({ variable, message: `required in the ${env.TIER} tier` });
      continue;
    }
    const url = new URL(value);
    if (url.protocol !== 'https:') problems.push({ variable, message: `must be an https: URL in the ${env.TIER} tier` });
    else if (!allowed.includes(url.hostname)) problems.push({ variable, message: `host is not in NOTIFY_ALLOWED_HOSTS (${allowed.join(', ')})` });
  }
  if (env.NOTIFY_AUTH === 'none' && env.NOTIFY_BASE_URL && new URL(env.NOTIFY_BASE_URL).hostname !== NHS_SANDBOX_HOST) {
    problems.push({ variable: 'NOTIFY_AUTH', message: `'none' is only for NHS's public sandbox (${NHS_SANDBOX_HOST})` });
  }
  const required: (keyof Env)[] = ['JOURNEY_ID_SECRET', 'NOTIFY_APPLICATION_ID', 'NOTIFY_CALLBACK_API_KEYS', 'GATEWAY_API_KEYS', 'PAYLOAD_ENCRYPTION_KEYS',
    ...(env.NOTIFY_AUTH === 'signed-jwt' ? (['NOTIFY_API_KEY'] as const) : [])];
  for (const variable of required) {
    if (env[variable] === undefined) problems.push({ variable, message: `required in the ${env.TIER} tier` });
  }
  if (env.NOTIFY_AUTH === 'signed-jwt' && !env.NOTIFY_SIGNING_KEYS && !env.NOTIFY_SIGNING_KEY_PEM) {
    problems.push({ variable: 'NOTIFY_SIGNING_KEYS', message: `a signing key is required in the ${env.TIER} tier (or NOTIFY_SIGNING_KEY_PEM)` });
  }
  return problems;
}

function parseKeyFiles(entries: readonly string[] | undefined): { kid: string; path: string }[] {
  return (entries ?? []).map((entry) => {
    const [kid, ...path] = entry.split('=');
    return { kid: kid ?? '', path: path.join('=') };
  });
}

function routingPlanIdsOf(source: NodeJS.ProcessEnv, local: boolean): Partial<Record<RoutingPlanName, string>> {
  const ids: Partial<Record<RoutingPlanName, string>> = {};
  for (const name of ROUTING_PLAN_NAMES) {
    const configured = source[routingPlanVariable(name)];
    if (configured) ids[name] = configured;
    else if (local) ids[name] = ROUTING_PLANS[name].localId;
  }
  return ids;
}

/** A server listening on every interface is reached on loopback from the same machine. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Local tier: the embedded simulator and dev credentials stand in for NHS Notify. */
const LOCAL_NOTIFY_DEFAULTS = { apiKey: 'local-dev-api-key', applicationId: 'local-dev-application', callbackApiKey: 'local-dev-callback-key' };

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

  const keyFiles = parseKeyFiles(env.NOTIFY_SIGNING_KEYS);
  if (keyFiles.some((k) => !k.kid || !k.path)) throw new ConfigError([{ variable: 'NOTIFY_SIGNING_KEYS', message: 'entries must be kid=path.pem' }]);
  const local = env.TIER === 'local';
  // A worker only calls NHS Notify; the simulator calls back to an API, so it runs beside one.
  const simulatorEnabled = env.SIMULATOR_ENABLED ?? (local && env.ROLE !== 'worker');
  const simulatorUrl = `http://127.0.0.1:${env.SIMULATOR_PORT}`;

  return {
    tier: env.TIER,
    role: env.ROLE,
    workerHttp: { host: env.WORKER_HTTP_HOST, port: env.WORKER_HTTP_PORT },
    sdkMetricsAddress: env.SDK_METRICS_ADDRESS,
    logLevel: env.LOG_LEVEL,
    dataDir: env.DATA_DIR,
    api: { host: env.API_HOST, port: env.API_PORT },
    ops: { apiUrl: env.OPS_API_URL ?? `http://${reachableHost(env.API_HOST)}:${env.API_PORT}`, apiKey: env.OPS_API_KEY },
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
        maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS ?? cachedWorkflowsFor(env.WORKER_MEMORY_BUDGET_MIB),
        shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE_MS,
      },
    },
    notify: {
      baseUrl: env.NOTIFY_BASE_URL ?? `${simulatorUrl}/comms`,
      auth: env.NOTIFY_AUTH === 'none' ? { kind: 'none' } : {
        kind: 'signed-jwt',
        tokenUrl: env.NOTIFY_TOKEN_URL ?? `${simulatorUrl}/oauth2/token`,
        apiKey: env.NOTIFY_API_KEY ?? LOCAL_NOTIFY_DEFAULTS.apiKey,
        keyFiles,
        keyPem: env.NOTIFY_SIGNING_KEY_PEM && env.NOTIFY_SIGNING_KID ? { kid: env.NOTIFY_SIGNING_KID, pem: env.NOTIFY_SIGNING_KEY_PEM } : undefined,
        activeKid: env.NOTIFY_ACTIVE_KID,
      },
      applicationId: env.NOTIFY_APPLICATION_ID ?? LOCAL_NOTIFY_DEFAULTS.applicationId,
      timeouts: { connectMs: env.NOTIFY_CONNECT_TIMEOUT_MS, headersMs: env.NOTIFY_HEADERS_TIMEOUT_MS, bodyMs: env.NOTIFY_BODY_TIMEOUT_MS, totalMs: env.NOTIFY_TOTAL_TIMEOUT_MS },
      assertionLifetimeSeconds: env.NOTIFY_ASSERTION_LIFETIME_SECONDS,
      maxSendsPerSecond: env.NOTIFY_MAX_SENDS_PER_SECOND,
      callbackApiKeys: env.NOTIFY_CALLBACK_API_KEYS ?? [LOCAL_NOTIFY_DEFAULTS.callbackApiKey],
      routingPlanIds: routingPlanIdsOf(source, local),
    },
    simulator: simulatorEnabled ? { port: env.SIMULATOR_PORT } : undefined,
    callbacks: { bodyLimitBytes: env.CALLBACK_BODY_LIMIT_BYTES, dedupeTtlMs: env.CALLBACK_DEDUPE_TTL_MS },
    cohorts: { dir: `${env.DATA_DIR}/cohorts`, maxPatients: env.COHORT_MAX_PATIENTS, bodyLimitBytes: env.COHORT_BODY_LIMIT_BYTES },
    controls: { cacheMs: env.SENDING_CONTROLS_CACHE_MS, recheckAfterMs: env.SENDING_CONTROLS_RECHECK_MS },
    gateway: { apiKeys: env.GATEWAY_API_KEYS, jwtIssuers: env.GATEWAY_JWT_ISSUERS ?? [], protectMetrics: env.GATEWAY_PROTECT_METRICS ?? !local },
    journeys: { idSecret: env.JOURNEY_ID_SECRET, timeScale: env.JOURNEY_TIME_SCALE ?? (local ? 1 / 60 : 1), catalogueDir: env.CATALOGUE_DIR },
    payloadEncryption: { keys: env.PAYLOAD_ENCRYPTION_KEYS, activeKeyId: env.PAYLOAD_ENCRYPTION_ACTIVE_KEY, codecCorsOrigins: env.PAYLOAD_CODEC_CORS_ORIGINS ?? [] },
    webhooks: webhookConfigOf(env, local),
    audit: {
      databaseUrl: env.AUDIT_DATABASE_URL, embeddedDir: `${env.DATA_DIR}/audit-pg`, patientKeys: env.AUDIT_PATIENT_KEYS,
      patientKeyId: env.AUDIT_PATIENT_KEY_ID, retentionDays: env.AUDIT_RETENTION_DAYS,
    },
    env,
  };
}

/** The only view of config that may be logged (P7): secrets replaced, presence still visible. */
export function redactedConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config.env).map(([key, value]) =>
    [key, SECRET_VARIABLES.has(key) && value !== undefined ? '[redacted]' : value]));
}
