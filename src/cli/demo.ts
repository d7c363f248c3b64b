/**
 * `npm run demo`: the journey engine's main paths, live, against a running `npm start` (API :3000, Temporal
 * :7233, Web UI :8233, NHS Notify simulator :3100). Each line ends with the journey's Web UI link.
 *   1. delivered first time, and a duplicate trigger suppressed (HTTP API: 201, then 200 with the same journey)
 *   2. NHS App unread → SMS        3. SMS failed → letter        4. too late for a letter → staff escalation
 *   5. cancelled before the send
 * Paths 2-4 start through the Temporal adapter with quiet hours off, so the SMS fallback runs now at any
 * hour; otherwise they are the same journeys the API starts (same ids, same worker, same simulator).
 * Under each path: the signed webhooks that reached a local receiver the demo starts and subscribes through
 * POST /v1/webhooks, each verified with the receiver helper we ship (✓).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { messageReference, parseStartJourneyRequest, requestFingerprint } from '../domain';
import { builtInCatalogue } from '../catalogue/built-in';
import { TEST_RECIPIENTS, type TestRecipientName } from '../simulator/lifecycle/test-recipients';
import { createJourneyService, type JourneyService } from '../temporal/journey-service';
import { encryptedDataConverter, parsePayloadKeyRing } from '../temporal/payload-codec';
import type { journeyWorkflow } from '../../workflows';
import { startDemoReceiver, type DemoReceiver } from './demo-webhooks';

const env = process.env;
const API = `http://127.0.0.1:${env.API_PORT ?? '3000'}`;
const SIMULATOR = `http://127.0.0.1:${env.SIMULATOR_PORT ?? '3100'}`;
const TEMPORAL = env.TEMPORAL_ADDRESS ?? `127.0.0.1:${env.TEMPORAL_GRPC_PORT ?? '7233'}`;
const UI = `http://localhost:${env.TEMPORAL_UI_PORT ?? '8233'}/namespaces/${env.TEMPORAL_NAMESPACE ?? 'default'}/workflows`;
const DATA_DIR = env.DATA_DIR ?? '.data';
const HOUR = 3_600_000;
const scale = Number(env.JOURNEY_TIME_SCALE ?? 1 / 60); // the local tier's default: an hour of journey time is a minute

function secretFile(name: string): string {
  const path = join(DATA_DIR, name);
  if (!existsSync(path)) throw new Error(`${path} not found: start the stack first (npm start), with the same DATA_DIR`);
  return readFileSync(path, 'utf8').trim();
}

/** The few fields of API answers the demo reads. */
interface ApiAnswer {
  readonly journey?: { readonly journeyId: string };
  readonly secret?: string;
  readonly subscription?: { readonly id: string };
  readonly items?: readonly { readonly escalationId: string; readonly journeyId: string }[];
  readonly escalation?: { readonly outcome?: string };
}

