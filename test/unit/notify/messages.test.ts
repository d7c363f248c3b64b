/**
 * Layer 3: exact requests on the wire (style lesson 9), validation before any I/O with pointers but no
 * values, batch splitting with derived references, and GET by id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MockAgent } from 'undici';
import { isDeepStrictEqual } from 'node:util';
import { createNotifyClient, NotifyBatchIncompleteError, NotifyInvalidRequestError, type NotifyClient } from '../../../src/notify';
import { CANARY_EMAIL, CANARY_NHS_NUMBER, ROUTING_PLAN_ID, aBatchMessage, aMessage, specAcceptedMessages } from './support/builders';
import { aCapturedLogger, aMessageCreatedBody, aMockAgent, anErrorBody, BASE_URL, callsTo, JSON_API, jsonBodyOf, ORIGIN } from './support/mock-notify';

let agent: MockAgent;
afterEach(async () => agent.close());

function aClient(batchLimits?: { maxMessages?: number; maxBytes?: number }): NotifyClient {
  agent = aMockAgent();
  return createNotifyClient({ baseUrl: BASE_URL, auth: { kind: 'none' }, dispatcher: agent, logger: aCapturedLogger().logger, batchLimits });
}

interface BatchBody { data: { attributes: { messageBatchReference: string; messages: { messageReference: string }[] } } }
const batchCreated = (req: { body?: unknown }) => {
  const { messageBatchReference, messages } = jsonBodyOf<BatchBody>(req).data.attributes;
  return {
    statusCode: 201, responseOptions: { headers: JSON_API },
    data: JSON.stringify({ data: { type: 'MessageBatch', id: 'B'.repeat(27), attributes: {
      messageBatchReference,
      routingPlan: { id: ROUTING_PLAN_ID, name: 'p', version: '1', createdDate: '2027-01-01T00:00:00.000Z' },
      messages: messages.map((m, i) => ({ messageReference: m.messageReference, id: `M${String(i).padStart(26, '0')}` })),
    } } }),
  };
};

describe('createMessage', () => {
  it('sends exactly {data:{type:"Message", attributes}} and returns the id', async () => {
    const client = aClient();
    const attributes = aMessage({ originator: { odsCode: 'X26' } });
    // Byte-exact, in the wire schema's field order.
    const { routingPlanId, messageReference, recipient, originator, personalisation } = attributes;
    const exactBody = JSON.stringify({ data: { type: 'Message', attributes: { routingPlanId, messageReference, recipient, originator, personalisation } } });
    agent.get(ORIGIN).intercept({ path: '/comms/v1/messages', method: 'POST', body: exactBody })
      .reply(201, JSON.stringify({ data: { type: 'Message', id: '2WL3qFTEFM0qMY8xjRbt1LIKCzM', attributes: {
        messageReference: attributes.messageReference, messageStatus: 'created', timestamps: { created: '2027-01-15T09:00:00.000Z' },
        routingPlan: { id: ROUTING_PLAN_ID, name: '', version: '1', createdDate: '2027-01-01T00:00:00.000Z' } } } }), { headers: JSON_API });
    await expect(client.createMessage(attributes)).resolves.toMatchObject({
      messageId: '2WL3qFTEFM0qMY8xjRbt1LIKCzM', messageReference: attributes.messageReference, createdAt: '2027-01-15T09:00:00.000Z',
    });
  });

  it('refuses an invalid request BEFORE any network I/O, naming field paths but never values', async () => {
    const client = aClient();
    const bad = aMessage({ routingPlanId: 'not-a-uuid', messageReference: '   ', recipient: { nhsNumber: '9990000019', contactDetails: { email: CANARY_EMAIL, sms: 7 as unknown as string } } });
    const err = await client.createMessage(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyInvalidRequestError);
    expect(err).toMatchObject({ code: 'NOTIFY_INVALID_REQUEST', kind: 'permanent' });
    expect((err as NotifyInvalidRequestError).fieldPaths).toEqual([
      '/data/attributes/routingPlanId', '/data/attributes/messageReference', '/data/attributes/recipient/nhsNumber', '/data/attributes/recipient/contactDetails/sms',
    ]);
    expect((err as Error).message).toContain('modulus-11');
    for (const value of ['not-a-uuid', '9990000019', CANARY_EMAIL]) expect((err as Error).message).not.toContain(value);
    expect(agent.getCallHistory()?.calls()).toHaveLength(0);
  });

  it('refuses a correlation id that could split a header or log line', async () => {
    const client = aClient();
    await expect(client.createMessage(aMessage(), { correlationId: 'a.b' })).rejects.toMatchObject({ fieldPaths: ['/correlationId'] });
    await expect(client.createMessage(aMessage(), { correlationId: 'x\r\ny' })).rejects.toMatchObject({ code: 'NOTIFY_INVALID_REQUEST' });
    expect(agent.getCallHistory()?.calls()).toHaveLength(0);
  });
});

describe('createMessage accepts what NHS Notify accepts, and sends it unchanged', () => {
  for (const [rule, attributes] of specAcceptedMessages()) {
    it(`accepts ${rule}`, async () => {
      const client = aClient();
      // Every field as given, extras included (key order is the schema's, so compare parsed).
      const sent = { data: { type: 'Message', attributes } };
      agent.get(ORIGIN).intercept({ path: '/comms/v1/messages', method: 'POST', body: (body) => isDeepStrictEqual(JSON.parse(body), sent) })
        .reply(201, aMessageCreatedBody(attributes.messageReference), { headers: JSON_API });
      await expect(client.createMessage(attributes)).resolves.toMatchObject({ messageReference: attributes.messageReference });
    });
  }
});

describe('getMessage', () => {
  it('GETs /v1/messages/{id} and parses the status; a non-KSUID id never reaches the path', async () => {
    const client = aClient();
    const id = '2WL3qFTEFM0qMY8xjRbt1LIKCzM';
    agent.get(ORIGIN).intercept({ path: `/comms/v1/messages/${id}`, method: 'GET' }).reply(200, JSON.stringify({ data: { type: 'Message', id, attributes: {
      messageReference: 'r', messageStatus: 'delivered', timestamps: { created: '2027-01-15T09:00:00.000Z' },
      routingPlan: { id: ROUTING_PLAN_ID, name: 'p', version: '1', createdDate: '2027-01-01T00:00:00.000Z' },
      channels: [{ type: 'nhsapp', cascadeType: 'primary', cascadeOrder: 1, channelStatus: 'delivered', timestamps: { created: '2027-01-15T09:00:00.000Z' }, routingPlan: { id: ROUTING_PLAN_ID, type: 'original' } }],
    } } }), { headers: JSON_API });
    await expect(client.getMessage(id)).resolves.toMatchObject({ id, attributes: { messageStatus: 'delivered' } });
    await expect(client.getMessage('../../oauth2/token?x=1')).rejects.toMatchObject({ code: 'NOTIFY_INVALID_REQUEST' });
    expect(agent.getCallHistory()?.calls()).toHaveLength(1);
  });

  it('404 CM_NOT_FOUND is NOTIFY_NOT_FOUND', async () => {
    const client = aClient();
    agent.get(ORIGIN).intercept({ path: /\/comms\/v1\/messages\//, method: 'GET' }).reply(404, anErrorBody(404, 'CM_NOT_FOUND'), { headers: JSON_API });
    await expect(client.getMessage('2WL3qFTEFM0qMY8xjRbt1LIKCzM')).rejects.toMatchObject({ code: 'NOTIFY_NOT_FOUND', kind: 'permanent' });
  });
});

describe('createMessageBatch', () => {
  it('one request when the set fits, under the caller\'s own batch reference', async () => {
    const client = aClient();
    agent.get(ORIGIN).intercept({ path: '/comms/v1/message-batches', method: 'POST' }).reply(batchCreated).persist();
    const messages = Array.from({ length: 3 }, () => aBatchMessage());
    const result = await client.createMessageBatch(ROUTING_PLAN_ID, 'batch-ref-1', messages);
    expect(result.parts).toEqual([{ messageBatchReference: 'batch-ref-1', messageCount: 3, batchId: 'B'.repeat(27), duplicate: false }]);
    expect(Object.keys(result.messageIds)).toEqual(messages.map((m) => m.messageReference));
    const sent = jsonBodyOf<BatchBody & { data: { type: string } }>(callsTo(agent, '/comms/v1/message-batches')[0] ?? {});
    expect(sent).toEqual({ data: { type: 'MessageBatch', attributes: { routingPlanId: ROUTING_PLAN_ID, messageBatchReference: 'batch-ref-1', messages } } });
  });

  it('splits over 45,000 messages into parts with derived references and merges the ids', async () => {
    const client = aClient({ maxBytes: 50_000_000 });
    agent.get(ORIGIN).intercept({ path: '/comms/v1/message-batches', method: 'POST' }).reply(batchCreated).persist();
    const messages = Array.from({ length: 45_001 }, (_, i) => ({ messageReference: `ref-${i}`, recipient: { nhsNumber: CANARY_NHS_NUMBER } }));
    const result = await client.createMessageBatch(ROUTING_PLAN_ID, 'big', messages);
    expect(result.parts.map((p) => [p.messageBatchReference, p.messageCount])).toEqual([['big-part-1-of-2', 45_000], ['big-part-2-of-2', 1]]);
    expect(Object.keys(result.messageIds)).toHaveLength(45_001);
  }, 30_000);

  it('splits by payload bytes as well as count (5.2 MB limit)', async () => {
    const client = aClient({ maxBytes: 2_000 });
    agent.get(ORIGIN).intercept({ path: '/comms/v1/message-batches', method: 'POST' }).reply(batchCreated).persist();
    const messages = Array.from({ length: 40 }, () => aBatchMessage());
    const result = await client.createMessageBatch(ROUTING_PLAN_ID, 'sized', messages);
    expect(result.parts.length).toBeGreaterThan(1);
    for (const call of callsTo(agent, '/comms/v1/message-batches')) expect(Buffer.byteLength(call.body ?? '')).toBeLessThanOrEqual(2_000);
    expect(result.parts.reduce((n, p) => n + p.messageCount, 0)).toBe(40);
  });

  it('validates the whole set before sending any part: a bad message or duplicate reference anywhere stops it', async () => {
    const client = aClient({ maxMessages: 2 });
    const messages = [aBatchMessage(), aBatchMessage(), aBatchMessage(), aBatchMessage({ recipient: { nhsNumber: '1234567890' } })];
    await expect(client.createMessageBatch(ROUTING_PLAN_ID, 'b', messages)).rejects.toMatchObject({ fieldPaths: ['/data/attributes/messages/3/recipient/nhsNumber'] });
    const dup = aBatchMessage();
    await expect(client.createMessageBatch(ROUTING_PLAN_ID, 'b', [dup, aBatchMessage(), { ...dup }])).rejects.toMatchObject({ fieldPaths: ['/data/attributes/messages/2/messageReference'] });
    await expect(client.createMessageBatch(ROUTING_PLAN_ID, 'b', [])).rejects.toMatchObject({ code: 'NOTIFY_INVALID_REQUEST' });
    expect(agent.getCallHistory()?.calls()).toHaveLength(0);
  });

  it('a part answered 422 is a duplicate (accepted earlier, no ids); a later failure keeps the completed parts', async () => {
    const client = aClient({ maxMessages: 1 });
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/comms/v1/message-batches', method: 'POST' }).reply(422, anErrorBody(422, 'CM_DUPLICATE_REQUEST'), { headers: JSON_API });
    pool.intercept({ path: '/comms/v1/message-batches', method: 'POST' }).reply(batchCreated);
    pool.intercept({ path: '/comms/v1/message-batches', method: 'POST' }).reply(503, anErrorBody(503, 'CM_SERVICE_UNAVAILABLE'), { headers: JSON_API });
    const messages = [aBatchMessage(), aBatchMessage(), aBatchMessage()];
    const err = await client.createMessageBatch(ROUTING_PLAN_ID, 'b', messages).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyBatchIncompleteError);
    expect(err).toMatchObject({ code: 'NOTIFY_UNAVAILABLE', kind: 'transient', failedBatchReference: 'b-part-3-of-3' });
    const { completed } = err as NotifyBatchIncompleteError;
    expect(completed.parts.map((p) => [p.messageBatchReference, p.duplicate])).toEqual([['b-part-1-of-3', true], ['b-part-2-of-3', false]]);
    expect(Object.keys(completed.messageIds)).toEqual([messages[1]?.messageReference]);
  });
});
