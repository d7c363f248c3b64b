/**
 * Webhook delivery throughput and latency. Prints figures; asserts nothing. Loopback only, bounded loops.
 *
 *   npm run bench:webhooks -- --events 300 --concurrency 16
 *
 * A throwaway dev server, a worker with the real webhook activities, and a receiver that verifies every
 * delivery with the helper we ship. Figures: the journey's cost (one publish activity: start one delivery
 * workflow per subscription), p50/p99; event → verified at the receiver, p50/p99; deliveries/s; a direct
 * signed POST to the same receiver (no Temporal) as the baseline, and the ratio; sign and verify ops/s.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { createWebhookActivities } from '../activities/webhooks/webhook.activities';
import { publishJourneyEvents } from '../activities/webhooks/publish-events';
import type { JourneyEvent } from '../src/domain/webhooks/events';
import { createLogger } from '../src/observability/logger';
import { startEphemeralTemporal } from '../src/temporal/journeys/ephemeral-temporal';
import { createWebhookStore } from '../src/temporal/webhooks/webhook-store';
import { createWebhookHttp } from '../src/webhooks/post-webhook';
import { verifyWebhook } from '../src/webhooks/receiver';
import { newWebhookSecret, signWebhook } from '../src/webhooks/signing';

const { values } = parseArgs({ options: { events: { type: 'string', default: '300' }, concurrency: { type: 'string', default: '16' } } });
const EVENTS = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const POLICY = { windowMs: 60_000, attemptTimeoutMs: 5_000, initialIntervalMs: 200, maximumIntervalMs: 1_000 };

function pct(values: readonly number[], p: number): string {
  if (values.length === 0) return 'n/a';
  const sorted = [...values].sort((a, b) => a - b);
  return `${sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1)} ms`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function inBatches<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

async function main(): Promise<void> {
  const secret = newWebhookSecret();
  const arrived = new Map<string, number>();
  let refused = 0;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const result = verifyWebhook({ secrets: [secret] }, req.headers, Buffer.concat(chunks));
      if (result.ok) {
        const journeyId = String(result.event.data.journeyId);
        if (!arrived.has(journeyId)) arrived.set(journeyId, performance.now());
      } else refused += 1;
      res.writeHead(result.ok ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  const temporal = await startEphemeralTemporal();
  const taskQueue = `bench-webhooks-${randomUUID()}`;
  const store = createWebhookStore({
    client: temporal.client, taskQueue, registryWorkflowId: `webhook-registry-${taskQueue}`,
    configSubscriptions: [{ id: 'bench', url, eventTypes: ['journey.delivered'], secrets: [secret], source: 'config', createdAt: new Date().toISOString() }],
  });
  const http = createWebhookHttp({ timeoutMs: POLICY.attemptTimeoutMs, blockPrivateAddresses: false });
  const ports = { subscriptions: store, starter: store, policy: POLICY };
  const worker = await temporal.createWorker(taskQueue, createWebhookActivities({ ...ports, http, logger: createLogger({ level: 'silent' }) }));
  const running = worker.run();
  try {
    await store.ensureRegistry();
    const events: JourneyEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
      journeyId: `bench-${i}-${randomUUID()}`, journeyType: 'appointment-reminder', source: { eventId: `e-${i}` }, occurrence: 1,
      occurredAt: new Date().toISOString(), data: { type: 'journey.delivered', stepId: 'nhsapp', channel: 'nhsapp', deliveredAt: new Date().toISOString() },
    }));
    const published = new Map<string, number>();
    const publishMs: number[] = [];
    const started = performance.now();
    await inBatches(events, CONCURRENCY, async (event) => {
      const at = performance.now();
      published.set(event.journeyId, at);
      await publishJourneyEvents(ports, [event]);
      publishMs.push(performance.now() - at);
    });
    for (const until = Date.now() + 120_000; arrived.size < EVENTS && Date.now() < until;) await new Promise((r) => setTimeout(r, 20));
    const elapsedS = (performance.now() - started) / 1000;
    const endToEnd = [...arrived].map(([id, at]) => at - (published.get(id) ?? at));
    const delivered = arrived.size;

    const direct: number[] = [];
    const body = JSON.stringify({ type: 'journey.delivered', timestamp: new Date().toISOString(), data: { journeyId: 'direct-baseline' } });
    for (let i = 0; i < 200; i += 1) {
      const at = performance.now();
      await http.post(url, signWebhook([secret], `msg_direct_${i}`, new Date(), body), body);
      direct.push(performance.now() - at);
    }
    const signOps = opsPerSecond(() => signWebhook([secret], 'msg_x', new Date(), body));
    const headers = signWebhook([secret], 'msg_x', new Date(), body);
    const verifyOps = opsPerSecond(() => verifyWebhook({ secrets: [secret] }, headers, body));

    console.log(`webhooks: ${EVENTS} events, 1 subscription, publish concurrency ${CONCURRENCY}, loopback receiver verifying every delivery`);
    console.log(`journey's cost: publish (start delivery workflow)  p50 ${pct(publishMs, 50)}  p99 ${pct(publishMs, 99)}`);
    console.log(`event → verified at the receiver                 p50 ${pct(endToEnd, 50)}  p99 ${pct(endToEnd, 99)}  (${delivered}/${EVENTS} arrived, ${refused} refused)`);
    console.log(`deliveries/s                                      ${(delivered / elapsedS).toFixed(1)}`);
    console.log(`baseline: direct signed POST (no Temporal)        p50 ${pct(direct, 50)}  p99 ${pct(direct, 99)}`);
    console.log(`ratio: durable delivery p50 / direct POST p50     ${(median(endToEnd) / median(direct)).toFixed(1)}×`);
    console.log(`sign ${signOps.toFixed(0)} ops/s, verify ${verifyOps.toFixed(0)} ops/s (one secret)`);
  } finally {
    worker.shutdown();
    await running;
    await http.close();
    await temporal.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}

function opsPerSecond(run: () => unknown): number {
  const until = performance.now() + 500;
  let n = 0;
  while (performance.now() < until) { run(); n += 1; }
  return n / 0.5;
}

main().catch((error: unknown) => {
  console.error(`bench:webhooks failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
