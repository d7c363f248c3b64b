import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator';
import { aMessage, eventually, getToken, sendMessage, startTestSimulator } from './support';

/**
 * NHS Notify works through its callback queue over a bounded number of connections. The simulator does the
 * same: a large batch must never open one socket per callback at once (100,000 did, and the process ran out
 * of file descriptors).
 */
describe('simulator callbacks: bounded concurrency', () => {
  let sim: RunningSimulator | undefined;
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await sim?.close();
    await close?.();
  });

  it('never has more than maxConcurrent callback requests in flight, and still delivers every callback once', async () => {
    const held: ServerResponse[] = [];
    let received = 0;
    let mostInFlight = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received += 1;
        held.push(res);
        mostInFlight = Math.max(mostInFlight, held.length);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks`;

    const started = await startTestSimulator({
      callbacks: { url, applicationId: 'app', apiKey: 'key', messageStatuses: ['delivered'], channelStatuses: false, maxConcurrent: 4 },
    });
    sim = started.sim;
    const token = await getToken(sim, started.key);
    const messages = 40;
    await Promise.all(Array.from({ length: messages }, () => sendMessage(sim!, token, aMessage())));

    // Hold every request until the limit is reached, give an unbounded sender time to show more, then answer all.
    while (received < messages) {
      await eventually(() => (held.length >= 4 || received + held.length >= messages ? true : undefined), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (const res of held.splice(0)) res.writeHead(202).end();
    }
    await eventually(() => (sim!.counters.callbacksDelivered === messages ? true : undefined), 30_000);
    expect(mostInFlight).toBeLessThanOrEqual(4);
    expect(mostInFlight).toBeGreaterThan(1);
    expect(sim.counters).toMatchObject({ callbacksSent: messages, callbacksDelivered: messages, callbacksFailed: 0 });
  }, 120_000);
});
