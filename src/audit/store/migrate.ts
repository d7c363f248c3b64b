/**
 * Schema migrations with node-pg-migrate (plain SQL files beside this module, applied in order, recorded in
 * `audit_migrations`, under the tool's advisory lock so two processes starting at once do not race).
 */
import { join } from 'node:path';
import pg from 'pg';
import { runner } from 'node-pg-migrate';

export const MIGRATIONS_DIR = join(__dirname, 'migrations');

export async function migrateAuditDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await runner({
      dbClient: client, dir: MIGRATIONS_DIR, direction: 'up', migrationsTable: 'audit_migrations',
      log: () => undefined, noLock: false, checkOrder: true,
    });
  } finally {
    await client.end();
  }
}
