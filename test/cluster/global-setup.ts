/**
 * The cluster suite's world: a PostgreSQL-backed Temporal cluster (the one `npm run temporal:cluster` runs) on
 * the local PostgreSQL, in databases of this run's own prefix (dropped afterwards), and on it 2 worker and
 * 2 API processes started the way `ROLE=… npm start` starts them. The shared suites (end to end, idempotency,
 * fallback, cancel race, worker crash) get the cluster's address under the same key the dev-server run uses,
 * so they run unchanged; the cluster's own tests get the fleet and what they need to start a cluster of their own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureTemporalCli } from '../../src/temporal/cli-binary';
import { ensureClusterBinaries, type ClusterBinaries } from '../../src/temporal/cluster/binaries';
import { DEFAULT_POSTGRES_URL, startCluster } from '../../src/temporal/cluster/cluster';
import { parsePostgresUrl } from '../../src/temporal/cluster/cluster-config';
import { dropDatabases } from '../../src/temporal/cluster/schema';
import { ensureWorkflowBundle } from '../../src/temporal/workflow-bundle';
import { startFleet, type FleetDescription } from './support/fleet';

declare module 'vitest' {
  export interface ProvidedContext {
    clusterFleet: FleetDescription;
    clusterBinaries: ClusterBinaries;
    clusterPostgresUrl: string;
    /** Databases a test makes for a cluster of its own start with this (the run's prefix). */
    clusterDatabasePrefix: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgresUrl = process.env.TEMPORAL_POSTGRES_URL ?? DEFAULT_POSTGRES_URL;
  // Lower-case, unique per run: parallel runs (and other engineers' runs) never share a database.
  const prefix = `nj_test_${Date.now().toString(36)}_${process.pid.toString(36)}`;
  const workDir = mkdtempSync(join(tmpdir(), 'nj-cluster-suite-'));
  const [binaries, workflowBundlePath, cliPath] = await Promise.all([ensureClusterBinaries(), ensureWorkflowBundle(), ensureTemporalCli()]);
  const cluster = await startCluster({
    binaries, postgresUrl, databasePrefix: prefix, grpcPort: 0, uiPort: undefined, codecEndpoint: undefined, namespace: 'default',
    splitServices: false, workDir: join(workDir, 'cluster'),
  });
  const cleanup = async () => {
    await cluster.stop();
    await dropDatabases({ sqlTool: binaries.sqlTool, schemaDir: binaries.schemaDir, postgres: parsePostgresUrl(postgresUrl), databasePrefix: prefix });
    rmSync(workDir, { recursive: true, force: true });
  };
  let fleet: Awaited<ReturnType<typeof startFleet>>;
  try {
    fleet = await startFleet({ temporalAddress: cluster.address, dataDir: join(workDir, 'fleet-data'), workers: 2, apis: 2 });
  } catch (error) {
    await cleanup();
    throw error;
  }
  project.provide('temporalAddress', cluster.address);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('temporalCliPath', cliPath);
  project.provide('clusterFleet', { apis: fleet.apis, workers: fleet.workers, simulatorUrl: fleet.simulatorUrl, dataDir: fleet.dataDir, taskQueue: fleet.taskQueue });
  project.provide('clusterBinaries', binaries);
  project.provide('clusterPostgresUrl', postgresUrl);
  project.provide('clusterDatabasePrefix', prefix);
  return async () => {
    await fleet.stop();
    await cleanup();
  };
}
