/**
 * R4: the Temporal server itself dies mid-run (SIGKILL, SQLite on disk) and comes back on the same port and
 * file. Nothing in the stack is restarted by hand: the worker's NativeConnection and the client reconnect on
 * their own, and every journey must still end delivered with exactly one accepted message.
 */
import { afterAll, describe, it } from 'vitest';
import { journeysSurviveRestart, type RestartRun } from './support/restart-scenario';
import { startRestartableDevServer, type RestartableDevServer } from './support/own-dev-server';

const JOURNEYS = Number(process.env.R4_JOURNEYS ?? 30);

describe('R4: journeys survive a Temporal server restart', () => {
  let server: RestartableDevServer | undefined;
  let run: RestartRun | undefined;
  afterAll(async () => {
    await run?.close();
    await server?.dispose();
  });

  it(`R4: ${JOURNEYS} journeys, the dev server SIGKILLed mid-run and restarted on the same SQLite file: all delivered, exactly 1 accepted message each`, async () => {
    server = await startRestartableDevServer();
    run = await journeysSurviveRestart(server, JOURNEYS, 'dev-server');
  }, 90_000);
});
