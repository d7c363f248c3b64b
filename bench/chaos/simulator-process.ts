/**
 * The NHS Notify simulator as a process of its own for chaos runs: it outlives every engine kill, so its ledger
 * (GET /_admin/ledger, behind the admin token) is the oracle of what was really sent. Callback retries back off
 * quickly (0.2 s to 2 s) so recovery is measured, not the backoff. Configured by environment; prints
 * "ready <url>" once listening.
 */
import { FAST_TIMINGS, startSimulator } from '../../src/simulator';
import { createLogger } from '../../src/observability/logger';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value.length === 0) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const sim = await startSimulator({
    port: Number(env('CHAOS_SIM_PORT')), openAccess: true, timings: FAST_TIMINGS, adminToken: env('CHAOS_SIM_ADMIN_TOKEN'),
    logger: createLogger({ level: 'silent' }), ledgerFile: env('CHAOS_SIM_LEDGER_FILE'),
    callbacks: { url: env('CHAOS_CALLBACK_URL'), applicationId: env('CHAOS_APPLICATION_ID'), apiKey: env('CHAOS_CALLBACK_API_KEY'), backoffBaseMs: 200, backoffCapMs: 2_000 },
  });
  process.stdout.write(`ready ${sim.url}\n`);
  const stop = () => { void sim.close().then(() => process.exit(0)); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
