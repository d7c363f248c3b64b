/**
 * A real local HTTP server that receives the simulator's callbacks, keeping the raw body bytes and
 * headers of every delivery. `respond` decides each answer (default 202) so tests can script failures.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallbackBody } from '../../../src/contracts/nhs-notify/wire';

export interface Delivery {
  readonly raw: Buffer;
  readonly headers: IncomingMessage['headers'];
  readonly body: CallbackBody;
  readonly receivedAt: number;
}

export type Responder = (delivery: Delivery, index: number) => { status: number; headers?: Record<string, string> } | 'hang';

export interface CallbackReceiver {
  readonly url: string;
  readonly deliveries: Delivery[];
  respond: Responder;
  close(): Promise<void>;
}

export async function startCallbackReceiver(respond: Responder = () => ({ status: 202 })): Promise<CallbackReceiver> {
  const deliveries: Delivery[] = [];
  const receiver = { deliveries, respond } as CallbackReceiver & { respond: Responder };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const delivery: Delivery = { raw, headers: req.headers, body: CallbackBody.parse(JSON.parse(raw.toString('utf8'))), receivedAt: Date.now() };
      deliveries.push(delivery);
      const answer = receiver.respond(delivery, deliveries.length - 1);
      if (answer === 'hang') return;
      res.writeHead(answer.status, answer.headers ?? {});
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/callbacks`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  });
}
