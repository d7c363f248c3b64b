/**
 * One chaos scenario end to end (reliability catalogue R1, R4, R5 and "Temporal down while callbacks arrive"):
 * a Temporal server (our own dev server on SQLite, our own PostgreSQL cluster, or one at an address), a TCP
 * proxy in front of it, the simulator as a process of its own (its ledger is the oracle) and the engine
 * (`src/main.ts`) as a killable process. Journeys are started through the HTTP API, retried with the same body
 * after a 503 or a dropped connection, exactly as clients are told to. Returns figures; asserts nothing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { createApiKey } from '../../src/gateway/auth/api-keys';
import { signCallbackBody } from '../../src/contracts/nhs-notify/callback-signature';
import { TEST_RECIPIENTS, type LedgerEntry, type TestRecipientName } from '../../src/simulator';
import { freePort } from '../../src/temporal/tcp-ports';
import { mapLimited } from '../../src/map-limited';
import { spawnTs, waitForLine, waitForOk, type Child } from './processes';
import { freshDatabase } from '../../test/support/audit-store';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { startTemporalBackend, type TemporalBackendChoice } from './temporal-backend';

export const SCENARIOS = ['engine-kills', 'temporal-restarts', 'partition', 'temporal-down-callbacks'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface ChaosOptions {
  readonly scenario: Scenario;
  readonly journeys: number;
  /** engine-kills: SIGKILLs of the engine. */
  readonly kills: number;
  /** temporal-restarts: SIGKILL + restart of the Temporal server. */
  readonly restarts: number;
  /** partition: how long the proxy holds every packet. */
  readonly freezeMs: number;
  /** temporal-down-callbacks: how long Temporal is unreachable while callbacks arrive. */
  readonly downMs: number;
  /** Which Temporal: our own dev server (SQLite) or cluster (PostgreSQL), or one already running. */
  readonly temporal: TemporalBackendChoice;
  /** Give up waiting for journeys to finish after this. */
  readonly settleTimeoutMs: number;
  readonly seed: number;
  /**
   * How many times faster than real time journeys run (default 3600). A machine too busy to keep a journey's
   * compressed clock sends too late and escalates instead; a smaller factor gives it more time.
   */
  readonly compression?: number;
  readonly log: (line: string) => void;
}

export interface ChaosReport {
  readonly scenario: Scenario;
  readonly journeys: number;
  readonly terminal: number;
  /** messageReferences (journey, step, channel) with more than one accepted message in the ledger. */
  readonly duplicateSteps: number;
  /** Sends a journey records as accepted that the ledger does not have, plus journeys that neither sent nor escalated. */
  readonly missingSteps: number;
  /**
   * Journeys handed to staff before any message went (too late to message: on a machine too busy to keep the
   * compressed clock, a journey's window can pass before its first send). Not missing: a person took over.
   */
  readonly escalatedUnsent: number;
  readonly stuck: number;
  readonly faults: number;
  /** Per fault: ms from the fault ending to the engine answering /readyz again. */
  readonly recoveryMs: readonly number[];
  /** Starts answered 503 or dropped, then retried with the same body. */
  readonly retriedStarts: number;
  /** temporal-down-callbacks: our probe callback during the outage answered 503 with Retry-After. */
  readonly callbackRefusedWithRetryAfter?: boolean;
  /** Callback deliveries the simulator had to retry (the gateway refused them). */
  readonly callbackRetries: number;
  readonly ledgerAccepted: number;
  readonly elapsedMs: number;
  readonly skipped?: string;
}

