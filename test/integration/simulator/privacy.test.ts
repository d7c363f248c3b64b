import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger';
import type { RunningSimulator } from '../../../src/simulator';
import { startCallbackReceiver, type CallbackReceiver } from './callback-receiver';
import { aMessage, eventually, getToken, sendMessage, startTestSimulator } from './support';

const CANARY_NHS = '9990000042';
const CANARY_PHONE = '07700900123';
const CANARY_VALUE = 'canary-personalisation-value';

describe('simulator logs hold no patient data (P1, P5)', () => {
  const lines: string[] = [];
  let sim: RunningSimulator;
  let receiver: CallbackReceiver;
  let token: string;

  beforeAll(async () => {
    const destination = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } });
    receiver = await startCallbackReceiver((_d, i) => ({ status: i % 2 === 0 ? 500 : 202 }));
    const started = await startTestSimulator({
      logger: createLogger({ level: 'debug', destination }),
      callbacks: { url: receiver.url, applicationId: 'app', apiKey: 'cb-secret-key', backoffBaseMs: 5, backoffCapMs: 20 },
    });
    sim = started.sim;
    token = await getToken(sim, started.key);
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it('logs request lines with route, status and codes, but no NHS number, contact detail, personalisation, token or key', async () => {
    const body = aMessage({ nhsNumber: CANARY_NHS, personalisation: { note: CANARY_VALUE } }) as { data: { attributes: { recipient: Record<string, unknown> } } };
    body.data.attributes.recipient.contactDetails = { sms: CANARY_PHONE };
    const created = await sendMessage(sim, token, body);
    expect(created.status).toBe(201);
    expect((await sendMessage(sim, token, body)).status).toBe(422);
    expect((await sendMessage(sim, token, { data: { type: 'Message', attributes: { recipient: { nhsNumber: '9990000041' } } } })).status).toBe(400);
    await eventually(() => (sim.getMessage(created.body.data.id as string)?.data.attributes.messageStatus === 'delivered' ? true : undefined));
    await eventually(() => (sim.counters.callbacksFailed > 0 ? true : undefined));

    const all = lines.join('');
    expect(all).toContain('"route":"/comms/v1/messages"');
    expect(all).toContain('CM_DUPLICATE_REQUEST');
    for (const secret of [CANARY_NHS, '9990000041', CANARY_PHONE, CANARY_VALUE, token, 'cb-secret-key']) expect(all).not.toContain(secret);
  });
});
