import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, inject } from 'vitest';
import { Worker } from '@temporalio/worker';
import { historyFromFile } from './support/history-json';

/** Replaying every golden history (60-odd, growing with each patch) takes minutes on a loaded 2-core machine. */
const REPLAY_ALL_TIMEOUT_MS = 300_000;

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'histories');
const NAME = /^(journeyWorkflow|deliveryAttemptWorkflow|cohortWorkflow)-[a-z0-9-]+-v\d+\.json$/;

describe('R10/R13: golden histories replay on the current workflow code', () => {
  const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.json')).sort();

  it('R10/R13: every recorded v1 history (every workflow type) replays without a determinism error', async () => {
    expect(files.every((file) => NAME.test(file)), files.join(', ')).toBe(true);
    expect(files.filter((f) => f.startsWith('journeyWorkflow-')).length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => f.startsWith('deliveryAttemptWorkflow-')).length).toBeGreaterThanOrEqual(2);
    // Replay must run under the recorded Workflow ID: the journey derives its messageReferences from it.
    const histories = files.map((file) => {
      const history = historyFromFile(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')));
      const workflowId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId;
      if (!workflowId) throw new Error(`${file}: no workflowId in its start event`);
      return { workflowId, history };
    });
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories)) {
      replayed += 1;
      if (result.error !== undefined) failures.push(`${result.workflowId}: ${String(result.error).slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  }, REPLAY_ALL_TIMEOUT_MS);

  it('R13/L2: both paths of the publish-journey-state patch are recorded: v1 without its marker, others with it', () => {
    const markers = (file: string) => {
      const events = historyFromFile(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'))).events ?? [];
      return {
        patched: events.some((e) => (e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? [])
          .some((p) => Buffer.from(p.data ?? []).toString('utf8').includes('"publish-journey-state"'))),
        signalled: events.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'deliveryProgress'),
      };
    };
    const journeys = files.filter((f) => f.startsWith('journeyWorkflow-'));
    const v1 = journeys.filter((f) => f.endsWith('-v1.json')).map(markers);
    const publishing = journeys.map(markers).filter((m) => m.patched);
    expect(v1.every((m) => !m.patched)).toBe(true);
    expect(v1.some((m) => m.signalled)).toBe(true);
    // Recorded before and after the journey kept the child's progress signal (for the journey.accepted webhook).
    expect(publishing.length).toBeGreaterThanOrEqual(10);
    expect(publishing.some((m) => !m.signalled) && publishing.some((m) => m.signalled)).toBe(true);
  });

  it('R13/L2: both paths of the lean-publication patch are recorded: -lean-v4 with its marker and no progress signal, older without the marker', () => {
    const read = (file: string) => historyFromFile(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'))).events ?? [];
    const lean = (file: string) => read(file).some((e) => (e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? [])
      .some((p) => Buffer.from(p.data ?? []).toString('utf8').includes('"lean-publication"')));
    const signalled = (file: string) => read(file).some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'deliveryProgress');
    const journeys = files.filter((f) => f.startsWith('journeyWorkflow-'));
    const recorded = journeys.filter((f) => f.endsWith('-lean-v4.json'));
    expect(recorded.length).toBeGreaterThanOrEqual(5);
    expect(recorded.every((f) => lean(f) && !signalled(f))).toBe(true);
    expect(journeys.filter((f) => !f.endsWith('-lean-v4.json')).some(lean)).toBe(false);
    // The message of a lean journey announced the acceptance itself, in its own task (a local activity).
    const message = read('deliveryAttemptWorkflow-delivered-lean-v4.json');
    expect(message.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toHaveLength(1);
    expect(message.some((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes !== undefined && e.signalExternalWorkflowExecutionInitiatedEventAttributes !== null)).toBe(false);
  });

  it('R13/L5: both ways a journey gets its plan are recorded: -plan-ref histories name a published version, the others carry the plan', () => {
    const startInput = (file: string) => {
      const payload = historyFromFile(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'))).events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      return JSON.parse(Buffer.from(payload?.data ?? []).toString('utf8')) as { plan?: unknown; planRef?: unknown };
    };
    const journeys = files.filter((f) => f.startsWith('journeyWorkflow-'));
    const byRef = journeys.filter((f) => f.includes('-plan-ref-'));
    expect(byRef.length).toBeGreaterThanOrEqual(3);
    expect(byRef.map(startInput).every((input) => input.plan === undefined && input.planRef !== undefined)).toBe(true);
    expect(journeys.filter((f) => !byRef.includes(f)).map(startInput).every((input) => input.plan !== undefined && input.planRef === undefined)).toBe(true);
  });

  it('R13: the replay check has teeth: the same history under another Workflow ID (other messageReferences) is non-deterministic', async () => {
    const file = files.find((f) => f.startsWith('journeyWorkflow-delivered-'))!;
    const history = historyFromFile(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')));
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } },
      [{ workflowId: 'journey-appointment-reminder-tampered', history }])) results.push(result);
    expect(String(results[0]?.error)).toMatch(/nondeterminism/i);
  });
});
