/**
 * The demo's clinical system: a local webhook receiver subscribed through POST /v1/webhooks, verifying
 * every delivery with the receiver helper we ship (src/webhooks/receiver.ts) and the secret the API
 * returned. The demo prints, per journey, the events that arrived and whether each signature verified.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../webhooks/receiver';
import type { WebhookBody } from '../domain/webhooks/events';

interface Arrival {
  readonly id: string | undefined;
  readonly verified: boolean;
  readonly event?: WebhookBody;
}

export interface DemoReceiver {
  readonly url: string;
  /** Called once the API has answered with the subscription's secret. */
  trust(secret: string): void;
  /** "journey.accepted ✓, journey.delivered ✓" for one journey, once `count` events have arrived (or the wait ends). */
  summary(journeyId: string, count: number, waitMs?: number): Promise<string>;
  close(): Promise<void>;
}

export async function startDemoReceiver(): Promise<DemoReceiver> {
  const arrivals: Arrival[] = [];
  let secrets: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const result = verifyWebhook({ secrets }, req.headers, Buffer.concat(chunks));
      const id = typeof req.headers['webhook-id'] === 'string' ? req.headers['webhook-id'] : undefined;
      // A redelivery of an event already applied is acknowledged and not applied again.
      if (result.ok && !arrivals.some((a) => a.id === result.id)) arrivals.push({ id, verified: true, event: result.event });
      if (!result.ok) arrivals.push({ id, verified: false });
      res.writeHead(result.ok ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/clinical-system/webhooks`;
  const forJourney = (journeyId: string) => arrivals.filter((a) => a.event?.data.journeyId === journeyId);
  return {
    url,
    trust(secret) { secrets = [secret]; },
    async summary(journeyId, count, waitMs = 15_000) {
      for (const until = Date.now() + waitMs; forJourney(journeyId).length < count && Date.now() < until;) await new Promise((r) => setTimeout(r, 100));
      const refused = arrivals.filter((a) => !a.verified).length;
      const events = forJourney(journeyId).map((a) => `${a.event?.type ?? '?'}${detailOf(a.event)} ${a.verified ? '✓' : '✗'}`).join(', ');
      return `${events || 'none yet'}${refused > 0 ? ` (${refused} refused)` : ''}`;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The one field that says most about each event: the channel, the reason or the outcome. */
function detailOf(event: WebhookBody | undefined): string {
  const detail = event?.data.channel ?? event?.data.reason ?? event?.data.outcome;
  return typeof detail === 'string' ? ` (${detail})` : '';
}
