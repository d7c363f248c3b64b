/**
 * The NHS Notify simulator in a process of its own, for the cohort benchmark: NHS Notify's side of a cohort (a
 * record per message, the lifecycle timers, the queue of 100,000 callbacks) is not the engine's memory, so the
 * benchmark's own process measures the engine alone. The parent talks to it over the fork's IPC channel:
 *
 *   parent → child  { kind: 'start', options, expectBatched }   child → parent  { kind: 'ready', baseUrl, tokenUrl }
 *                                                                child → parent  { kind: 'all-accepted', at }
 *   parent → child  { kind: 'stats' }                           child → parent  { kind: 'stats', ...SimulatorStats }
 *   parent → child  { kind: 'close' }                           the child closes the simulator and exits
 */
import { fork } from 'node:child_process';
import { createLogger } from '../../src/observability/logger';
import { startSimulator, type LedgerEntry, type SimulatorOptions } from '../../src/simulator';
import type { SimulatorEndpoint } from '../../src/stack/loopback-stack';

export interface SimulatorStats {
  readonly batchRequests: number;
  /** Ledger entries whose messageReference was accepted before. */
  readonly duplicates: number;
  readonly peakRssMiB: number;
}

export interface SimulatorProcess extends SimulatorEndpoint {
  /** When (epoch ms) the simulator had accepted `expectBatched` messages sent in batches. */
  readonly allAccepted: Promise<number>;
  stats(): Promise<SimulatorStats>;
}

type ToChild = { kind: 'start'; options: SimulatorOptions; expectBatched: number } | { kind: 'stats' } | { kind: 'close' };
type ToParent = { kind: 'ready'; baseUrl: string; tokenUrl: string } | { kind: 'all-accepted'; at: number } | ({ kind: 'stats' } & SimulatorStats);

/** Starts the simulator in a child process with these options (less the logger and clock, which stay here). */
export function simulatorInProcessOfItsOwn(expectBatched: number): (options: SimulatorOptions) => Promise<SimulatorProcess> {
  return async (options) => {
    const child = fork(__filename, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const send = (message: ToChild) => child.send(message);
    const next = (kind: ToParent['kind']) => new Promise<ToParent>((resolve, reject) => {
      const onMessage = (message: ToParent) => {
        if (message.kind !== kind) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`the simulator process exited (${code}) before '${kind}'`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    const { logger: _logger, clock: _clock, ...portable } = options;
    const ready = next('ready');
    const allAccepted = next('all-accepted').then((m) => (m as Extract<ToParent, { kind: 'all-accepted' }>).at);
    allAccepted.catch(() => undefined);
    send({ kind: 'start', options: portable, expectBatched });
    const { baseUrl, tokenUrl } = await ready as Extract<ToParent, { kind: 'ready' }>;
    return {
      baseUrl, tokenUrl, allAccepted,
      async stats() {
        const answer = next('stats');
        send({ kind: 'stats' });
        const { kind: _kind, ...stats } = await answer as Extract<ToParent, { kind: 'stats' }>;
        return stats;
      },
      async close() {
        if (child.exitCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        send({ kind: 'close' });
        await exited;
      },
    };
  };
}

/** The child: one simulator, driven by the parent's messages. */
function runChild(): void {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 200);
  const reply = (message: ToParent) => process.send?.(message);
  let sim: Awaited<ReturnType<typeof startSimulator>> | undefined;
  process.on('message', (message: ToChild) => {
    void (async () => {
      if (message.kind === 'start') {
        sim = await startSimulator({ ...message.options, logger: createLogger({ level: 'warn' }) });
        let accepted = 0;
        sim.events.on('accepted', (entry: LedgerEntry) => {
          if (entry.batchId === undefined) return;
          accepted += 1;
          if (accepted === message.expectBatched) reply({ kind: 'all-accepted', at: Date.now() });
        });
        reply({ kind: 'ready', baseUrl: sim.baseUrl, tokenUrl: sim.tokenUrl });
      } else if (message.kind === 'stats') {
        reply({ kind: 'stats', batchRequests: sim?.counters.batchRequests ?? 0, duplicates: sim?.ledger.duplicates().length ?? 0, peakRssMiB: Math.round(peakRss / 1024 / 1024) });
      } else {
        clearInterval(sampler);
        await sim?.close();
        process.disconnect();
        process.exit(0);
      }
    })().catch((error: unknown) => {
      console.error(error instanceof Error ? error.stack : String(error));
      process.exit(1);
    });
  });
}

if (require.main === module) runChild();
