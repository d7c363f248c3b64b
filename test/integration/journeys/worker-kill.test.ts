import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { messageReference } from '../../../src/domain';
import type { LedgerEntry } from '../../../src/simulator';
import { createJourneyService } from '../../../src/temporal/journey-service';
import { journeyWorkflow } from '../../../workflows';
import { createTestWorker, TEST_PAYLOAD_KEY_ENTRY, uniqueTaskQueue } from '../../support/temporal';
import { TEST_SEND_POLICY } from './support/journey-harness';
import { useJourneySuite, waitFor } from './support/journey-suite';
import { aStartRequest, idempotencyOf } from './support/requests';

const JOURNEYS = Number(process.env.R1_KILL_JOURNEYS ?? 10);

function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support', 'worker-process.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('ready')) resolve(child); });
    child.once('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
  });
}

describe('R1: the worker is SIGKILLed after NHS Notify accepted, before the response reached it', () => {
  const s = useJourneySuite();

  it(`R1: ${JOURNEYS} journeys, worker killed mid-send, a fresh worker takes over: exactly 1 accepted message each; no task failures`, async () => {
    const taskQueue = uniqueTaskQueue('r1-kill');
    const service = createJourneyService({ client: s.env.client, taskQueue, catalogue: s.h.catalogue, journeyIdSecret: randomBytes(32), sendPolicy: { ...TEST_SEND_POLICY, startToCloseMs: 3_000 } });
    const doomed = await startWorkerProcess({
      R1_TEMPORAL_ADDRESS: inject('temporalAddress'), R1_TASK_QUEUE: taskQueue, R1_BUNDLE: inject('workflowBundlePath'),
      R1_SIM_BASE_URL: s.h.sim.baseUrl, R1_SIM_TOKEN_URL: s.h.sim.tokenUrl, R1_API_KEY: s.h.application.apiKey,
      R1_KID: s.h.signingKey.kid, R1_KEY_PEM: s.h.signingKey.pem, R1_PAYLOAD_KEY: TEST_PAYLOAD_KEY_ENTRY,
    });
    // NHS Notify records each message, then holds its 201: the worker dies while waiting for it.
    s.h.sim.faults.acceptThenDelay(20_000, { count: JOURNEYS });
    const accepted: LedgerEntry[] = [];
    const allAccepted = new Promise<void>((resolve) => s.h.sim.events.on('accepted', (entry: LedgerEntry) => {
      accepted.push(entry);
      if (accepted.length === JOURNEYS) resolve();
    }));
    const ids = await Promise.all(Array.from({ length: JOURNEYS }, async () => {
      const request = aStartRequest(s.h.catalogue, { recipient: 'deliveredFirstChannel' });
      const started = await service.start(request, idempotencyOf(request));
      return started.kind === 'new' ? started.journey.journeyId : '';
    }));
    await allAccepted;
    doomed.kill('SIGKILL');
    await new Promise((resolve) => doomed.once('exit', resolve));

    const fresh = await createTestWorker({ connection: s.env.nativeConnection, taskQueue, activities: s.h.activities });
    const results = await fresh.runUntil(Promise.all(ids.map((id) => s.env.client.workflow.getHandle<typeof journeyWorkflow>(id).result())));

    expect(results.map((r) => r.outcome)).toEqual(Array(JOURNEYS).fill('delivered'));
    for (const id of ids) {
      const reference = messageReference(id, 'nhsapp', 'nhsapp');
      expect(s.h.sim.ledger.byReference(reference), id).toHaveLength(1);
    }
    expect(s.h.sim.counters.duplicateRejections).toBeGreaterThanOrEqual(JOURNEYS); // every retry ended in 422
    const histories = await Promise.all(ids.map((id) => s.env.client.workflow.getHandle(id).fetchHistory()));
    const taskFailures = histories.flatMap((h) => (h.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes));
    expect(taskFailures).toEqual([]);
    await waitFor(() => (s.h.sim.ledger.duplicates().length === 0 ? true : undefined), 1_000, 'no duplicates');
  }, 90_000);
});
