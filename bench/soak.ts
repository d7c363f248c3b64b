/**
 * R15 soak: journeys at a fixed rate for N minutes on a real Temporal dev server, then the figures. Asserts
 * nothing; exits 1 only if a journey is stuck (still open past its deadline) or the ledger holds a duplicate.
 *
 *   npm run soak -- --minutes 60 [--per-minute 120] [--deadline-seconds 120] [--out-dir reports]
 *
 * One dev server of its own (on a SQLite file), the worker, the simulator and the callback gateway in this process
 * (the loopback stack), a mix of main paths (delivered first time; NHS App unread → SMS). Prints: throughput,
 * p50/p99 of start → terminal and of trigger → NHS Notify request, the RSS slope (least squares over samples
 * taken every 5 s, MiB per minute), stuck journeys and ledger duplicates, then the same figures as one
 * `soak: {json}` line, also written to `<out-dir>/soak-<commit>-<time>.json` for the release evidence (R15).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { parseArgs } from 'node:util';
import { messageReference, parseStartJourneyRequest, requestFingerprint } from '../src/domain';
import { createLogger } from '../src/observability/logger';
import { TEST_RECIPIENTS, type LedgerEntry, type TestRecipientName } from '../src/simulator';
import { startEphemeralTemporal } from '../src/temporal/journeys/ephemeral-temporal';
import { gitCommit, type SoakSummary } from '../src/cli/release-evidence';
import { startLoopbackStack, testTimings } from '../src/stack/loopback-stack';
import { installRuntimeLogger } from '../src/temporal/worker';
import type { journeyWorkflow } from '../workflows';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '60' }, 'per-minute': { type: 'string', default: '120' },
  'deadline-seconds': { type: 'string', default: '120' }, 'out-dir': { type: 'string', default: process.env.RELEASE_EVIDENCE_DIR ?? 'reports' } } });
const MINUTES = Number(values.minutes);
const PER_MINUTE = Number(values['per-minute']);
/** A journey still open this long after its start is stuck: the compressed journeys finish in seconds. */
const DEADLINE_MS = Number(values['deadline-seconds']) * 1000;
const PATHS: readonly TestRecipientName[] = ['deliveredFirstChannel', 'nhsAppUnread'];
const now = (): number => performance.timeOrigin + performance.now();
const RETRY_PAUSE_MS = 1_000;

/** The p-th percentile in seconds, or undefined for no values. */
function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!) / 1000;
}

function pct(values: readonly number[], p: number): string {
  const seconds = percentile(values, p);
  return seconds === undefined ? 'n/a' : `${seconds.toFixed(2)} s`;
}

/**
 * Calls `call` until it answers or `giveUpAt` passes: Temporal briefly unreachable on a busy machine is a wait,
 * not a failure. A journey that failed is an answer (WorkflowFailedError), not retried.
 */
async function untilAnswered<T>(call: () => Promise<T>, giveUpAt: number, onRetry: () => void): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (error instanceof WorkflowFailedError || now() + RETRY_PAUSE_MS > giveUpAt) throw error;
      onRetry();
      await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
    }
  }
}

