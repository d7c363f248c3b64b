/**
 * The production shape, as processes: 2 `ROLE=api` and 2 `ROLE=worker` processes on a PostgreSQL-backed
 * cluster (test/cluster/global-setup.ts). Journeys go in through either API; callbacks may reach either API;
 * a worker may die at any moment. What must hold: one accepted NHS Notify message per step, a callback
 * applied once however many replicas it reaches (the workflow's idempotency, not one process's memory), and
 * every journey finished by whichever worker is left.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { messageReference } from '../../src/domain';
import { TEST_RECIPIENTS } from '../../src/simulator';
import { encryptedDataConverter, parsePayloadKeyRing } from '../../src/temporal/payload-codec';
import { deliveryState, deliveryWorkflowId } from '../../workflows';
import { messageStatusItem, postCallback } from '../integration/journeys/support/signed-callbacks';
import { devApiKeyPath } from './support/fleet';

interface JourneyView { journeyId: string; status: string; steps?: Array<{ status: string; history?: Array<{ status: string }> }> }
interface LedgerEntry { messageReference: string; messageId: string; routingPlanId: string; routingPlanVersion: string; acceptedAt: string }

const fleet = inject('clusterFleet');
const apiKey = readFileSync(devApiKeyPath(fleet.dataDir), 'utf8').trim();
// The local tier's callback credentials (config.ts defaults), which the fleet's simulator signs with.
const CALLBACK_APPLICATION = { apiKey: 'local-dev-callback-key', applicationId: 'local-dev-application' };

function api(base: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...init.headers } });
}

async function startJourney(base: string): Promise<string> {
  const response = await api(base, '/v1/journeys', { method: 'POST', body: JSON.stringify({
    journeyType: 'appointment-reminder', eventId: `fleet-${randomUUID()}`, eventTime: new Date(Date.now() + 60_000).toISOString(),
    patient: { nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber }, personalisation: { clinicName: 'Fleet Clinic' },
  }) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { journey: JourneyView }).journey.journeyId;
}

async function ledger(): Promise<LedgerEntry[]> {
  const body = (await (await fetch(`${fleet.simulatorUrl}/_admin/ledger`)).json()) as { entries: LedgerEntry[] };
  return body.entries;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function addFault(rule: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${fleet.simulatorUrl}/_admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  return ((await response.json()) as { faults: Array<{ id: string }> }).faults[0]!.id;
}

const removeFault = (id: string) => fetch(`${fleet.simulatorUrl}/_admin/faults/${id}`, { method: 'DELETE' });

describe('the production shape: 2 API and 2 worker processes on a PostgreSQL cluster', () => {
  let client: Client;
  beforeAll(async () => {
    // The replicas share the local tier's payload key; a client with it reads the workflows' state.
    const payloadKey = readFileSync(join(fleet.dataDir, 'payload-encryption-key'), 'utf8').trim();
    client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }), dataConverter: encryptedDataConverter(parsePayloadKeyRing([payloadKey])) });
  });
  afterAll(async () => {
    await client?.connection.close();
  });

  it('every process is ready (Temporal, namespace, search attributes; workers polling) and each worker reports it runs', async () => {
    for (const process of [...fleet.apis, ...fleet.workers]) expect((await fetch(`${process.url}/readyz`)).status, process.url).toBe(200);
    for (const worker of fleet.workers) expect(await (await fetch(`${worker.url}/metrics`)).text()).toMatch(/^notify_journeys_worker_running 1$/m);
  });

  it('S6: across replicas, journeys started through either API are delivered; one callback posted to both APIs applies once', async () => {
    const drop = await addFault({ kind: 'dropCallbacks' }); // this test plays NHS Notify's callbacks itself
    try {
      const [apiA, apiB] = fleet.apis.map((p) => p.url) as [string, string];
      const journeyId = await startJourney(apiA);
      const reference = messageReference(journeyId, 'nhsapp', 'nhsapp');
      const entry = await until('the message at NHS Notify', 30_000, async () => (await ledger()).find((e) => e.messageReference === reference));
      const m = { messageId: entry.messageId, messageReference: reference, routingPlan: { id: entry.routingPlanId, version: entry.routingPlanVersion } };
      const t0 = Date.parse(entry.acceptedAt);
      const sending = messageStatusItem(m, 'sending', t0 + 100);
      const delivered = messageStatusItem(m, 'delivered', t0 + 200);
      for (const item of [sending, delivered]) {
        const statuses = await Promise.all([apiA, apiB, apiA, apiB].map((base) => postCallback(`${base}/v1/callbacks/nhs-notify`, CALLBACK_APPLICATION, [item])));
        expect(statuses).toEqual([202, 202, 202, 202]); // every copy is acknowledged, so NHS Notify stops retrying
      }
      const done = await until('the journey delivered', 30_000, async () => {
        const view = ((await (await api(apiB, `/v1/journeys/${journeyId}`)).json()) as { journey: JourneyView }).journey;
        return view.status === 'delivered' ? view : undefined;
      });
      const history = done.steps?.[0]?.history?.map((h) => h.status) ?? [];
      expect(history.filter((s) => s === 'sending')).toHaveLength(1);
      expect(history.filter((s) => s === 'delivered')).toHaveLength(1);
      const state = await client.workflow.getHandle(deliveryWorkflowId(reference)).query(deliveryState);
      const keys = [sending, delivered].map((item) => item.meta.idempotencyKey);
      // Each key applied once, whichever replica's signal landed first (their order is not the rule).
      expect(state.state.seenIdempotencyKeys.filter((k) => keys.includes(k)).sort()).toEqual([...keys].sort());
      expect((await ledger()).filter((e) => e.messageReference === reference)).toHaveLength(1);
    } finally {
      await removeFault(drop);
    }
  });

  it('R1: on a cluster, a worker process SIGKILLed mid-run; the other worker finishes every journey, exactly 1 accepted message per step', async () => {
    const [doomed, survivor] = fleet.workers as [typeof fleet.workers[0], typeof fleet.workers[0]];
    const journeys = 12;
    // Sends are held a little, so the kill lands while some are in flight, some accepted and some not yet started.
    const slow = await addFault({ kind: 'latency', ms: 400, route: 'messages' });
    try {
      const ids = await Promise.all(Array.from({ length: journeys }, (_, i) => startJourney(fleet.apis[i % 2]!.url)));
      const references = ids.map((id) => messageReference(id, 'nhsapp', 'nhsapp'));
      await until('a third of the messages accepted', 60_000, async () =>
        (await ledger()).filter((e) => references.includes(e.messageReference)).length >= journeys / 3 ? true : undefined);
      process.kill(doomed.pid, 'SIGKILL');
      await until('the killed worker gone', 10_000, async () => (await fetch(`${doomed.url}/healthz`).then(() => undefined, () => true)));

      const results = await Promise.all(ids.map((id) => client.workflow.getHandle(id).result() as Promise<{ outcome: string }>));
      expect(results.map((r) => r.outcome)).toEqual(Array(journeys).fill('delivered'));
      const entries = await ledger();
      for (const reference of references) expect(entries.filter((e) => e.messageReference === reference), reference).toHaveLength(1);
      expect((await fetch(`${survivor.url}/readyz`)).status).toBe(200);
    } finally {
      await removeFault(slow);
    }
  }, 240_000);
});
