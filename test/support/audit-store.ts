/**
 * The communications record for tests: a fresh database per run on the machine's PostgreSQL (127.0.0.1:5432,
 * trust auth), dropped afterwards, or an embedded PGlite in a temp dir. Both go through openAuditDatabase, so the
 * same migrations and grants are under test. A patient key made per store.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createFileBacklog, type FactBacklog } from '../../src/audit/fact-backlog';
import { createFactRecorder, type FactRecorder } from '../../src/audit/fact-recorder';
import { parsePatientKeys, type PatientKeyRing } from '../../src/audit/patient-key';
import { openAuditDatabase, type AuditDatabase, type OpenOptions } from '../../src/audit/store/database';
import { createLogger } from '../../src/observability/logger';

export const SERVER_URL = process.env.AUDIT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const STORE_KINDS = ['postgres', 'embedded'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface TestAuditStore {
  readonly db: AuditDatabase;
  readonly keys: PatientKeyRing;
  readonly backlog: FactBacklog;
  readonly recorder: FactRecorder;
  /** Connect as the owner (not the writer role): what a DBA or an attacker with the owner's password has. */
  readonly ownerUrl: string;
  readonly databaseName: string | undefined;
  close(): Promise<void>;
}

export function aPatientKeyRing(): PatientKeyRing {
  return parsePatientKeys([`test-1=${randomBytes(32).toString('base64')}`]);
}

/**
 * Names of the databases this run makes: `AUDIT_TEST_DATABASE_PREFIX` lets runs sharing one server (several
 * clones, a chaos run beside a test run) tell theirs apart. It is written into SQL, so only a plain identifier.
 */
function databasePrefix(): string {
  const prefix = process.env.AUDIT_TEST_DATABASE_PREFIX ?? 'notify_audit_test';
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(prefix)) throw new Error('AUDIT_TEST_DATABASE_PREFIX must be a lower-case identifier of at most 31 characters');
  return prefix;
}

/** A database of its own on the given server; returns its URL and how to drop it. */
export async function freshDatabase(serverUrl = SERVER_URL): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${databasePrefix()}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await withAdmin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => withAdmin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

async function withAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function openTestAuditStore(kind: StoreKind, options: OpenOptions & { readonly drainIntervalMs?: number; readonly serverUrl?: string } = {}): Promise<TestAuditStore> {
  const temp = mkdtempSync(join(tmpdir(), 'notify-audit-'));
  const fresh = kind === 'postgres' ? await freshDatabase(options.serverUrl) : undefined;
  const db = await openAuditDatabase(fresh ? { kind: 'url', url: fresh.url } : { kind: 'embedded', dataDir: join(temp, 'pg') }, options);
  const keys = aPatientKeyRing();
  const backlog = createFileBacklog(join(temp, 'backlog'));
  const recorder = createFactRecorder({ db, keys, backlog, logger: createLogger({ level: 'silent' }), retryBaseMs: 20, drainIntervalMs: options.drainIntervalMs ?? 200 });
  return {
    db, keys, backlog, recorder, ownerUrl: db.url, databaseName: fresh?.name,
    async close() {
      await recorder.stop();
      await db.close();
      await fresh?.drop();
      rmSync(temp, { recursive: true, force: true });
    },
  };
}

/** Runs SQL as the database owner (the test's superuser), outside the service's role. */
export async function asOwner<T>(store: TestAuditStore, work: (client: pg.Client) => Promise<T>): Promise<T> {
  // The embedded server takes one connection: borrow the pool's, reset to the session user.
  if (store.databaseName === undefined) {
    return store.db.withClient(async (client) => {
      await client.query('RESET ROLE');
      try {
        return await work(client);
      } finally {
        await client.query(`SET ROLE notify_audit_writer`);
      }
    });
  }
  return withAdmin(store.ownerUrl, work);
}
