/**
 * Callback gateway throughput and latency. Prints figures; asserts nothing. Loopback only, bounded loops.
 *
 *   npm run bench:gateway -- --callbacks 20000 --concurrency 32 --flood 20000 --genuine-rate 200 --signalled 2000
 *
 * The server runs in a child process (its own event loop and core); this process is the load generator.
 * Figures: verified callbacks/s; p50/p99 from request start to the sink call (the gateway's own path); the
 * same with the real Temporal adapter as the sink, to the workflow signal accepted by a real dev server; an
 * express hello-world baseline in the same run and the ratio; genuine-callback p99 while a bad-signature
 * flood runs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { signCallbackBody } from '../src/contracts/nhs-notify/callback-signature';

const { values } = parseArgs({ options: {
  callbacks: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '32' },
  flood: { type: 'string', default: '20000' }, 'genuine-rate': { type: 'string', default: '200' },
  signalled: { type: 'string', default: '2000' }, workflows: { type: 'string', default: '200' },
} });
const SIGNALLED = Number(values.signalled);
const WORKFLOWS = Number(values.workflows);
const references = Array.from({ length: WORKFLOWS }, () => randomUUID());
const CALLBACKS = Number(values.callbacks);
const CONCURRENCY = Number(values.concurrency);
const FLOOD = Number(values.flood);
const GENUINE_RATE = Number(values['genuine-rate']);
const secret = { applicationId: randomUUID(), apiKey: randomBytes(16).toString('hex') };
const now = (): number => performance.timeOrigin + performance.now();
const PATH = '/v1/callbacks/nhs-notify';

interface Server { child: ChildProcess; origin: string; pool: Pool; call<T>(message: object): Promise<T> }

async function startServer(mode: 'gateway' | 'hello' | 'temporal'): Promise<Server> {
  const child = fork(join(__dirname, 'gateway-server.ts'), [mode], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF])], env: { ...process.env, BENCH_APP_ID: secret.applicationId, BENCH_API_KEY: secret.apiKey, BENCH_REFERENCES: references.join(',') },
  });
  const call = <T>(message: object): Promise<T> => new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as T));
    if (Object.keys(message).length > 0) child.send(message);
  });
  const { port } = await call<{ port: number }>({});
  const origin = `http://127.0.0.1:${port}`;
  return { child, origin, pool: new Pool(origin, { connections: CONCURRENCY, pipelining: 1 }), call };
}

async function stopServer(server: Server): Promise<void> {
  await server.pool.close();
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.send({ type: 'exit' });
  await exited;
}

interface Prepared { key: string; body: string; headers: Record<string, string> }

function aCallback(validSignature = true, messageReference: string = randomUUID()): Prepared {
  const key = randomBytes(32).toString('hex');
  const messageId = Array.from(randomBytes(27), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62]).join('');
  const body = JSON.stringify({ data: [{ type: 'MessageStatus', attributes: {
    messageId, messageReference, messageStatus: 'delivered', channels: [{ type: 'nhsapp', channelStatus: 'delivered' }],
    timestamp: new Date().toISOString(), routingPlan: { id: randomUUID(), name: 'Plan', version: 'v1', createdDate: new Date().toISOString() } },
  links: { message: `/v1/message-batches/messages/${messageId}` }, meta: { idempotencyKey: key } }] });
  const signature = validSignature ? signCallbackBody(body, secret) : 'ab'.repeat(32);
  return { key, body, headers: { 'content-type': 'application/json', 'x-api-key': secret.apiKey, 'x-hmac-sha256-signature': signature } };
}

/** Sends each prepared request once with bounded concurrency; returns start times and response times. */
async function drive(pool: Pool, requests: readonly Prepared[], concurrency: number, paceMs = 0): Promise<{ sentAt: number[]; latencyMs: number[]; seconds: number; statuses: Map<number, number> }> {
  const sentAt = new Array<number>(requests.length);
  const latencyMs = new Array<number>(requests.length);
  const statuses = new Map<number, number>();
  const started = now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests.length) {
      const i = next++;
      const request = requests[i] as Prepared;
      if (paceMs > 0) {
        const due = started + i * paceMs;
        if (due > now()) await new Promise((r) => setTimeout(r, due - now()));
      }
      sentAt[i] = now();
      const response = await pool.request({ path: PATH, method: 'POST', headers: request.headers, body: request.body });
      await response.body.dump();
      latencyMs[i] = now() - (sentAt[i] ?? 0);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    }
  }));
  return { sentAt, latencyMs, seconds: (now() - started) / 1000, statuses };
}

const pct = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const ms = (value: number): string => `${value.toFixed(2)}ms`;

async function toSink(server: Server, prepared: readonly Prepared[], sentAt: readonly number[]): Promise<number[]> {
  const { times } = await server.call<{ times: number[] }>({ type: 'collect', keys: prepared.map((p) => p.key) });
  return times.map((t, i) => (t < 0 ? Number.NaN : t - (sentAt[i] ?? 0))).filter((v) => !Number.isNaN(v));
}

