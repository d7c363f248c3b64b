/**
 * A8: NHS Notify's answers are validated, not trusted (OWASP API10). Each broken 2xx becomes
 * NOTIFY_BAD_RESPONSE: no crash, and neither the error nor any log line carries the body.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MockAgent } from 'undici';
import { createNotifyClient, NotifyBadResponseError } from '../../../src/notify';
import { aMessage } from './support/builders';
import { aCapturedLogger, aMessageCreatedBody, aMockAgent, anErrorBody, BASE_URL, JSON_API, ORIGIN } from './support/mock-notify';

const LEAK = 'LEAKY-BODY-MARKER';
let agent: MockAgent;
afterEach(async () => agent.close());

function clientReplying(status: number, body: string, headers: Record<string, string>) {
  agent = aMockAgent();
  agent.get(ORIGIN).intercept({ path: '/comms/v1/messages', method: 'POST' }).reply(status, body, { headers });
  agent.get(ORIGIN).intercept({ path: /^\/comms\/v1\/messages\/\w+$/, method: 'GET' }).reply(status, body, { headers });
  const captured = aCapturedLogger();
  return { client: createNotifyClient({ baseUrl: BASE_URL, auth: { kind: 'none' }, dispatcher: agent, logger: captured.logger }), lines: captured.lines };
}

const message = aMessage();
const good = aMessageCreatedBody(message.messageReference);
const CASES = [
  { name: 'wrong shape (id is not a KSUID, status unknown)', status: 201, headers: JSON_API,
    body: JSON.stringify({ data: { type: 'Message', id: LEAK, attributes: { messageReference: message.messageReference, messageStatus: 'weird' } } }), why: /unexpected shape at/ },
  { name: 'truncated JSON', status: 201, headers: JSON_API, body: good.slice(0, good.length - 7), why: /not complete JSON/ },
  { name: 'wrong content type (text/html)', status: 201, headers: { 'content-type': 'text/html' }, body: `<html>${LEAK}</html>`, why: /content type not JSON/ },
  { name: 'no content type', status: 201, headers: {}, body: good, why: /content type missing/ },
  { name: '200 with an error body', status: 200, headers: JSON_API, body: anErrorBody(400, 'CM_INVALID_VALUE'), why: /error body/ },
  { name: 'empty 201', status: 201, headers: JSON_API, body: '', why: /not complete JSON/ },
  { name: 'a 201 for a different messageReference', status: 201, headers: JSON_API, body: aMessageCreatedBody('someone-elses-reference'), why: /different messageReference/ },
];

describe('A8: response validation', () => {
  for (const c of CASES) {
    it(`A8: ${c.name} → NOTIFY_BAD_RESPONSE, body not in the error or the logs`, async () => {
      const { client, lines } = clientReplying(c.status, c.body, c.headers);
      const err = await client.createMessage(message).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotifyBadResponseError);
      expect(err).toMatchObject({ code: 'NOTIFY_BAD_RESPONSE', kind: 'ambiguous', status: c.status });
      expect((err as Error).message).toMatch(c.why);
      expect((err as Error).message).not.toContain(LEAK);
      expect(lines.join('\n')).not.toContain(LEAK);
      expect(lines.join('\n')).not.toContain(message.messageReference);
    });
  }

  it('A8: GET /v1/messages/{id} with a wrong shape is NOTIFY_BAD_RESPONSE too', async () => {
    const { client } = clientReplying(200, JSON.stringify({ data: { type: 'Message', id: '2WL3qFTEFM0qMY8xjRbt1LIKCzM', attributes: {} } }), JSON_API);
    await expect(client.getMessage('2WL3qFTEFM0qMY8xjRbt1LIKCzM')).rejects.toMatchObject({ code: 'NOTIFY_BAD_RESPONSE' });
  });

  it('A8: a body over the size limit is refused without reading it all', async () => {
    agent = aMockAgent();
    agent.get(ORIGIN).intercept({ path: '/comms/v1/messages', method: 'POST' }).reply(201, 'x'.repeat(2 * 1024 * 1024), { headers: JSON_API });
    const client = createNotifyClient({ baseUrl: BASE_URL, auth: { kind: 'none' }, dispatcher: agent, logger: aCapturedLogger().logger, maxResponseBytes: 64 * 1024 });
    await expect(client.createMessage(message)).rejects.toMatchObject({ code: 'NOTIFY_BAD_RESPONSE', message: expect.stringMatching(/larger than 65536 bytes/) as unknown });
  });

  it('the good answer parses (control), with application/json; charset=utf-8 accepted too', async () => {
    const { client } = clientReplying(201, good, { 'content-type': 'application/json; charset=utf-8' });
    await expect(client.createMessage(message)).resolves.toMatchObject({ messageId: '2WL3qFTEFM0qMY8xjRbt1LIKCzM', messageStatus: 'created' });
  });
});
