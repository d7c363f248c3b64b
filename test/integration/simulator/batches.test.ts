import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageBatchCreatedResponse, MessageResponse } from '../../../src/contracts/nhs-notify/wire';
import type { RunningSimulator } from '../../../src/simulator';
import { TEST_RECIPIENTS } from '../../../src/simulator';
import { call, eventually, getToken, PLAN_IDS, startTestSimulator } from './support';

function aBatch(size: number, overrides: { messageBatchReference?: string; routingPlanId?: string } = {}) {
  return {
    data: {
      type: 'MessageBatch',
      attributes: {
        routingPlanId: overrides.routingPlanId ?? PLAN_IDS['sms-only'],
        messageBatchReference: overrides.messageBatchReference ?? randomUUID(),
        messages: Array.from({ length: size }, (_, i) => ({
          messageReference: randomUUID(),
          recipient: { nhsNumber: i === 0 ? TEST_RECIPIENTS.smsPermanentFailure.nhsNumber : TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber },
          personalisation: { slot: `slot-${i}` },
        })),
      },
    },
  };
}

describe('simulator POST /v1/message-batches (docs/nhs-notify.md §4)', () => {
  let sim: RunningSimulator;
  let token: string;
  const post = (body: unknown) => call(`${sim.baseUrl}/v1/message-batches`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });

  beforeAll(async () => {
    const started = await startTestSimulator();
    sim = started.sim;
    token = await getToken(sim, started.key);
  });
  afterAll(async () => sim.close());

  it('accepts a batch: one KSUID per message, mapped by reference, no Location, each message in the ledger with the batch id', async () => {
    const body = aBatch(3);
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBeNull();
    const created = MessageBatchCreatedResponse.parse(res.body);
    expect(created.data.attributes.messages.map((m) => m.messageReference)).toEqual(body.data.attributes.messages.map((m) => m.messageReference));
    expect(created.data.attributes.routingPlan.id).toBe(PLAN_IDS['sms-only']);
    for (const m of created.data.attributes.messages) {
      expect(sim.ledger.byMessageId(m.id)).toMatchObject({ batchId: created.data.id, messageReference: m.messageReference, personalisationKeys: ['slot'] });
    }
    expect(sim.counters.batchRequests).toBe(1);
  });

  it('each message runs its own lifecycle and GET shows relationships.messageBatch', async () => {
    const res = await post(aBatch(2));
    const created = MessageBatchCreatedResponse.parse(res.body);
    const [failing, delivering] = created.data.attributes.messages;
    const final = async (id: string) => eventually(async () => {
      const got = await call(`${sim.baseUrl}/v1/messages/${id}`, { headers: { authorization: `Bearer ${token}` } });
      const status = MessageResponse.parse(got.body).data.attributes.messageStatus;
      return status === 'delivered' || status === 'failed' ? (got.body as { data: { attributes: { messageStatus: string }; relationships: unknown } }) : undefined;
    });
    const failed = await final(failing!.id);
    expect(failed.data.attributes.messageStatus).toBe('failed');
    expect(failed.data.relationships).toEqual({ messageBatch: { data: { type: 'MessageBatch', id: created.data.id } } });
    expect((await final(delivering!.id)).data.attributes.messageStatus).toBe('delivered');
  });

  it('a repeated messageBatchReference is 422 at messageBatchReference and accepts nothing more', async () => {
    const body = aBatch(2);
    expect((await post(body)).status).toBe(201);
    const before = sim.ledger.countAccepted();
    const again = await post(body);
    expect(again.status).toBe(422);
    expect(again.body.errors[0]).toMatchObject({ code: 'CM_DUPLICATE_REQUEST', title: 'Duplicate batch request', source: { pointer: '/data/attributes/messageBatchReference' } });
    expect(sim.ledger.countAccepted()).toBe(before);
  });

  it('an empty batch is 400 CM_TOO_FEW_ITEMS; a duplicate reference inside a batch is 400 CM_DUPLICATE_VALUE', async () => {
    const empty = await post(aBatch(0));
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].code).toBe('CM_TOO_FEW_ITEMS');
    const dup = aBatch(2);
    dup.data.attributes.messages[1]!.messageReference = dup.data.attributes.messages[0]!.messageReference;
    const res = await post(dup);
    expect(res.body.errors[0]).toMatchObject({ code: 'CM_DUPLICATE_VALUE', source: { pointer: '/data/attributes/messages/1/messageReference' } });
  });

  it('more than 45,000 messages is 413 CM_TOO_MANY_ITEMS', async () => {
    const huge = { data: { type: 'MessageBatch', attributes: { routingPlanId: PLAN_IDS['sms-only'], messageBatchReference: 'big', messages: Array.from({ length: 45_001 }, () => ({})) } } };
    const res = await post(huge);
    expect(res.status).toBe(413);
    expect(res.body.errors[0]).toMatchObject({ code: 'CM_TOO_MANY_ITEMS', status: '413', source: { pointer: '/data/attributes/messages' } });
  });

  it('an unknown routing plan is 404 and accepts nothing', async () => {
    const before = sim.ledger.countAccepted();
    const res = await post(aBatch(2, { routingPlanId: randomUUID() }));
    expect(res.status).toBe(404);
    expect(sim.ledger.countAccepted()).toBe(before);
  });
});
