/**
 * Records golden histories for the replay test (docs/reliability.md R10, R13) from real runs:
 * an ephemeral dev server, the real worker and activities, the simulator. One file per workflow and
 * scenario: test/fixtures/histories/<workflow>-<scenario>-v1.json. Re-record only for a new scenario or a
 * new `patched()` branch; never overwrite a v1 fixture after a workflow change (that is what replay guards).
 *
 *   npm run record:histories [-- --out test/fixtures/histories --version v1 --force]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { execFileSync } from 'node:child_process';
import { installRuntimeLogger } from '../temporal/worker';
import { ensureTemporalCli } from '../temporal/cli-binary';
import { createLogger } from '../observability/logger';
import { parseStartJourneyRequest, requestFingerprint } from '../domain';
import { TEST_RECIPIENTS, type TestRecipientName } from '../simulator';
import { startEphemeralTemporal } from '../temporal/journeys/ephemeral-temporal';
import { startLoopbackStack, testTimings, type JourneyHarness } from '../stack/loopback-stack';
import { cohortWorkflow, deliveryWorkflowId, journeyWorkflow } from '../../workflows';

interface Scenario {
  readonly name: string;
  run(stack: JourneyHarness): Promise<string>;
}

async function start(stack: JourneyHarness, recipient: TestRecipientName, eventInMs = 200_000, journey: 'reminder' | 'test-result' = 'reminder'): Promise<string> {
  const parsed = parseStartJourneyRequest({
    journeyType: journey === 'reminder' ? 'appointment-reminder' : 'test-result-ready',
    eventId: `record-${recipient}-${Date.now()}`, eventTime: new Date(Date.now() + eventInMs).toISOString(),
    patient: { nhsNumber: TEST_RECIPIENTS[recipient].nhsNumber },
    personalisation: journey === 'reminder' ? { clinicName: 'Canary Clinic' } : { serviceName: 'Canary Surgery' },
  }, stack.catalogue);
  if (!parsed.ok) throw new Error('scenario request is invalid');
  const started = await stack.service.start(parsed.value, { requestHash: requestFingerprint(parsed.value) });
  if (started.kind !== 'new') throw new Error('scenario journey already exists');
  return started.journey.journeyId;
}

/** A journey that escalates (no channel reaches the patient in time), closed by staff as "phoned". */
async function escalatedPhoned(s: JourneyHarness): Promise<string> {
  const id = await start(s, 'smsPermanentFailure', 60_000);
  for (let i = 0; i < 200; i += 1) {
    const details = await s.service.get(id);
    const open = details?.escalations.find((e) => e.status === 'open');
    if (open !== undefined) {
      await s.service.recordEscalationOutcome(open.escalationId, { outcome: 'phoned', staffRole: 'nurse' });
      return id;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no escalation opened');
}

async function recordCohort(s: JourneyHarness): Promise<{ cohortId: string; followUpId: string }> {
  const items = (['deliveredFirstChannel', 'nhsAppUnread'] as const).map((recipient) => {
    const raw = {
      journeyType: 'appointment-reminder', eventId: `record-cohort-${recipient}-${Date.now()}`, eventTime: new Date(Date.now() + 200_000).toISOString(),
      patient: { nhsNumber: TEST_RECIPIENTS[recipient].nhsNumber }, personalisation: { clinicName: 'Canary Clinic' },
    };
    const parsed = parseStartJourneyRequest(raw, s.catalogue);
    if (!parsed.ok) throw new Error('cohort scenario request is invalid');
    return { raw, valid: parsed.value, fingerprint: requestFingerprint(raw) };
  });
  const started = await s.cohorts!.start({ reference: `record-cohort-${Date.now()}`, patients: items }, requestFingerprint(items.map((item) => item.raw)));
  if (started.kind === 'conflict') throw new Error('a new cohort reference conflicted');
  const followUpId = (await s.cohorts!.heldByCohort(items[1]!.valid))!.journeyId;
  for (let i = 0; i < 600; i += 1) {
    const found = await isFollowedUp(s, followUpId);
    if (found) return { cohortId: started.cohort.cohortId, followUpId };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the unread patient was not followed up');
}

async function isFollowedUp(s: JourneyHarness, journeyId: string): Promise<boolean> {
  const details = await s.service.get(journeyId);
  return details !== undefined && details.steps.some((step) => step.stepId === 'nhsapp' && step.status === 'failed');
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'delivered', run: (s) => start(s, 'deliveredFirstChannel') },
  { name: 'nhsapp-unread-sms', run: (s) => start(s, 'nhsAppUnread') },
  { name: 'sms-failed-letter', run: (s) => start(s, 'smsPermanentFailure') },
  // test-result-ready v2: NHS App (not registered) → email (bounces) → SMS delivered.
  { name: 'email-bounce-sms', run: (s) => start(s, 'emailBounce', 0, 'test-result') },
  // Recorded first with the escalationOutcome signal (kept so that path still replays); staff outcomes now go
  // through the staffOutcome Update, whose history is the -update fixture.
  { name: 'escalated-phoned', run: escalatedPhoned },
  { name: 'escalated-phoned-update', run: escalatedPhoned },
  {
    name: 'cancelled', async run(s) {
      const id = await start(s, 'deliveredFirstChannel', 245_000); // the reminder window opens 5 s from now
      await s.service.cancel(id, { reason: 'patient_request' });
      return id;
    },
  },
  {
    name: 'changed', async run(s) {
      const id = await start(s, 'deliveredFirstChannel', 241_500);
      const moved = Date.now() + 242_500;
      await s.service.change(id, { eventTime: new Date(moved).toISOString(), eventAt: moved, personalisation: { clinicName: 'New Clinic' } });
      return id;
    },
  },
  {
    // v2 (sending controls): held by a pause of its type, woken by the resume, then delivered.
    name: 'paused-resumed', async run(s) {
      const scope = { kind: 'journey-type', journeyType: 'appointment-reminder' } as const;
      await s.controls.change({ action: 'pause', scope, role: 'on_call_engineer', reason: 'recording a held journey' });
      const id = await start(s, 'deliveredFirstChannel');
      for (let i = 0; i < 200 && (await s.service.get(id))?.status !== 'paused'; i += 1) await new Promise((r) => setTimeout(r, 100));
      await s.controls.change({ action: 'resume', scope, role: 'on_call_engineer', reason: 'recording done' });
      return id;
    },
  },
  {
    name: 'dry-run', async run(s) {
      const scope = { kind: 'journey-type', journeyType: 'appointment-reminder' } as const;
      await s.controls.change({ action: 'dry_run_on', scope, role: 'service_manager', reason: 'recording a dry run' });
      const id = await start(s, 'deliveredFirstChannel');
      await s.controls.change({ action: 'dry_run_off', scope, role: 'service_manager', reason: 'recording done' });
      return id;
    },
  },
];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Journeys started on a published version at production durations, so the start names the version (planRef)
 * instead of carrying the plan; only the journey clock is compressed (PLAN_REF_CLOCK), as the calendar tests do.
 * Recorded with `--version lean-v4` (the journey generation they run on).
 */
const PLAN_REF_SCENARIOS: readonly Scenario[] = [
  // The reminder window opens 10 days before the appointment: three days ahead, the NHS App message goes at once.
  { name: 'delivered-plan-ref', run: (s) => start(s, 'deliveredFirstChannel', 3 * DAY_MS) },
  // The SMS waits out its quiet hours if the NHS App message fails at night (journey time).
  { name: 'nhsapp-unread-sms-plan-ref', run: (s) => start(s, 'nhsAppUnread', 3 * DAY_MS) },
  {
    name: 'cancelled-plan-ref', async run(s) {
      const id = await start(s, 'deliveredFirstChannel', 10 * DAY_MS + 5 * HOUR_MS); // the window opens in 5 journey hours
      await s.service.cancel(id, { reason: 'patient_request' });
      return id;
    },
  },
];

/** Journey ms per real ms for the planRef scenarios: a journey hour is a real second. */
const PLAN_REF_CLOCK = { speed: 3_600 } as const;

async function main(): Promise<void> {
  const options = new Command().option('--out <dir>', 'fixture folder', 'test/fixtures/histories').option('--version <v>', 'fixture version suffix', 'v1')
    .option('--force', 'overwrite existing fixtures').option('--only <scenarios>', 'record these scenarios, comma-separated (journey scenario names, accepted-earlier, cohort)')
    .parse().opts<{ out: string; version: string; force?: boolean; only?: string }>();
  const only = options.only?.split(',');
  const wanted = (name: string) => only === undefined || only.includes(name);
  const outDir = resolve(options.out);
  mkdirSync(outDir, { recursive: true });
  const logger = createLogger({ level: 'warn' });
  installRuntimeLogger(logger);
  // Plaintext on purpose: golden histories must replay with no key, and hold only synthetic test data.
  const temporal = await startEphemeralTemporal({ payloadEncryption: 'off' });
  const stack = await startLoopbackStack({
    client: temporal.client, connection: temporal.connection, taskQueue: 'record-histories', timings: testTimings(), logger,
    cohorts: { followUpSpreadMs: 2_000 },
    createWorker: (queue, activities) => temporal.createWorker(queue, activities),
  });
  try {
    const cli = await ensureTemporalCli();
    // The CLI writes the canonical proto3 JSON that historyFromJSON and `temporal workflow show` agree on.
    const historyJson = (workflowId: string) => execFileSync(cli, ['workflow', 'show', '--workflow-id', workflowId, '--address', temporal.address, '--output', 'json'], { encoding: 'utf8' }).trim();
    const write = (workflow: string, scenario: string, json: string, version = options.version) => {
      const path = join(outDir, `${workflow}-${scenario}-${version}.json`);
      if (existsSync(path) && options.force !== true) return console.log(`kept     ${path} (exists; --force to overwrite)`);
      writeFileSync(path, `${json}\n`);
      console.log(`recorded ${path}`);
    };
    for (const scenario of SCENARIOS.filter((s) => wanted(s.name))) {
      const journeyId = await scenario.run(stack);
      const handle = temporal.client.workflow.getHandle<typeof journeyWorkflow>(journeyId);
      const result = await handle.result();
      write('journeyWorkflow', scenario.name, historyJson(journeyId));
      const firstSent = result.view.steps.find((step) => step.sentAt !== undefined);
      if (scenario.name === 'delivered' && firstSent !== undefined) {
        write('deliveryAttemptWorkflow', 'delivered', historyJson(deliveryWorkflowId(firstSent.messageReference)));
      }
    }
    const planRefScenarios = PLAN_REF_SCENARIOS.filter((s) => wanted(s.name));
    if (planRefScenarios.length > 0) {
      const production = await startLoopbackStack({
        client: temporal.client, connection: temporal.connection, taskQueue: 'record-histories-plan-ref', timings: { timeScale: 1 }, clock: PLAN_REF_CLOCK, logger,
        createWorker: (queue, activities) => temporal.createWorker(queue, activities),
      });
      try {
        for (const scenario of planRefScenarios) {
          const journeyId = await scenario.run(production);
          await temporal.client.workflow.getHandle<typeof journeyWorkflow>(journeyId).result();
          write('journeyWorkflow', scenario.name, historyJson(journeyId));
        }
      } finally {
        await production.close();
      }
    }
    if (wanted('accepted-earlier')) {
      stack.sim.faults.acceptThenDrop({ count: 1 });
      const ambiguous = await start(stack, 'deliveredFirstChannel');
      const result = await temporal.client.workflow.getHandle<typeof journeyWorkflow>(ambiguous).result();
      write('deliveryAttemptWorkflow', 'accepted-earlier', historyJson(deliveryWorkflowId(result.view.steps[0]!.messageReference)));
    }
    if (wanted('cohort')) {
      // Two patients' NHS App messages in one batch: one delivered (no journey), one unread (its journey starts and sends an SMS).
      const { cohortId, followUpId } = await recordCohort(stack);
      await temporal.client.workflow.getHandle<typeof journeyWorkflow>(followUpId).result();
      // Named for the journey generation it was recorded with (every patch on, as the -published-v3 ones).
      write('journeyWorkflow', 'cohort-follow-up-published', historyJson(followUpId), 'v3');
      await temporal.client.workflow.getHandle<typeof cohortWorkflow>(cohortId).result();
      write('cohortWorkflow', 'delivered-and-failed', historyJson(cohortId));
    }
  } finally {
    await stack.close();
    await temporal.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
