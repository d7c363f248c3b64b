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
import { deliveryWorkflowId, journeyWorkflow } from '../../workflows';

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

const SCENARIOS: readonly Scenario[] = [
  { name: 'delivered', run: (s) => start(s, 'deliveredFirstChannel') },
  { name: 'nhsapp-unread-sms', run: (s) => start(s, 'nhsAppUnread') },
  { name: 'sms-failed-letter', run: (s) => start(s, 'smsPermanentFailure') },
  // test-result-ready v2: NHS App (not registered) → email (bounces) → SMS delivered.
  { name: 'email-bounce-sms', run: (s) => start(s, 'emailBounce', 0, 'test-result') },
  {
    name: 'escalated-phoned', async run(s) {
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
    },
  },
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
];

async function main(): Promise<void> {
  const options = new Command().option('--out <dir>', 'fixture folder', 'test/fixtures/histories').option('--version <v>', 'fixture version suffix', 'v1')
    .option('--force', 'overwrite existing fixtures').parse().opts<{ out: string; version: string; force?: boolean }>();
  const outDir = resolve(options.out);
  mkdirSync(outDir, { recursive: true });
  const logger = createLogger({ level: 'warn' });
  installRuntimeLogger(logger);
  // Plaintext on purpose: golden histories must replay with no key, and hold only synthetic test data.
  const temporal = await startEphemeralTemporal({ payloadEncryption: 'off' });
  const stack = await startLoopbackStack({
    client: temporal.client, connection: temporal.connection, taskQueue: 'record-histories', timings: testTimings(), logger,
    createWorker: (queue, activities) => temporal.createWorker(queue, activities),
  });
  try {
    const cli = await ensureTemporalCli();
    // The CLI writes the canonical proto3 JSON that historyFromJSON and `temporal workflow show` agree on.
    const historyJson = (workflowId: string) => execFileSync(cli, ['workflow', 'show', '--workflow-id', workflowId, '--address', temporal.address, '--output', 'json'], { encoding: 'utf8' }).trim();
    const write = (workflow: string, scenario: string, json: string) => {
      const path = join(outDir, `${workflow}-${scenario}-${options.version}.json`);
      if (existsSync(path) && options.force !== true) return console.log(`kept     ${path} (exists; --force to overwrite)`);
      writeFileSync(path, `${json}\n`);
      console.log(`recorded ${path}`);
    };
    for (const scenario of SCENARIOS) {
      const journeyId = await scenario.run(stack);
      const handle = temporal.client.workflow.getHandle<typeof journeyWorkflow>(journeyId);
      const result = await handle.result();
      write('journeyWorkflow', scenario.name, historyJson(journeyId));
      const firstSent = result.view.steps.find((step) => step.sentAt !== undefined);
      if (scenario.name === 'delivered' && firstSent !== undefined) {
        write('deliveryAttemptWorkflow', 'delivered', historyJson(deliveryWorkflowId(firstSent.messageReference)));
      }
    }
    stack.sim.faults.acceptThenDrop({ count: 1 });
    const ambiguous = await start(stack, 'deliveredFirstChannel');
    const result = await temporal.client.workflow.getHandle<typeof journeyWorkflow>(ambiguous).result();
    write('deliveryAttemptWorkflow', 'accepted-earlier', historyJson(deliveryWorkflowId(result.view.steps[0]!.messageReference)));
  } finally {
    await stack.close();
    await temporal.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