const MAIN_PATHS: readonly TestRecipientName[] = ['deliveredFirstChannel', 'nhsAppUnread', 'smsPermanentFailure', 'letterDelivered'];
/** By default journey durations are compressed 3600× (an hour is a second), so a day-long wait takes 24 s. */
export const DEFAULT_COMPRESSION = 3600;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small seeded PRNG (mulberry32), so a run's fault moments can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const rand = random(options.seed);
  const timeScale = 1 / (options.compression ?? DEFAULT_COMPRESSION);
  const dir = mkdtempSync(join(tmpdir(), `notify-journeys-chaos-${options.scenario}-`));
  const stops: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    if (process.env.CHAOS_KEEP_DIR === undefined) rmSync(dir, { recursive: true, force: true });
    else options.log(`kept ${dir}`);
  };
  // Ctrl-C mid-run stops what the run started (engine, simulator, Temporal, the cluster's databases) before exiting.
  const interrupted = () => { void cleanUp().finally(() => process.exit(130)); };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    // ---- Temporal, and the proxy the engine reaches it through
    if (options.scenario === 'temporal-restarts' && options.temporal.kind === 'external') {
      return { ...empty(options, started), skipped: 'temporal-restarts needs a server of our own to kill and start (omit --temporal-address); use temporal-down-callbacks for an outage' };
    }
    const backend = await startTemporalBackend(options.temporal, dir);
    stops.push(() => backend.stop());
    options.log(`Temporal: ${backend.description} at ${backend.address}`);
    const temporalAddress = backend.address;
    const proxy: TcpProxy = await startTcpProxy(temporalAddress);
    stops.push(() => proxy.close());
    const runner = await Connection.connect({ address: temporalAddress });
    stops.push(() => runner.close());

    // ---- the simulator, a process of its own
    const [apiPort, simPort] = [await freePort(), await freePort()];
    const app = { applicationId: `chaos-app-${randomUUID()}`, callbackApiKey: randomBytes(16).toString('hex'), adminToken: randomBytes(24).toString('hex') };
    const api = `http://127.0.0.1:${apiPort}`;
    const sim = spawnTs('bench/chaos/simulator-process.ts', {
      CHAOS_SIM_PORT: String(simPort), CHAOS_SIM_ADMIN_TOKEN: app.adminToken, CHAOS_SIM_LEDGER_FILE: join(dir, 'ledger.jsonl'),
      CHAOS_CALLBACK_URL: `${api}/v1/callbacks/nhs-notify`, CHAOS_APPLICATION_ID: app.applicationId, CHAOS_CALLBACK_API_KEY: app.callbackApiKey,
    }, join(dir, 'simulator.log'));
    stops.push(() => sim.stop());
    const simUrl = (await waitForLine(sim, 'ready ')).slice('ready '.length).trim();
    const admin = async <T>(path: string): Promise<T> => (await (await fetch(`${simUrl}/_admin${path}`, { headers: { authorization: `Bearer ${app.adminToken}` } })).json()) as T;

    // ---- the engine: the real composition root, with Temporal and NHS Notify outside it
    const key = createApiKey(['journeys:write', 'journeys:read', 'escalations']);
    const taskQueue = `chaos-${randomUUID()}`;
    // The communications record on a PostgreSQL of its own, as deployed: the engine is SIGKILLed, and the embedded
    // store is for a developer's machine, not for a process killed mid-write.
    const record = await freshDatabase(process.env.AUDIT_CHAOS_POSTGRES_URL);
    stops.push(() => record.drop());
    const engineEnv = {
      TIER: 'local', LOG_LEVEL: 'warn', DATA_DIR: join(dir, 'engine'), API_HOST: '127.0.0.1', API_PORT: String(apiPort),
      TEMPORAL_ADDRESS: proxy.address, TEMPORAL_TASK_QUEUE: taskQueue, SIMULATOR_ENABLED: 'false', NOTIFY_AUTH: 'none',
      NOTIFY_BASE_URL: `${simUrl}/comms`, NOTIFY_APPLICATION_ID: app.applicationId, NOTIFY_CALLBACK_API_KEYS: app.callbackApiKey,
      GATEWAY_API_KEYS: key.configEntry, JOURNEY_TIME_SCALE: String(timeScale), NOTIFY_MAX_SENDS_PER_SECOND: '200',
      AUDIT_DATABASE_URL: record.url,
    };
    let engine: Child = spawnTs('src/main.ts', engineEnv, join(dir, 'engine.log'));
    stops.push(() => engine.stop());
    await waitForOk(`${api}/readyz`);
    const restartEngine = async (): Promise<number> => {
      engine = spawnTs('src/main.ts', engineEnv, join(dir, 'engine.log'));
      return waitForOk(`${api}/readyz`);
    };

    // ---- load: journeys across the main paths, started through the API and retried with the same body
    let retriedStarts = 0;
    const startOne = async (index: number): Promise<string> => {
      const recipient = MAIN_PATHS[index % MAIN_PATHS.length]!;
      const body = JSON.stringify({
        journeyType: 'appointment-reminder', eventId: `chaos-${index}-${randomUUID()}`,
        eventTime: new Date(Date.now() + 3 * 86_400_000 * timeScale).toISOString(),
        patient: { nhsNumber: TEST_RECIPIENTS[recipient].nhsNumber }, personalisation: { clinicName: 'Chaos Clinic' },
      });
      for (let attempt = 0; ; attempt += 1) {
        try {
          const response = await fetch(`${api}/v1/journeys`, { method: 'POST', body, signal: AbortSignal.timeout(20_000),
            headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' } });
          const json = (await response.json()) as { journey?: { journeyId: string } };
          if ((response.status === 200 || response.status === 201) && json.journey !== undefined) return json.journey.journeyId;
          if (response.status !== 503) throw new Error(`start answered ${response.status}`);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('start answered')) throw error;
        }
        retriedStarts += 1;
        await sleep(Math.min(5_000, 250 * 2 ** Math.min(attempt, 4)));
      }
    };
    const ids: string[] = [];
    const load = (async () => {
      let next = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next < options.journeys) ids.push(await startOne(next++));
      }));
    })();

    // ---- the faults
    const recoveryMs: number[] = [];
    let faults = 0;
    let callbackRefusedWithRetryAfter: boolean | undefined;
    const acceptedSoFar = async () => (await admin<{ entries: LedgerEntry[] }>('/ledger')).entries.length;
    const waitForAccepted = async (count: number) => { while (await acceptedSoFar() < count) await sleep(250); };

    if (options.scenario === 'engine-kills') {
      for (let kill = 0; kill < options.kills; kill += 1) {
        await sleep(500 + rand() * 2_500);
        await engine.kill();
        faults += 1;
        options.log(`engine SIGKILLed (${kill + 1}/${options.kills}); restarting`);
        recoveryMs.push(await restartEngine());
      }
    } else if (options.scenario === 'temporal-restarts') {
      for (let restart = 0; restart < options.restarts; restart += 1) {
        await waitForAccepted(Math.ceil(((restart + 1) * options.journeys) / (options.restarts + 1) / 2));
        const killedAt = Date.now();
        await backend.crashAndRestart!();
        faults += 1;
        const serverBackMs = Date.now() - killedAt;
        const engineReadyMs = await waitForOk(`${api}/readyz`);
        options.log(`Temporal SIGKILLed and started again on the same storage (${restart + 1}/${options.restarts}): server back in ${serverBackMs} ms, engine ready ${engineReadyMs} ms later`);
        recoveryMs.push(engineReadyMs);
      }
    } else if (options.scenario === 'partition') {
      await waitForAccepted(Math.ceil(options.journeys / 4));
      proxy.freeze();
      faults += 1;
      options.log(`engine↔Temporal partitioned for ${options.freezeMs} ms`);
      await sleep(options.freezeMs);
      proxy.pass();
      recoveryMs.push(await waitForOk(`${api}/readyz`));
    } else {
      await load;
      await waitForAccepted(Math.ceil(options.journeys / 2));
      proxy.reject();
      faults += 1;
      options.log(`Temporal unreachable for ${options.downMs} ms while callbacks arrive`);
      const probe = JSON.stringify({ data: [probeItem()] });
      const reply = await fetch(`${api}/v1/callbacks/nhs-notify`, { method: 'POST', body: probe, headers: {
        'content-type': 'application/json', 'x-api-key': app.callbackApiKey,
        'x-hmac-sha256-signature': signCallbackBody(probe, { applicationId: app.applicationId, apiKey: app.callbackApiKey }) } });
      await reply.body?.cancel();
      callbackRefusedWithRetryAfter = reply.status === 503 && Number(reply.headers.get('retry-after')) > 0;
      await sleep(options.downMs);
      proxy.pass();
      recoveryMs.push(await waitForOk(`${api}/readyz`));
    }
    await load;

    // ---- settle: every journey closed, as Temporal itself records it
    const isOpen = async (workflowId: string) => {
      const d = await runner.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
      return d.workflowExecutionInfo?.status === temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    };
    let open = [...ids];
    const settleBy = Date.now() + options.settleTimeoutMs;
    while (open.length > 0 && Date.now() < settleBy) {
      await actAsStaff(api, key.key);
      const stillOpen = await mapLimited(open, PARALLEL, (id) => isOpen(id).catch(() => true));
      open = open.filter((_, i) => stillOpen[i]);
      if (open.length > 0) await sleep(1_000);
    }

    // ---- the oracle: the simulator's ledger against what each journey says it sent
    const { entries } = await admin<{ entries: LedgerEntry[] }>('/ledger');
    const perReference = new Map<string, number>();
    for (const entry of entries) perReference.set(entry.messageReference, (perReference.get(entry.messageReference) ?? 0) + 1);
    let missingSteps = 0;
    let escalatedUnsent = 0;
    for (const id of ids) {
      const timeline = await journeyTimeline(api, key.key, id);
      const sent = timeline.filter((e) => e.kind === 'message-sent' && e.messageReference !== undefined);
      if (sent.length === 0 && timeline.some((e) => e.kind === 'escalation-opened')) escalatedUnsent += 1;
      else if (sent.length === 0) missingSteps += 1;
      missingSteps += sent.filter((e) => !perReference.has(e.messageReference!)).length;
    }
    for (const id of open.slice(0, 5)) {
      const timeline = await journeyTimeline(api, key.key, id);
      options.log(`still open: ${id} (${timeline.slice(-4).map((e) => `${e.kind}${e.status === undefined ? '' : `:${e.status}`}`).join(' → ')})`);
    }
    const counters = await admin<{ callbacksFailed?: number }>('/counters');
    return {
      scenario: options.scenario, journeys: ids.length, terminal: ids.length - open.length,
      duplicateSteps: [...perReference.values()].filter((n) => n > 1).length, missingSteps, escalatedUnsent, stuck: open.length,
      faults, recoveryMs, retriedStarts, callbackRetries: counters.callbacksFailed ?? 0, ledgerAccepted: entries.length,
      elapsedMs: Date.now() - started, ...(callbackRefusedWithRetryAfter === undefined ? {} : { callbackRefusedWithRetryAfter }),
    };
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await cleanUp();
  }
}

