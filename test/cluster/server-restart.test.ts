/**
 * R4 on the production shape: the Temporal server process of a PostgreSQL-backed cluster is SIGKILLed mid-run
 * and started again on the same config. Nothing in the stack is restarted by hand: the worker's connection
 * and the client reconnect on their own; every journey ends delivered with exactly one accepted message.
 * The cluster is this test's own (its own databases), so killing it disturbs no other test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { messageReference } from '../../src/domain';
import type { LedgerEntry } from '../../src/simulator';
import { startCluster, type RunningCluster } from '../../src/temporal/cluster/cluster';
import { parsePostgresUrl } from '../../src/temporal/cluster/cluster-config';
import { dropDatabases } from '../../src/temporal/cluster/schema';
import type { journeyWorkflow } from '../../workflows';
import { connectTestEnvironment, createTestWorker, uniqueTaskQueue } from '../support/temporal';
import { drainingSink } from '../integration/chaos/support/draining-sink';
import { startJourneyHarness, type JourneyHarness } from '../integration/journeys/support/journey-harness';
import { aStartRequest, idempotencyOf } from '../integration/journeys/support/requests';

const JOURNEYS = Number(process.env.R4_JOURNEYS ?? 30);

describe('R4: journeys survive a restart of the cluster\'s Temporal server process', () => {
  const binaries = inject('clusterBinaries');
  const databasePrefix = `${inject('clusterDatabasePrefix')}_r4`;
  const postgres = parsePostgresUrl(inject('clusterPostgresUrl'));
  const workDir = mkdtempSync(join(tmpdir(), 'nj-cluster-r4-'));
  let cluster: RunningCluster | undefined;
  let env: TestWorkflowEnvironment | undefined;
  let h: JourneyHarness | undefined;
  const callbacks = drainingSink();
  afterAll(async () => {
    await h?.close();
    await callbacks.drained();
    await env?.teardown();
    await cluster?.stop();
    await dropDatabases({ sqlTool: binaries.sqlTool, schemaDir: binaries.schemaDir, postgres, databasePrefix });
    rmSync(workDir, { recursive: true, force: true });
  });

  it(`R4: ${JOURNEYS} journeys, the server process SIGKILLed mid-run and restarted on PostgreSQL: all delivered, exactly 1 accepted message each`, async () => {
    cluster = await startCluster({
      binaries, postgresUrl: inject('clusterPostgresUrl'), databasePrefix, grpcPort: 0, uiPort: undefined, codecEndpoint: undefined,
      namespace: 'default', splitServices: false, workDir,
    });
    env = await connectTestEnvironment(cluster.address);
    const connection = env.nativeConnection;
    h = await startJourneyHarness({
      client: env.client, connection, taskQueue: uniqueTaskQueue('r4-cluster'), wrapSink: (sink) => callbacks.wrap(sink),
      createWorker: (queue, activities) => createTestWorker({ connection, taskQueue: queue, activities }),
    });
    const stack = h;
    stack.sim.faults.latency(400, { route: 'messages', rate: 0.5 });
    let accepted = 0;
    const halfAccepted = new Promise<void>((resolve) => stack.sim.events.on('accepted', (_: LedgerEntry) => {
      accepted += 1;
      if (accepted === Math.ceil(JOURNEYS / 2)) resolve();
    }));
    const ids = await Promise.all(Array.from({ length: JOURNEYS }, async () => {
      const request = aStartRequest(stack.catalogue, { recipient: 'deliveredFirstChannel' });
      const started = await stack.service.start(request, idempotencyOf(request));
      if (started.kind !== 'new') throw new Error(`expected a new journey, got ${started.kind}`);
      return started.journey.journeyId;
    }));
    await halfAccepted;

    const pidsBefore = cluster.serverProcesses().map((p) => p.child.pid);
    await cluster.killServer();
    const acceptedAtKill = accepted;
    const killedAt = Date.now();
    await cluster.startServer();
    const restartedAt = Date.now();
    const results = await Promise.all(ids.map((id) => env!.client.workflow.getHandle<typeof journeyWorkflow>(id).result()));
    console.info(`R4 (cluster): accepted at kill ${acceptedAtKill}/${JOURNEYS}; server back in ${restartedAt - killedAt} ms; all journeys done ${Date.now() - killedAt} ms after the kill`);

    expect(cluster.serverProcesses().map((p) => p.child.pid)).not.toEqual(pidsBefore); // a new process, not the old one
    expect(stack.worker.getState()).toBe('RUNNING');
    expect(results.map((r) => r.outcome)).toEqual(Array(JOURNEYS).fill('delivered'));
    for (const id of ids) expect(stack.sim.ledger.byReference(messageReference(id, 'nhsapp', 'nhsapp')), id).toHaveLength(1);
    expect(stack.sim.ledger.duplicates()).toEqual([]);
    expect(stack.sim.ledger.countAccepted()).toBe(JOURNEYS);
  }, 180_000);
});
