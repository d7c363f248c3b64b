/**
 * R4 on the production shape: the Temporal server process of a PostgreSQL-backed cluster is SIGKILLed mid-run
 * and started again on the same config (test/integration/chaos/support/restart-scenario.ts). The cluster is this
 * test's own (its own databases), so killing it disturbs no other test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startCluster, type RunningCluster } from '../../src/temporal/cluster/cluster';
import { parsePostgresUrl } from '../../src/temporal/cluster/cluster-config';
import { dropDatabases } from '../../src/temporal/cluster/schema';
import { journeysSurviveRestart, type RestartRun } from '../integration/chaos/support/restart-scenario';

const JOURNEYS = Number(process.env.R4_JOURNEYS ?? 30);

describe('R4: journeys survive a restart of the cluster\'s Temporal server process', () => {
  const binaries = inject('clusterBinaries');
  const databasePrefix = `${inject('clusterDatabasePrefix')}_r4`;
  const postgres = parsePostgresUrl(inject('clusterPostgresUrl'));
  const workDir = mkdtempSync(join(tmpdir(), 'nj-cluster-r4-'));
  let cluster: RunningCluster | undefined;
  let run: RestartRun | undefined;
  afterAll(async () => {
    await run?.close();
    await cluster?.stop();
    await dropDatabases({ sqlTool: binaries.sqlTool, schemaDir: binaries.schemaDir, postgres, databasePrefix });
    rmSync(workDir, { recursive: true, force: true });
  });

  it(`R4: ${JOURNEYS} journeys, the server process SIGKILLed mid-run and restarted on PostgreSQL: all delivered, exactly 1 accepted message each`, async () => {
    const started = await startCluster({
      binaries, postgresUrl: inject('clusterPostgresUrl'), databasePrefix, grpcPort: 0, uiPort: undefined, codecEndpoint: undefined,
      namespace: 'default', splitServices: false, workDir,
    });
    cluster = started;
    const pids: Array<number | undefined> = [];
    run = await journeysSurviveRestart({
      address: started.address,
      kill: async () => {
        pids.push(...started.serverProcesses().map((p) => p.child.pid));
        await started.killServer();
      },
      restart: () => started.startServer(),
    }, JOURNEYS, 'cluster');
    expect(started.serverProcesses().map((p) => p.child.pid)).not.toEqual(pids); // a new process, not the old one
  }, 180_000);
});
