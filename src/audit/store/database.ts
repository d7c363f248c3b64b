/**
 * The communications record's database, one driver path for both tiers: `pg` over the PostgreSQL wire
 * protocol. In production that is the server at AUDIT_DATABASE_URL. The embedded default is PGlite (PostgreSQL
 * compiled to WASM) under DATA_DIR, served on a loopback port by pglite-socket, so the same driver, the same SQL,
 * the same migrations and the same grants run in both, and the CLI and tests talk to either the same way.
 * PGlite is one session: the embedded server admits one connection and the pool keeps to it.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import type { Config } from '../../config';
import { migrateAuditDatabase } from './migrate';

export type AuditDatabaseLocation = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'embedded'; readonly dataDir: string };

/** Where the configuration puts the communications record: AUDIT_DATABASE_URL, else the embedded store. */
export function auditLocation(config: Config): AuditDatabaseLocation {
  return config.audit.databaseUrl === undefined
    ? { kind: 'embedded', dataDir: config.audit.embeddedDir }
    : { kind: 'url', url: config.audit.databaseUrl };
}

export interface AuditDatabase {
  readonly pool: pg.Pool;
  /** Runs `work` on one pooled client acting as the service's role (see OpenOptions.asWriter). */
  withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Where a second client (the CLI, a test's own connection) reaches the same database. */
  readonly url: string;
  close(): Promise<void>;
}

/** The role the service acts as: may insert and read facts, never update or delete them (the migration grants it). */
export const WRITER_ROLE = 'notify_audit_writer';

export interface OpenOptions {
  /** Run the migrations first (default true). */
  readonly migrate?: boolean;
  /** Act as the writer role (default true); the CLI's verify and export read as they connect. */
  readonly asWriter?: boolean;
  readonly poolSize?: number;
  /** How long a query or connection may take before it counts as the store being down. */
  readonly timeoutMs?: number;
}

export async function openAuditDatabase(location: AuditDatabaseLocation, options: OpenOptions = {}): Promise<AuditDatabase> {
  const embedded = location.kind === 'embedded' ? await startEmbedded(location.dataDir) : undefined;
  const url = embedded?.url ?? (location as { url: string }).url;
  try {
    if (options.migrate !== false) await migrateAuditDatabase(url);
    const timeoutMs = options.timeoutMs ?? 5_000;
    const pool = new pg.Pool({
      connectionString: url, max: embedded ? 1 : (options.poolSize ?? 5),
      connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, idleTimeoutMillis: 10_000,
    });
    // An idle client whose server went away emits 'error': the next query reconnects; nothing to crash for.
    pool.on('error', () => undefined);
    const roled = new WeakSet<pg.PoolClient>();
    return {
      pool, url,
      async withClient(work) {
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          if (options.asWriter !== false && !roled.has(client)) {
            await client.query(`SET ROLE ${WRITER_ROLE}`);
            roled.add(client);
          }
          return await work(client);
        } catch (error) {
          // A client whose connection failed is thrown away, not handed to the next caller.
          if (!(error instanceof pg.DatabaseError)) broken = error as Error;
          throw error;
        } finally {
          client.release(broken);
        }
      },
      async close() {
        await pool.end();
        await embedded?.close();
      },
    };
  } catch (error) {
    await embedded?.close();
    throw error;
  }
}

async function startEmbedded(dataDir: string): Promise<{ url: string; close(): Promise<void> }> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  return {
    url,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