/** How many calls the runner makes at once while it waits for journeys (describes, staff outcomes). */
const PARALLEL = 8;

/**
 * Journeys that reach staff (too late for a letter) close when someone records what they did: the runner does,
 * for every open escalation, a page at a time. Each page is acted on as soon as it is read: on a compressed clock an
 * escalation passes its SLA and is raised again within a minute, and an outcome sent to the one before is refused.
 */
async function actAsStaff(api: string, apiKey: string): Promise<void> {
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  try {
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ status: 'open', limit: '50', ...(cursor === undefined ? {} : { cursor }) });
      const page = (await (await fetch(`${api}/v1/escalations?${query.toString()}`, { headers })).json()) as { items?: { escalationId: string }[]; nextCursor?: string };
      // A few staff at once: each outcome waits for its journey to accept it, which on a busy worker takes seconds.
      await mapLimited(page.items ?? [], PARALLEL, async ({ escalationId }) => {
        const reply = await fetch(`${api}/v1/escalations/${encodeURIComponent(escalationId)}/outcome`, { method: 'POST', headers, body: JSON.stringify({ outcome: 'phoned', staffRole: 'nurse' }) });
        await reply.body?.cancel();
      });
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  } catch {
    // The engine may be restarting; the next round tries again.
  }
}

interface Entry { readonly kind: string; readonly status?: string; readonly messageReference?: string }

