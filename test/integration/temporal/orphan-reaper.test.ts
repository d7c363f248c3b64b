import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startDevServer } from '../../../src/temporal/dev-server';
import { pidFileFor, reapOrphanedDevServer } from '../../../src/temporal/orphan-reaper';
import { freePort, isPortFree } from '../../../src/temporal/tcp-ports';

describe('a dev server left behind by a killed npm start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nj-orphan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is stopped by the next start, which then finds its port free', async () => {
    const dbFilename = join(dir, 'temporal.sqlite');
    const port = await freePort();
    const server = await startDevServer({ cliPath: inject('temporalCliPath'), port, dbFilename });
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    expect(existsSync(pidFileFor(dbFilename))).toBe(true);

    // As if our process had died without stopping it: the next start finds the pidfile.
    expect(await reapOrphanedDevServer(dbFilename)).toBe(server.process.pid);
    await exited;
    expect(await isPortFree(port)).toBe(true);
    expect(existsSync(pidFileFor(dbFilename))).toBe(false);
  });

  it('leaves alone a live process that is not a dev server on this database (a recycled pid)', async () => {
    const dbFilename = join(dir, 'other.sqlite');
    const bystander = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(pidFileFor(dbFilename), `${bystander.pid}\n`);
      expect(await reapOrphanedDevServer(dbFilename)).toBeUndefined();
      expect(bystander.exitCode).toBeNull();
      expect(bystander.signalCode).toBeNull();
    } finally {
      bystander.kill('SIGKILL');
    }
  });
});
