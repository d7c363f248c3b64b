/**
 * Creates or upgrades a cluster's two PostgreSQL databases with the server's own schema tool, so the schema
 * is always the one the server version expects. Safe to run on every start: an existing database is only
 * brought up to date (the tool's steps are idempotent: checked against PostgreSQL 15).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { databaseNames, type PostgresTarget } from './cluster-config';

const exec = promisify(execFile);

export interface SchemaTarget {
  readonly sqlTool: string;
  /** Folder with `temporal/versioned` and `visibility/versioned` (binaries.ts caches it). */
  readonly schemaDir: string;
  readonly postgres: PostgresTarget;
  readonly databasePrefix: string;
}

export class SchemaError extends Error {
  constructor(database: string, step: string, output: string) {
    super(`temporal-sql-tool ${step} failed on database ${database}:\n${output.trim().slice(-2_000)}`);
    this.name = 'SchemaError';
  }
}

async function sqlTool(target: SchemaTarget, database: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  const { host, port, user, password } = target.postgres;
  try {
    const { stdout, stderr } = await exec(target.sqlTool, ['--plugin', 'postgres12', '--ep', host, '-p', String(port), '-u', user, '--pw', password, '--db', database, ...args]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

/** Each step is idempotent: an existing database is kept, a set-up schema skips setup, a current one skips updates. */
async function prepareDatabase(target: SchemaTarget, database: string, versionedDir: string): Promise<void> {
  for (const step of [['create-database'], ['setup-schema', '-v', '0.0'], ['update-schema', '-d', versionedDir]]) {
    const result = await sqlTool(target, database, step);
    if (!result.ok) throw new SchemaError(database, step[0]!, result.output);
  }
}

export async function prepareSchema(target: SchemaTarget): Promise<void> {
  const names = databaseNames(target.databasePrefix);
  await prepareDatabase(target, names.main, join(target.schemaDir, 'temporal', 'versioned'));
  await prepareDatabase(target, names.visibility, join(target.schemaDir, 'visibility', 'versioned'));
}

/** Drops a cluster's databases (the cluster test suite cleans up after itself). */
export async function dropDatabases(target: SchemaTarget): Promise<void> {
  const names = databaseNames(target.databasePrefix);
  for (const database of [names.main, names.visibility]) await sqlTool(target, database, ['drop-database', '-f']);
}