async function main(): Promise<void> {
  console.log(`bench:gateway callbacks=${CALLBACKS} concurrency=${CONCURRENCY} flood=${FLOOD} genuine-rate=${GENUINE_RATE}/s node=${process.version}`);

  const hello = await startServer('hello');
  await drive(hello.pool, Array.from({ length: 1_000 }, () => aCallback()), CONCURRENCY);
  const base = await drive(hello.pool, Array.from({ length: CALLBACKS }, () => aCallback()), CONCURRENCY);
  await stopServer(hello);
  const baseRps = CALLBACKS / base.seconds;
  console.log(`baseline express hello-world: ${baseRps.toFixed(0)} req/s, response p50=${ms(pct(base.latencyMs, 50))} p99=${ms(pct(base.latencyMs, 99))}`);

  const gateway = await startServer('gateway');
  const warm = Array.from({ length: 1_000 }, () => aCallback());
  await drive(gateway.pool, warm, CONCURRENCY);
  await toSink(gateway, warm, []);
  const genuine = Array.from({ length: CALLBACKS }, () => aCallback());
  const run = await drive(gateway.pool, genuine, CONCURRENCY);
  const sinkMs = await toSink(gateway, genuine, run.sentAt);
  const rps = CALLBACKS / run.seconds;
  console.log(`gateway verified callbacks: ${rps.toFixed(0)}/s (${(100 * rps / baseRps).toFixed(0)}% of baseline), statuses ${JSON.stringify(Object.fromEntries(run.statuses))}`);
  console.log(`  request → sink call: p50=${ms(pct(sinkMs, 50))} p99=${ms(pct(sinkMs, 99))} (n=${sinkMs.length}); request → response p99=${ms(pct(run.latencyMs, 99))}`);

  const rejected = await drive(gateway.pool, Array.from({ length: FLOOD }, () => aCallback(false)), CONCURRENCY);
  console.log(`bad-signature rejections alone: ${(FLOOD / rejected.seconds).toFixed(0)}/s, response p99=${ms(pct(rejected.latencyMs, 99))}`);

  // Genuine callbacks at a fixed rate over their own connections (so they queue only at the server), first
  // alone, then while a bad-signature flood saturates the other pool.
  const paced = Math.max(1, Math.round(GENUINE_RATE * 5));
  const genuinePool = new Pool(gateway.origin, { connections: 4, pipelining: 1 });
  const calm = Array.from({ length: paced }, () => aCallback());
  const calmRun = await drive(genuinePool, calm, 4, 1000 / GENUINE_RATE);
  const calmSink = await toSink(gateway, calm, calmRun.sentAt);
  const during = Array.from({ length: paced }, () => aCallback());
  const bad = Array.from({ length: FLOOD }, () => aCallback(false));
  const [floodRun, duringRun] = await Promise.all([drive(gateway.pool, bad, CONCURRENCY), drive(genuinePool, during, 4, 1000 / GENUINE_RATE)]);
  await genuinePool.close();
  const duringSink = await toSink(gateway, during, duringRun.sentAt);
  console.log(`genuine at ${GENUINE_RATE}/s alone: request → sink p50=${ms(pct(calmSink, 50))} p99=${ms(pct(calmSink, 99))}`);
  console.log(`genuine at ${GENUINE_RATE}/s during a flood of ${FLOOD} bad signatures (${(FLOOD / floodRun.seconds).toFixed(0)}/s, statuses ${JSON.stringify(Object.fromEntries(floodRun.statuses))}): `
    + `request → sink p50=${ms(pct(duringSink, 50))} p99=${ms(pct(duringSink, 99))}, delivered ${duringSink.length}/${paced}`);
  await stopServer(gateway);

  // The same route with the real Temporal adapter as its sink: request → signal accepted by Temporal.
  const temporal = await startServer('temporal');
  const addressed = (count: number) => Array.from({ length: count }, (_, i) => aCallback(true, references[i % references.length]));
  const warmSignals = addressed(200);
  await drive(temporal.pool, warmSignals, CONCURRENCY);
  await toSink(temporal, warmSignals, []);
  const signalled = addressed(SIGNALLED);
  const signalRun = await drive(temporal.pool, signalled, CONCURRENCY);
  const signalMs = await toSink(temporal, signalled, signalRun.sentAt);
  const signalRps = SIGNALLED / signalRun.seconds;
  console.log(`gateway → Temporal signal (${WORKFLOWS} running workflows, dev server): ${signalRps.toFixed(0)} callbacks/s (${(100 * signalRps / baseRps).toFixed(1)}% of baseline), `
    + `request → workflow signal p50=${ms(pct(signalMs, 50))} p99=${ms(pct(signalMs, 99))} (n=${signalMs.length}), statuses ${JSON.stringify(Object.fromEntries(signalRun.statuses))}`);
  await stopServer(temporal);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
