/**
 * undici MockAgent with the network disabled (style lesson 9): every request the client makes must match
 * an interceptor, so an unexpected request fails the test instead of leaving the machine.
 */
import { Writable } from 'node:stream';
import { MockAgent } from 'undici';
import { createLogger, type Logger } from '../../../../src/observability/logger';

export const ORIGIN = 'https://notify.test';
export const BASE_URL = `${ORIGIN}/comms`;
export const TOKEN_URL = `${ORIGIN}/oauth2/token`;
export const JSON_API = { 'content-type': 'application/vnd.api+json' };

export function aMockAgent(): MockAgent {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  return agent;
}

/** A real pino logger (with the real redaction) writing into an array the test can scan. */
export function aCapturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

export function aTokenBody(token = 'access-token-1', expiresIn = '599'): string {
  return JSON.stringify({ access_token: token, expires_in: expiresIn, token_type: 'Bearer', issued_at: String(Date.now()) });
}

export function aMessageCreatedBody(messageReference: string, id = '2WL3qFTEFM0qMY8xjRbt1LIKCzM'): string {
  return JSON.stringify({
    data: {
      type: 'Message', id,
      attributes: {
        messageReference, messageStatus: 'created', timestamps: { created: '2027-01-15T09:00:00.000Z' },
        routingPlan: { id: '4f8a1a52-0001-4c6e-9b7a-5d0a2f3b1c01', name: 'nhsapp-only', version: 'v1', createdDate: '2027-01-01T00:00:00.000Z' },
      },
      links: { self: `https://notify.test/comms/v1/messages/${id}` },
    },
  });
}

export function anErrorBody(status: number, code: string, pointer?: string): string {
  return JSON.stringify({ errors: [{
    id: 'rrt-1.0', code, status: String(status), title: 'x', detail: 'The value 9990000018 was wrong',
    links: { about: 'https://digital.nhs.uk/developer/api-catalogue/nhs-notify' },
    ...(pointer === undefined ? {} : { source: { pointer } }),
  }] });
}

/** The JSON a MockAgent reply callback received (the client always sends string bodies). */
export function jsonBodyOf<T = { data: { attributes: { messageReference: string } } }>(req: { body?: unknown }): T {
  return JSON.parse(typeof req.body === 'string' ? req.body : 'null') as T;
}

/** A reply callback that answers 201 for whatever messageReference was sent. */
export const echoMessageCreated = (req: { body?: unknown }) => ({
  statusCode: 201,
  data: aMessageCreatedBody(jsonBodyOf(req).data.attributes.messageReference),
  responseOptions: { headers: JSON_API },
});

/** Requests the MockAgent saw for one path (undici 7's filterCallsByPath is broken, so filter by hand). */
export function callsTo(agent: MockAgent, path: string) {
  return (agent.getCallHistory()?.calls() ?? []).filter((c) => c.path === path);
}