async function api(method: string, path: string, apiKey: string, body?: unknown): Promise<{ status: number; json: ApiAnswer }> {
  const response = await fetch(`${API}${path}`, {
    method, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text(); // a 204 has no body
  return { status: response.status, json: (text === '' ? {} : JSON.parse(text)) as ApiAnswer };
}

function requestBody(recipient: TestRecipientName, appointmentInMs: number, label: string) {
  return {
    journeyType: 'appointment-reminder', eventId: `demo-${label}-${Date.now()}`, eventTime: new Date(Date.now() + appointmentInMs).toISOString(),
    patient: { nhsNumber: TEST_RECIPIENTS[recipient].nhsNumber }, personalisation: { clinicName: 'Demo Clinic' },
  };
}

function line(label: string, outcome: string, detail: string, journeyId: string): void {
  console.log(`${label.padEnd(34)} ${outcome.padEnd(17)} ${detail.padEnd(44)} ${UI}/${journeyId}`);
}

/** The dev key's id (`nj_<id>_<secret>`): journeys started for it go to its webhook subscriptions. */
function keyIdOf(apiKey: string): string {
  return apiKey.split('_')[1] ?? '';
}

function webhooksLine(summary: string): void {
  console.log(`${''.padEnd(34)} webhooks: ${summary}`);
}

/** Returns the subscription id, deleted when the demo ends so no later event is sent to a receiver that is gone. */
async function subscribe(apiKey: string, receiver: DemoReceiver): Promise<string> {
  const eventTypes = ['journey.accepted', 'journey.delivered', 'journey.escalated', 'escalation.closed', 'journey.failed', 'journey.cancelled'];
  const created = await api('POST', '/v1/webhooks', apiKey, { url: receiver.url, eventTypes });
  if (created.status !== 201 || created.json.secret === undefined) throw new Error(`could not subscribe the demo receiver (HTTP ${created.status})`);
  receiver.trust(created.json.secret);
  return String(created.json.subscription?.id);
}

async function viaAdapter(service: JourneyService, recipient: TestRecipientName, appointmentInMs: number, label: string, requestedBy: string): Promise<string> {
  const catalogue = builtInCatalogue({ timeScale: scale, quietHours: {} });
  const parsed = parseStartJourneyRequest(requestBody(recipient, appointmentInMs, label), catalogue);
  if (!parsed.ok) throw new Error(`demo request invalid: ${JSON.stringify(parsed.problems)}`);
  const started = await service.start(parsed.value, { requestHash: requestFingerprint(parsed.value), requestedBy });
  if (started.kind === 'conflict') throw new Error('demo journey conflicts with an earlier one');
  return started.journey.journeyId;
}

async function main(): Promise<void> {
  const apiKey = secretFile('dev-api-key');
  const ready = await fetch(`${API}/readyz`).then((r) => r.status, () => 0);
  if (ready !== 200) throw new Error(`the API at ${API} is not ready (${ready || 'unreachable'}): run npm start first`);
  // The same payload keys as the stack, or the worker could not read what this client starts.
  const payloadKeys = env.PAYLOAD_ENCRYPTION_KEYS?.split(',') ?? [secretFile('payload-encryption-key')];
  const dataConverter = encryptedDataConverter(parsePayloadKeyRing(payloadKeys, env.PAYLOAD_ENCRYPTION_ACTIVE_KEY));
  const client = new Client({ connection: await Connection.connect({ address: TEMPORAL }), namespace: env.TEMPORAL_NAMESPACE ?? 'default', dataConverter });
  const service = createJourneyService({
    client, taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'notify-journeys', journeyIdSecret: secretFile('journey-id-secret'),
    catalogue: builtInCatalogue({ timeScale: scale, quietHours: {} }),
  });
  const outcomeOf = (id: string) => client.workflow.getHandle<typeof journeyWorkflow>(id).result();
  const receiver = await startDemoReceiver();
  const subscriptionId = await subscribe(apiKey, receiver);
  const requestedBy = keyIdOf(apiKey);
  console.log(`notify-journeys demo: API ${API}, Temporal ${TEMPORAL}, simulator ${SIMULATOR} (journey time ×${(1 / scale).toFixed(0)})`);
  console.log(`webhooks to a local clinical-system receiver at ${receiver.url}, signatures verified\n`);

  // 1. Through the HTTP API: a journey and its duplicate trigger.
  const body = requestBody('deliveredFirstChannel', 2 * HOUR, 'first-time');
  const first = await api('POST', '/v1/journeys', apiKey, body);
  const again = await api('POST', '/v1/journeys', apiKey, body);
  const journeyId = String(first.json.journey?.journeyId);
  const [unread, toLetter, tooLate] = await Promise.all([
    viaAdapter(service, 'nhsAppUnread', 2 * HOUR, 'unread', requestedBy),
    viaAdapter(service, 'smsPermanentFailure', 3 * HOUR, 'letter', requestedBy),
    viaAdapter(service, 'smsPermanentFailure', 1 * HOUR, 'too-late', requestedBy),
  ]);
  const delivered = await outcomeOf(journeyId);
  const ledger = await fetch(`${SIMULATOR}/_admin/ledger`).then((r) => r.json() as Promise<{ entries: { messageReference: string }[] }>);
  const sent = ledger.entries.filter((e) => e.messageReference === messageReference(journeyId, 'nhsapp', 'nhsapp')).length;
  line('delivered first time', delivered.outcome, `${describeSteps(delivered.view.steps)}`, journeyId);
  webhooksLine(await receiver.summary(journeyId, 2));
  line('duplicate trigger suppressed', `HTTP ${first.status} → ${again.status}`, `same journey: ${String(again.json.journey?.journeyId === journeyId)}; NHS Notify got ${sent} message`, journeyId);

  const [b, c] = await Promise.all([outcomeOf(unread), outcomeOf(toLetter)]);
  line('NHS App unread → SMS', b.outcome, describeSteps(b.view.steps), unread);
  webhooksLine(await receiver.summary(unread, 2));
  line('SMS failed → letter', c.outcome, describeSteps(c.view.steps), toLetter);
  webhooksLine(await receiver.summary(toLetter, 2));

  // 4. Staff: the worklist (API) shows the escalation; a nurse records that they phoned the patient.
  let escalationId: string | undefined;
  for (let i = 0; i < 300 && escalationId === undefined; i += 1) {
    const open = await api('GET', '/v1/escalations?status=open', apiKey);
    escalationId = open.json.items?.find((e) => e.journeyId === tooLate)?.escalationId;
    if (escalationId === undefined) await new Promise((r) => setTimeout(r, 200));
  }
  if (escalationId === undefined) throw new Error('the escalation did not reach the worklist');
  const recorded = await api('POST', `/v1/escalations/${encodeURIComponent(escalationId)}/outcome`, apiKey, { outcome: 'phoned', staffRole: 'nurse' });
  const d = await outcomeOf(tooLate);
  line('too late for a letter → staff', d.outcome, `${describeSteps(d.view.steps)}; ${escalationId.split(':').pop() ?? ''} ${String(recorded.json.escalation?.outcome)}`, tooLate);
  webhooksLine(await receiver.summary(tooLate, 3));

  // 5. Cancelled by the clinical system before anything was sent.
  const later = await api('POST', '/v1/journeys', apiKey, requestBody('deliveredFirstChannel', 48 * HOUR, 'cancelled'));
  const cancelledId = String(later.json.journey?.journeyId);
  const cancelled = await api('POST', `/v1/journeys/${encodeURIComponent(cancelledId)}/cancel`, apiKey, { reason: 'patient_request' });
  line('cancelled before the send', `HTTP ${cancelled.status}`, 'nothing sent', cancelledId);
  webhooksLine(await receiver.summary(cancelledId, 1));
  await api('DELETE', `/v1/webhooks/${subscriptionId}`, apiKey);
  await receiver.close();
  await client.connection.close();
}

function describeSteps(steps: readonly { stepId: string; status: string }[]): string {
  return steps.filter((s) => s.status !== 'pending').map((s) => `${s.stepId} ${s.status}`).join(', ');
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