async function journeyTimeline(api: string, apiKey: string, journeyId: string): Promise<readonly Entry[]> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const response = await fetch(`${api}/v1/journeys/${journeyId}`, { headers: { authorization: `Bearer ${apiKey}` } });
    const json = (await response.json()) as { journey?: { timeline: Entry[] } };
    if (response.status === 200 && json.journey !== undefined) return json.journey.timeline;
    await sleep(500);
  }
  return [];
}

/** A well-formed callback for a reference no journey has: during the outage the gateway must still refuse it with 503. */
function probeItem(): Record<string, unknown> {
  const messageId = randomBytes(27).toString('base64').replace(/[^A-Za-z0-9]/g, 'a').slice(0, 27);
  return {
    type: 'MessageStatus', meta: { idempotencyKey: randomBytes(32).toString('hex') }, links: { message: `https://example.invalid/${messageId}` },
    attributes: { messageId, messageReference: randomUUID(), messageStatus: 'delivered', timestamp: new Date().toISOString(),
      routingPlan: { id: randomUUID(), name: 'probe', version: '1', createdDate: new Date().toISOString() } },
  };
}

function empty(options: ChaosOptions, started: number): ChaosReport {
  return { scenario: options.scenario, journeys: 0, terminal: 0, duplicateSteps: 0, missingSteps: 0, escalatedUnsent: 0, stuck: 0, faults: 0, recoveryMs: [],
    retriedStarts: 0, callbackRetries: 0, ledgerAccepted: 0, elapsedMs: Date.now() - started };
}
