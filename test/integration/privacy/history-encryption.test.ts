/**
 * P2/P3 on the real dev server: what Temporal stores is read back RAW (the CLI, no codec), as an attacker with
 * database access or an operator without the key would see it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { baselineWorkflow } from '../../../workflows';
import { ENCRYPTED_ENCODING } from '../../../src/temporal/payload-codec';
import { createTestWorker, TEST_DATA_CONVERTER, uniqueTaskQueue } from '../../support/temporal';
import { historyFromFile } from '../journeys/support/history-json';
import { useJourneySuite } from '../journeys/support/journey-suite';
import { CANARY, CANARY_PERSONALISATION, canariesIn, idLeaks, SEARCH_ATTRIBUTE_VALUE, WORKFLOW_ID } from './support/canary';
import { FACT_SINK_PATCH } from '../../../workflows/journey/fact-sink';
import { LEAN_PUBLICATION_PATCH, PUBLISH_JOURNEY_STATE_PATCH } from '../../../workflows/journey/journey-publication';
import { SENDING_CONTROLS_PATCH } from '../../../workflows/journey/sending-gate';
import { WEBHOOK_EVENTS_PATCH } from '../../../workflows/journey/webhook-events';
import { COHORT_FOLLOW_UP_PATCH } from '../../../workflows/journey/batch-step';
import { childWorkflowIds, isSdkMarkerBookkeeping, isSearchAttribute, patchMarkerIds, payloadsIn, rawHistoryJson, searchAttributeValues } from './support/history';

/** Replaying every golden history (60-odd, growing with each patch) takes minutes on a loaded 2-core machine. */
const REPLAY_ALL_TIMEOUT_MS = 300_000;

/** The workflow code's patch ids: the only plaintext a patch marker may hold. */
const KNOWN_PATCHES = new Set([SENDING_CONTROLS_PATCH, WEBHOOK_EVENTS_PATCH, FACT_SINK_PATCH, PUBLISH_JOURNEY_STATE_PATCH, LEAN_PUBLICATION_PATCH, COHORT_FOLLOW_UP_PATCH]);

describe('Temporal history holds no plaintext patient data', () => {
  const s = useJourneySuite();

  it('P2: every payload in a journey\'s history is encrypted and ids/search attributes match the allow-list', async () => {
    const journeyId = await s.start({ recipient: 'deliveredFirstChannel', personalisation: CANARY_PERSONALISATION });
    expect((await s.resultOf(journeyId)).outcome).toBe('delivered');

    // The scan has teeth: a plaintext payload (base64 in the CLI's JSON) would be found.
    expect(canariesIn(JSON.stringify({ data: Buffer.from(JSON.stringify(CANARY_PERSONALISATION)).toString('base64') }))).toHaveLength(3);

    const journeyJson = rawHistoryJson(journeyId);
    const children = childWorkflowIds(journeyJson);
    expect(children.length).toBeGreaterThan(0);
    for (const [workflowId, json] of [[journeyId, journeyJson] as const, ...children.map((id) => [id, rawHistoryJson(id)] as const)]) {
      const payloads = payloadsIn(JSON.parse(json));
      const coded = payloads.filter((p) => !isSearchAttribute(p) && !isSdkMarkerBookkeeping(p));
      expect(patchMarkerIds(json).filter((id) => !KNOWN_PATCHES.has(id)), workflowId).toEqual([]);
      expect(coded.length, workflowId).toBeGreaterThan(0);
      expect(coded.filter((p) => p.encoding !== ENCRYPTED_ENCODING).map((p) => `${p.path}: ${p.encoding}`), workflowId).toEqual([]);
      expect(coded.every((p) => p.keyId === 'test-1')).toBe(true);
      expect(canariesIn(json), workflowId).toEqual([]);
      const attributes = searchAttributeValues(JSON.parse(json));
      if (workflowId === journeyId) expect(attributes.length).toBeGreaterThan(0);
      const leaks = [idLeaks(workflowId, WORKFLOW_ID), ...attributes.map((value) => idLeaks(value, SEARCH_ATTRIBUTE_VALUE))];
      expect(leaks.filter(Boolean), workflowId).toEqual([]);
    }

    // The encrypted history still replays on the current workflow code, given the key.
    const history = await s.env.client.workflow.getHandle(journeyId).fetchHistory();
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: TEST_DATA_CONVERTER },
      [{ workflowId: journeyId, history }])) results.push(result.error === undefined ? 'ok' : String(result.error));
    expect(results).toEqual(['ok']);
  });

  it('the plaintext golden histories (recorded before encryption) still replay through the encrypting data converter', async () => {
    const dir = join(__dirname, '..', '..', 'fixtures', 'histories');
    const histories = readdirSync(dir).filter((f) => f.endsWith('.json')).map((file) => {
      const history = historyFromFile(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      return { workflowId: history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId ?? file, history };
    });
    const errors: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: TEST_DATA_CONVERTER }, histories)) {
      if (result.error !== undefined) errors.push(`${result.workflowId}: ${String(result.error).slice(0, 200)}`);
    }
    expect(histories.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, REPLAY_ALL_TIMEOUT_MS);

  it('P3: a failure that echoes input is encoded', async () => {
    const taskQueue = uniqueTaskQueue('p3');
    // An activity that fails with the kind of message a validation error writes: the input, echoed.
    const worker = await createTestWorker({
      connection: s.env.nativeConnection, taskQueue,
      activities: { acknowledge: (reference: string) => { throw ApplicationFailure.nonRetryable(`cannot acknowledge ${reference}`, 'EchoingError'); } },
    });
    const workflowId = `p3-${Date.now()}`;
    const reference = `${CANARY.nhsNumber} ${CANARY.email} ${CANARY.name}`;
    const failure = await worker.runUntil(s.env.client.workflow.execute(baselineWorkflow, { taskQueue, workflowId, args: [{ reference, waitMs: 1_000 }] })
      .then(() => undefined, (error: unknown) => error));

    // With the key, the client reads the message back in full: the codec round trips failures.
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(String((failure as WorkflowFailedError).cause?.cause)).toContain(CANARY.nhsNumber);
    // Without it, the history shows the SDK's placeholder, never the echoed input.
    const json = rawHistoryJson(workflowId);
    expect(json).toContain('Encoded failure');
    expect(json).toContain('activityTaskFailedEventAttributes');
    expect(canariesIn(json)).toEqual([]);
    expect(payloadsIn(JSON.parse(json)).filter((p) => !isSearchAttribute(p) && !isSdkMarkerBookkeeping(p)).every((p) => p.encoding === ENCRYPTED_ENCODING)).toBe(true);
  });
});
