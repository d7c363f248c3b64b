/** The three endpoints end to end against the simulator: send, status, batches (split and re-sent), sandbox mode. */
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifyClient } from '../../../src/notify';
import { startSimulator } from '../../../src/simulator';
import { createLogger } from '../../../src/observability/logger';
import { ROUTING_PLAN_ID, aBatchMessage, aMessage } from '../../unit/notify/support/builders';
import { startHarness, type SimHarness } from './support';

let h: SimHarness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

describe('messages over real HTTP', () => {
  it('createMessage then getMessage follows the message to a terminal status', async () => {
    h = await startHarness();
    const client = h.client();
    const created = await client.createMessage(aMessage());
    let status = created.messageStatus as string;
    for (let i = 0; i < 100 && status !== 'delivered' && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await client.getMessage(created.messageId)).attributes.messageStatus;
    }
    expect(status).toBe('delivered');
    await expect(client.getMessage('2WL3qFTEFM0qMY8xjRbt1LIKCzN')).rejects.toMatchObject({ code: 'NOTIFY_NOT_FOUND', kind: 'permanent' });
    // NHS's fixed sandbox ids answer too, in a shape the client's own response schema accepts.
    await expect(client.getMessage('2WL5eYSWGzCHlGmzNxuqVusPxDg')).resolves.toMatchObject({ attributes: { messageStatus: 'delivered' } });
  });

  it('a batch split into parts lands every message once; re-sending it is all duplicates', async () => {
    h = await startHarness();
    const client = h.client({ batchLimits: { maxMessages: 2 } });
    const messages = Array.from({ length: 5 }, () => aBatchMessage());
    const first = await client.createMessageBatch(ROUTING_PLAN_ID, 'cohort-2027-01', messages);
    expect(first.parts.map((p) => p.messageBatchReference)).toEqual(['cohort-2027-01-part-1-of-3', 'cohort-2027-01-part-2-of-3', 'cohort-2027-01-part-3-of-3']);
    expect(Object.keys(first.messageIds).sort()).toEqual(messages.map((m) => m.messageReference).sort());
    for (const m of messages) expect(h.sim.ledger.byReference(m.messageReference).map((e) => e.messageId)).toEqual([first.messageIds[m.messageReference]]);
    const again = await client.createMessageBatch(ROUTING_PLAN_ID, 'cohort-2027-01', messages);
    expect(again.parts.every((p) => p.duplicate)).toBe(true);
    expect(h.sim.ledger.entries()).toHaveLength(5);
  });

  it("auth 'none' against an open-access simulator (NHS's sandbox behaviour): no token, messages accepted", async () => {
    const sim = await startSimulator({ port: 0, openAccess: true, logger: createLogger({ level: 'silent' }) });
    const client = createNotifyClient({ baseUrl: sim.baseUrl, auth: { kind: 'none' }, logger: createLogger({ level: 'silent' }) });
    try {
      await expect(client.createMessage(aMessage())).resolves.toMatchObject({ messageStatus: 'created' });
      expect(sim.counters.tokenRequests).toBe(0);
    } finally {
      await client.close();
      await sim.close();
    }
  });
});
