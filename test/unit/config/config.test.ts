import { describe, expect, it } from 'vitest';
import { problemsOf } from './problems-of';
import { CACHED_WORKFLOWS_BOUNDS, cachedWorkflowsFor, loadConfig, redactedConfig } from '../../../src/config';

describe('config', () => {
  it('defaults to the local tier with an embedded Temporal on the fixed ports', () => {
    const config = loadConfig({});
    expect(config.tier).toBe('local');
    expect(config.api.port).toBe(3000);
    expect(config.temporal.embedded).toMatchObject({ grpcPort: 7233, uiPort: 8233, dbFile: '.data/temporal.sqlite' });
  });

  it('starts no embedded server when TEMPORAL_ADDRESS points at an existing Temporal', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'temporal.example.internal:7233' });
    expect(config.temporal.embedded).toBeUndefined();
    expect(config.temporal.address).toBe('temporal.example.internal:7233');
  });

  it('L4: bounds the workflow cache by default, sized from the worker memory budget; an explicit size wins', () => {
    // (budget − 400 MiB) at 300 KiB a cached workflow (docs/scale.md)
    expect(loadConfig({}).temporal.worker.maxCachedWorkflows).toBe(1256); // the 768 MiB default budget
    expect(loadConfig({ WORKER_MEMORY_BUDGET_MIB: '1024' }).temporal.worker.maxCachedWorkflows).toBe(2129);
    expect(loadConfig({ WORKER_MEMORY_BUDGET_MIB: '1024', WORKER_MAX_CACHED_WORKFLOWS: '100' }).temporal.worker.maxCachedWorkflows).toBe(100);
    // A budget too small for the worker itself still caches a few; a huge one is capped, never unbounded.
    expect(cachedWorkflowsFor(128)).toBe(CACHED_WORKFLOWS_BOUNDS.min);
    expect(cachedWorkflowsFor(1_000_000)).toBe(CACHED_WORKFLOWS_BOUNDS.max);
    expect(problemsOf({ WORKER_MEMORY_BUDGET_MIB: '0' }).map((p) => p.variable)).toEqual(['WORKER_MEMORY_BUDGET_MIB']);
  });

  it('names the variable when one is invalid', () => {
    expect(problemsOf({ API_PORT: 'eighty' }).map((p) => p.variable)).toEqual(['API_PORT']);
    expect(problemsOf({ TIER: 'staging' }).map((p) => p.variable)).toEqual(['TIER']);
  });

  it('requires TEMPORAL_ADDRESS outside the local tier', () => {
    expect(problemsOf({ TIER: 'prod' })).toContainEqual(expect.objectContaining({ variable: 'TEMPORAL_ADDRESS' }));
  });

  const prod = {
    TIER: 'prod', TEMPORAL_ADDRESS: 'temporal.internal:7233', NOTIFY_BASE_URL: 'https://api.service.nhs.uk/comms',
    NOTIFY_TOKEN_URL: 'https://api.service.nhs.uk/oauth2/token', NOTIFY_API_KEY: 'k', NOTIFY_APPLICATION_ID: 'app',
    NOTIFY_SIGNING_KEYS: 'kid-1=/etc/keys/kid-1.pem', NOTIFY_CALLBACK_API_KEYS: 'cb', GATEWAY_API_KEYS: 'id:abc:journeys:read',
    JOURNEY_ID_SECRET: 'x'.repeat(32), PAYLOAD_ENCRYPTION_KEYS: `k1=${Buffer.alloc(32, 7).toString('base64')}`,
    AUDIT_DATABASE_URL: 'postgres://notify@audit-db.internal/notify_audit', AUDIT_PATIENT_KEYS: `p1=${Buffer.alloc(32, 9).toString('base64')}`,
    AUDIT_RETENTION_DAYS: '2922',
  };

  it('accepts a complete production configuration', () => {
    expect(problemsOf(prod)).toEqual([]);
    expect(loadConfig(prod).simulator).toBeUndefined();
  });

  it.each([
    ['NOTIFY_BASE_URL', 'http://api.service.nhs.uk/comms', 'https:'],
    ['NOTIFY_TOKEN_URL', 'http://api.service.nhs.uk/oauth2/token', 'https:'],
    ['NOTIFY_BASE_URL', 'https://evil.example.com/comms', 'NOTIFY_ALLOWED_HOSTS'],
    ['NOTIFY_TOKEN_URL', 'https://127.0.0.1:3100/oauth2/token', 'NOTIFY_ALLOWED_HOSTS'],
  ])('A7: outside local, %s=%s is refused at start-up', (variable, value, why) => {
    const problems = problemsOf({ ...prod, [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ variable });
    expect(problems[0]?.message).toContain(why);
  });

  it('A7: the local tier may use the loopback simulator over http:', () => {
    expect(loadConfig({}).notify.baseUrl).toBe('http://127.0.0.1:3100/comms');
  });

  it('K8: outside local the communications record needs its server, patient key and a retention the trust has decided', () => {
    const { AUDIT_DATABASE_URL: _a, AUDIT_PATIENT_KEYS: _b, AUDIT_RETENTION_DAYS: _c, ...missing } = prod;
    const problems = problemsOf(missing);
    expect(problems.map((p) => p.variable).sort()).toEqual(['AUDIT_DATABASE_URL', 'AUDIT_PATIENT_KEYS', 'AUDIT_RETENTION_DAYS']);
    expect(problems.find((p) => p.variable === 'AUDIT_RETENTION_DAYS')?.message).toContain('Records Management Code of Practice');
    expect(loadConfig({}).audit).toMatchObject({ databaseUrl: undefined, embeddedDir: '.data/audit-pg', retentionDays: undefined });
  });

  it('refuses to run without NHS credentials and secrets outside local', () => {
    const { NOTIFY_API_KEY: _a, JOURNEY_ID_SECRET: _b, NOTIFY_SIGNING_KEYS: _c, PAYLOAD_ENCRYPTION_KEYS: _d, ...missing } = prod;
    expect(problemsOf(missing).map((p) => p.variable).sort())
      .toEqual(['JOURNEY_ID_SECRET', 'NOTIFY_API_KEY', 'NOTIFY_SIGNING_KEYS', 'PAYLOAD_ENCRYPTION_KEYS']);
  });

  it('requires the key with an mTLS client certificate', () => {
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/certs/client.pem' }).map((p) => p.variable)).toEqual(['TEMPORAL_TLS_CLIENT_KEY_PATH']);
  });

  it('P7: the only loggable view of config hides every secret value but shows that it is set', () => {
    const secret = 'tmprl-canary-secret-value';
    const view = redactedConfig(loadConfig({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_API_KEY: secret }));
    expect(JSON.stringify(view)).not.toContain(secret);
    expect(view.TEMPORAL_API_KEY).toBe('[redacted]');
    expect(view.TEMPORAL_ADDRESS).toBe('x:7233');
  });

  it('never echoes a rejected value in the error', () => {
    const error = (() => { try { loadConfig({ API_PORT: 'secret-looking-value' }); } catch (e) { return e as Error; } return undefined; })();
    expect(error?.message).toContain('API_PORT');
    expect(error?.message).not.toContain('secret-looking-value');
  });
});
