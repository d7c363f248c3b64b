import { afterEach, describe, expect, it } from 'vitest';
import type { MockAgent } from 'undici';
import { NotifyRedirectRefusedError } from '../../../src/notify';
import { createTransport } from '../../../src/notify/transport';
import { aCapturedLogger, aMockAgent, ORIGIN } from './support/mock-notify';

let agent: MockAgent;
afterEach(async () => agent.close());

describe('transport', () => {
  it('sends a generated X-Correlation-ID (UUID) when the caller gives none, and logs only safe fields', async () => {
    agent = aMockAgent();
    agent.get(ORIGIN).intercept({ path: '/comms/v1/messages/abc', method: 'GET' }).reply(200, '{}', { headers: { 'content-type': 'application/json' } });
    const { logger, lines } = aCapturedLogger();
    const res = await createTransport({ dispatcher: agent, logger }).send({ method: 'GET', url: new URL(`${ORIGIN}/comms/v1/messages/abc`), route: 'GET /v1/messages/{messageId}', headers: { authorization: 'Bearer SECRET-TOKEN' } });
    const sent = agent.getCallHistory()?.lastCall()?.headers as Record<string, string>;
    expect(sent['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.correlationId).toBe(sent['x-correlation-id']);
    expect(sent.accept).toBe('application/vnd.api+json');
    const line = JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(expect.arrayContaining(['method', 'route', 'status', 'durationMs', 'correlationId']));
    expect(line.route).toBe('GET /v1/messages/{messageId}');
    expect(lines.join('\n')).not.toContain('SECRET-TOKEN');
    expect(lines.join('\n')).not.toContain('/abc');
  });

  it('A6: a 307 to another host is not followed: one request, a typed permanent error', async () => {
    agent = aMockAgent();
    agent.get(ORIGIN).intercept({ path: '/comms/v1/messages', method: 'POST' }).reply(307, '', { headers: { location: 'https://attacker.test/steal' } });
    agent.get('https://attacker.test').intercept({ path: '/steal', method: 'POST' }).reply(201, '{}').persist();
    const err = await createTransport({ dispatcher: agent, logger: aCapturedLogger().logger })
      .send({ method: 'POST', url: new URL(`${ORIGIN}/comms/v1/messages`), route: 'POST /v1/messages', body: { json: { patient: 'data' } } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyRedirectRefusedError);
    expect(err).toMatchObject({ code: 'NOTIFY_REDIRECT_REFUSED', kind: 'permanent', status: 307 });
    expect(agent.getCallHistory()?.calls().map((c) => c.origin)).toEqual([ORIGIN]);
  });
});
