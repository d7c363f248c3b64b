/**
 * A clinical system's webhook endpoint on loopback, for the tests: every request is verified with the
 * receiver helper we ship (src/webhooks/receiver.ts), and an event is applied once per webhook-id.
 * Each request's answer is scripted: a status (with Retry-After), or a hang that never answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, type VerifyResult } from '../../../../src/webhooks/receiver';
import type { WebhookBody } from '../../../../src/domain/webhooks/events';

export type Answer = { readonly status: number; readonly retryAfter?: string } | 'hang';

export interface ReceivedRequest {
  readonly at: number;
  readonly webhookId: string | undefined;
  readonly verified: VerifyResult;
}

export interface TestReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Applied events, at most one per webhook-id. */
  readonly applied: Map<string, WebhookBody>;
  /** Answers for the next requests, in order; after them every request gets 204. */
  script(answers: readonly Answer[]): void;
  close(): Promise<void>;
}

export async function startTestReceiver(secrets: readonly string[]): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const applied = new Map<string, WebhookBody>();
  let answers: Answer[] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const verified = verifyWebhook({ secrets }, req.headers, Buffer.concat(chunks));
      const webhookId = typeof req.headers['webhook-id'] === 'string' ? req.headers['webhook-id'] : undefined;
      requests.push({ at: Date.now(), webhookId, verified });
      const answer = answers.shift() ?? { status: 204 };
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      if (!verified.ok) {
        res.writeHead(401).end();
        return;
      }
      if (answer.status >= 200 && answer.status < 300 && !applied.has(verified.id)) applied.set(verified.id, verified.event);
      res.writeHead(answer.status, answer.retryAfter === undefined ? {} : { 'retry-after': answer.retryAfter }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`, requests, applied,
    script(next) { answers = [...next]; },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Webhook settings for a journey suite whose receivers are on loopback plain HTTP: a registry of its own, and a
 * short retry policy so a test sees retries within seconds.
 */
export function loopbackWebhookSettings() {
  return {
    requireHttps: false, blockPrivateAddresses: false, registryWorkflowId: `webhook-registry-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    policy: { windowMs: 60_000, attemptTimeoutMs: 1_000, initialIntervalMs: 200, maximumIntervalMs: 1_000 },
  };
}