/** Least-squares slope of (minutes, MiB). */
function slope(samples: readonly [number, number][]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((a, [x]) => a + x, 0) / n;
  const my = samples.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = samples.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = samples.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

async function main(): Promise<void> {
  // The commit this run measures, read before the run: the tree may move on while it runs.
  const commit = gitCommit();
  const logger = createLogger({ level: 'warn' });
  installRuntimeLogger(logger);
  const dataDir = mkdtempSync(join(tmpdir(), 'notify-journeys-soak-'));
  const temporal = await startEphemeralTemporal({ dbFilename: join(dataDir, 'temporal.sqlite') });
  const stack = await startLoopbackStack({
    client: temporal.client, connection: temporal.connection, taskQueue: `soak-${randomUUID()}`, timings: testTimings(), logger,
    createWorker: (queue, activities) => temporal.createWorker(queue, activities),
  });
  const accepted = new Map<string, number>();
  stack.sim.events.on('accepted', (entry: LedgerEntry) => { if (!accepted.has(entry.messageReference)) accepted.set(entry.messageReference, now()); });
  console.log(`soak: ${MINUTES} min at ${PER_MINUTE} journeys/min, dev server ${temporal.address} (SQLite file), deadline ${DEADLINE_MS / 1000} s`);

  const started = now();
  const rss: [number, number][] = [];
  const sampler = setInterval(() => rss.push([(now() - started) / 60_000, process.memoryUsage().rss / 2 ** 20]), 5_000);
  const open = new Map<string, number>();
  const toTerminal: number[] = [];
  const toRequest: number[] = [];
  let failedStarts = 0;
  let retriedStarts = 0;
  const endAt = started + MINUTES * 60_000;
  const interval = 60_000 / PER_MINUTE;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; now() < endAt; i += 1) {
    const due = started + i * interval;
    if (due > now()) await new Promise((r) => setTimeout(r, due - now()));
    inFlight.push((async () => {
      const parsed = parseStartJourneyRequest({
        journeyType: 'appointment-reminder', eventId: `soak-${i}-${randomUUID()}`, eventTime: new Date(Date.now() + 200_000).toISOString(),
        patient: { nhsNumber: TEST_RECIPIENTS[PATHS[i % PATHS.length]!].nhsNumber }, personalisation: { clinicName: 'Soak Clinic' },
      }, stack.catalogue);
      if (!parsed.ok) throw new Error('soak request invalid');
      const trigger = now();
      const giveUpAt = trigger + DEADLINE_MS;
      try {
        // As clients are told to: a start that was not answered is sent again, the same request (the same journey).
        const outcome = await untilAnswered(() => stack.service.start(parsed.value, { requestHash: requestFingerprint(parsed.value) }), giveUpAt, () => { retriedStarts += 1; });
        const id = outcome.kind === 'conflict' ? undefined : outcome.journey.journeyId;
        if (id === undefined) throw new Error('conflict');
        open.set(id, trigger);
        await untilAnswered(() => temporal.client.workflow.getHandle<typeof journeyWorkflow>(id).result(), giveUpAt, () => undefined);
        open.delete(id);
        toTerminal.push(now() - trigger);
        const firstSend = accepted.get(messageReference(id, 'nhsapp', 'nhsapp'));
        if (firstSend !== undefined) toRequest.push(firstSend - trigger);
      } catch {
        failedStarts += 1;
      }
    })());
  }
  const loadSeconds = (now() - started) / 1000;
  // Drain: what is still open after the deadline is stuck.
  await Promise.race([Promise.allSettled(inFlight), new Promise((r) => setTimeout(r, DEADLINE_MS))]);
  clearInterval(sampler);
  const stuck = [...open.values()].filter((t) => now() - t > DEADLINE_MS).length;
  const duplicates = stack.sim.ledger.duplicates().length;
  const completed = toTerminal.length;
  console.log(`journeys started   ${inFlight.length} (${failedStarts} failed, ${retriedStarts} start retries), completed ${completed}, stuck ${stuck}, ledger duplicates ${duplicates}`);
  console.log(`throughput         ${(completed / (loadSeconds / 60)).toFixed(1)} journeys/min completed (target ${PER_MINUTE}/min)`);
  console.log(`start → terminal   p50 ${pct(toTerminal, 50)}  p99 ${pct(toTerminal, 99)}`);
  console.log(`ledger accepted    ${stack.sim.ledger.entries().length} messages; trigger → NHS Notify request p50 ${pct(toRequest, 50)}  p99 ${pct(toRequest, 99)}`);
  console.log(`RSS                ${rss.length > 0 ? rss[0]![1].toFixed(0) : '?'} → ${rss.length > 0 ? rss.at(-1)![1].toFixed(0) : '?'} MiB, slope ${slope(rss).toFixed(2)} MiB/min over ${rss.length} samples`);
  const summary: SoakSummary = {
    commit, finishedAt: new Date().toISOString(), minutes: MINUTES, perMinute: PER_MINUTE, deadlineSeconds: DEADLINE_MS / 1000,
    started: inFlight.length, failedStarts, retriedStarts, completed, stuck, duplicates,
    throughputPerMinute: Number((completed / (loadSeconds / 60)).toFixed(1)),
    toTerminalSeconds: { p50: percentile(toTerminal, 50), p99: percentile(toTerminal, 99) },
    toRequestSeconds: { p50: percentile(toRequest, 50), p99: percentile(toRequest, 99) },
    rssMiB: { first: rss[0] && Math.round(rss[0][1]), last: rss.at(-1) && Math.round(rss.at(-1)![1]), slopePerMinute: Number(slope(rss).toFixed(3)), samples: rss.length },
  };
  console.log(`soak: ${JSON.stringify(summary)}`);
  mkdirSync(values['out-dir'], { recursive: true });
  const file = join(values['out-dir'], `soak-${(commit ?? 'unknown').slice(0, 12)}-${summary.finishedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`soak summary       ${file}`);
  await stack.close();
  await temporal.stop();
  rmSync(dataDir, { recursive: true, force: true });
  // A journey still waiting on its result when the server stops is already counted as stuck above; its client's
  // own retries would now throw from a timer, so the run ends here.
  process.exit(stuck > 0 || duplicates > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
