/**
 * The embedded dev server runs in its own process group (src/temporal/dev-server.ts), so if `npm start` is
 * SIGKILLed it outlives us and holds :7233 and the database. We record its pid beside the database; the next
 * start stops that process, but only when its command line proves it is a dev server on the same database
 * (a recycled pid that belongs to something else is left alone).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export function pidFileFor(dbFilename: string): string {
  return `${dbFilename}.pid`;
}

export function recordDevServerPid(dbFilename: string, pid: number): void {
  writeFileSync(pidFileFor(dbFilename), `${pid}\n`, { mode: 0o600 });
}

export function forgetDevServerPid(dbFilename: string): void {
  rmSync(pidFileFor(dbFilename), { force: true });
}

function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined; // gone, or not Linux: nothing we can prove, so nothing we touch
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops an orphaned dev server on this database; returns its pid when there was one. */
export async function reapOrphanedDevServer(dbFilename: string, graceMs = 5_000): Promise<number | undefined> {
  const pidFile = pidFileFor(dbFilename);
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const commandLine = Number.isInteger(pid) && pid > 0 ? commandLineOf(pid) : undefined;
  forgetDevServerPid(dbFilename);
  if (!commandLine?.includes('start-dev') || !commandLine.includes(dbFilename)) return undefined;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return pid;
}
