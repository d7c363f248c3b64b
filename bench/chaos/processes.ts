/**
 * The processes of a chaos run: the simulator (outlives everything) and the engine (`src/main.ts`, the real
 * composition root: worker plus HTTP API, with Temporal and NHS Notify outside it), each a child that can be
 * SIGKILLed. Children run `node --import tsx` directly, so the pid killed is the process that holds the sockets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface Child {
  readonly process: ChildProcess;
  /** SIGKILL, resolving once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait (at most `graceMs`, then SIGKILL). */
  stop(graceMs?: number): Promise<void>;
}

export function spawnTs(script: string, env: Record<string, string>, logFile: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script)], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const gone = new Promise<void>((done) => child.once('exit', () => done()));
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await gone;
  };
  return {
    process: child,
    kill: () => kill('SIGKILL'),
    async stop(graceMs = 15_000) {
      const timer = setTimeout(() => { void kill('SIGKILL'); }, graceMs);
      await kill('SIGTERM');
      clearTimeout(timer);
    },
  };
}

/** Resolves when the child prints a line starting with `prefix`; rejects if it exits first. */
export function waitForLine(child: Child, prefix: string, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`no "${prefix}" line within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) { clearTimeout(timer); child.process.stdout?.off('data', onData); resolvePromise(line); }
    };
    child.process.stdout?.on('data', onData);
    child.process.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited (${String(code)}) before "${prefix}"`)); });
  });
}

/** Polls `url` until it answers 200; returns the milliseconds it took. */
export async function waitForOk(url: string, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return Date.now() - started;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}
