/**
 * The fast subset of `npm run chaos` (bench/chaos): the same runner, the same processes (the engine from
 * src/main.ts, the simulator on its own with its ledger as the oracle, our own Temporal dev server on SQLite
 * behind a TCP proxy), at sizes that fit CI. The full sizes are `npm run chaos -- --journeys 500 --kills 20`.
 * Assertions are on outcomes only (no duplicate, nothing missing, nothing stuck), never on how long recovery took.
 */
import { describe, expect, it } from 'vitest';
import { runChaos, type ChaosOptions, type ChaosReport } from '../../../bench/chaos/chaos-run';

const BASE: Omit<ChaosOptions, 'scenario'> = {
  journeys: Number(process.env.CHAOS_CI_JOURNEYS ?? 8), kills: 2, restarts: 1, freezeMs: 3_000, downMs: 3_000,
  settleTimeoutMs: 240_000, seed: Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647), temporal: { kind: 'dev-server' },
  log: (line) => console.log(line),
};

function expectExactlyOnce(report: ChaosReport): void {
  console.log(`${report.scenario}: ${JSON.stringify(report)}`);
  expect(report.skipped).toBeUndefined();
  expect(report.journeys).toBe(BASE.journeys);
  expect(report.faults).toBeGreaterThan(0);
  expect({ duplicateSteps: report.duplicateSteps, missingSteps: report.missingSteps, stuck: report.stuck, terminal: report.terminal })
    .toEqual({ duplicateSteps: 0, missingSteps: 0, stuck: 0, terminal: report.journeys });
}

describe('chaos runner (CI sizes)', () => {
  it('R1: the engine process SIGKILLed at random moments and restarted: every journey terminal, exactly one accepted message per step', async () => {
    expectExactlyOnce(await runChaos({ ...BASE, scenario: 'engine-kills' }));
  }, 600_000);

  it('R4: the Temporal dev server SIGKILLed under load and restarted on its SQLite file: every journey terminal, exactly once', async () => {
    expectExactlyOnce(await runChaos({ ...BASE, scenario: 'temporal-restarts' }));
  }, 600_000);

  it('R5: the engine–Temporal link frozen by the proxy, then released: journeys resume, exactly once', async () => {
    expectExactlyOnce(await runChaos({ ...BASE, scenario: 'partition' }));
  }, 600_000);

  it('R4: Temporal unreachable while callbacks arrive: the gateway answers 503 with Retry-After, and every callback is applied after', async () => {
    const report = await runChaos({ ...BASE, scenario: 'temporal-down-callbacks' });
    expectExactlyOnce(report);
    expect(report.callbackRefusedWithRetryAfter).toBe(true);
  }, 600_000);
});
