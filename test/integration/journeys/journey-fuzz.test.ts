/**
 * R16 journey fuzzing: fast-check generates a batch of journey starts across the main paths, changes and cancels
 * at arbitrary moments, and a fault schedule on the simulator (5xx, 429, latency, accepted-then-dropped answers,
 * dropped, duplicated and reordered callbacks). Invariants, from the simulator's ledger: at most one accepted
 * message per (journey, step, channel); every journey terminates; once a cancel is acknowledged, no new send.
 * Small run counts in CI (R16_RUNS); a failing run prints its seed: rerun it with FC_SEED, and add the seed to
 * test/fuzz-cases.json so CI replays it on every run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageReference, type Channel } from '../../../src/domain';
import type { TestRecipientName } from '../../../src/simulator';
import { journeyValidators } from '../../../src/stack/validators';
import { useJourneySuite } from './support/journey-suite';

const RUNS = Number(process.env.R16_RUNS ?? 1);
const STEPS: readonly Channel[] = ['nhsapp', 'email', 'sms', 'letter'];
const PATHS: readonly TestRecipientName[] = ['deliveredFirstChannel', 'nhsAppUnread', 'smsPermanentFailure', 'letterDelivered', 'everythingFails'];
/** The compressed reminder window opens 240 s before the appointment (see cancel-and-change.test.ts). */
const NOT_BEFORE_MS = 240_000;
/**
 * A change moves the appointment up to 2 minutes later: past the window's opening, so the reschedule path runs,
 * without making one run wait many minutes of real time for the moved send.
 */
const MAX_LATER_MS = 120_000;

const journeyPlan = fc.record({
  recipient: fc.constantFrom(...PATHS),
  sendInMs: fc.integer({ min: 0, max: 1_500 }),
  action: fc.oneof(fc.constant({ kind: 'none' as const }),
    fc.record({ kind: fc.constant('cancel' as const), afterMs: fc.integer({ min: 0, max: 2_500 }) }),
    fc.record({ kind: fc.constant('change' as const), afterMs: fc.integer({ min: 0, max: 1_500 }), laterByMs: fc.integer({ min: -60_000, max: MAX_LATER_MS }) })),
});
const fault = fc.oneof(
  fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(500, 502, 503, 504), rate: fc.double({ min: 0.1, max: 0.5, noNaN: true }) }),
  fc.record({ kind: fc.constant('quota' as const), rate: fc.double({ min: 0.1, max: 0.4, noNaN: true }) }),
  fc.record({ kind: fc.constant('latency' as const), ms: fc.integer({ min: 50, max: 800 }), rate: fc.double({ min: 0.1, max: 0.6, noNaN: true }) }),
  fc.record({ kind: fc.constant('acceptThenDrop' as const), rate: fc.double({ min: 0.1, max: 0.4, noNaN: true }) }),
  fc.record({ kind: fc.constant('dropCallbacks' as const), rate: fc.double({ min: 0.1, max: 0.4, noNaN: true }) }),
  fc.record({ kind: fc.constant('duplicateCallbacks' as const), rate: fc.double({ min: 0.2, max: 0.8, noNaN: true }) }),
  fc.record({ kind: fc.constant('reorderCallbacks' as const), delayMs: fc.integer({ min: 50, max: 500 }), rate: fc.double({ min: 0.2, max: 0.8, noNaN: true }) }),
);
const scenario = fc.record({ journeys: fc.array(journeyPlan, { minLength: 2, maxLength: Number(process.env.R16_MAX_JOURNEYS ?? 4) }), faults: fc.array(fault, { maxLength: 3 }) });
type Fault = typeof fault extends fc.Arbitrary<infer F> ? F : never;
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function savedSeeds(): number[] {
  const file = join(__dirname, '../../fuzz-cases.json');
  if (!existsSync(file)) return [];
  return ((JSON.parse(readFileSync(file, 'utf8')) as { r16?: number[] }).r16 ?? []);
}

describe('R16: journey fuzzing', () => {
  const s = useJourneySuite();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const sendsOf = (journeyId: string) => STEPS.flatMap((step) => s.h.sim.ledger.entries().filter((e) => e.messageReference === messageReference(journeyId, step, step)));

  function inject(f: Fault): void {
    const faults = s.h.sim.faults;
    switch (f.kind) {
      case 'status': faults.status(f.status, { route: 'messages', rate: f.rate }); break;
      case 'quota': faults.quota({ route: 'messages', rate: f.rate, retryAfterSeconds: 1 }); break;
      case 'latency': faults.latency(f.ms, { route: 'messages', rate: f.rate }); break;
      case 'acceptThenDrop': faults.acceptThenDrop({ route: 'messages', rate: f.rate }); break;
      case 'dropCallbacks': faults.dropCallbacks({ rate: f.rate }); break;
      case 'duplicateCallbacks': faults.duplicateCallbacks({ rate: f.rate }); break;
      case 'reorderCallbacks': faults.reorderCallbacks(f.delayMs, { rate: f.rate }); break;
    }
  }

  async function runScenario(input: Scenario): Promise<void> {
    s.h.sim.faults.clear();
    for (const f of input.faults) inject(f);
    const change = journeyValidators(s.h.catalogue).change;
    const outcomes = await Promise.all(input.journeys.map(async (plan) => {
      const eventAt = Date.now() + NOT_BEFORE_MS + plan.sendInMs;
      const journeyId = await s.start({ recipient: plan.recipient, eventAt });
      if (plan.action.kind === 'none') return { journeyId, cancelAck: undefined };
      await sleep(plan.action.afterMs);
      if (plan.action.kind === 'change') {
        const parsed = change.parse({ eventTime: new Date(eventAt + plan.action.laterByMs).toISOString() });
        if (parsed.ok) await s.h.service.change(journeyId, parsed.value);
        return { journeyId, cancelAck: undefined };
      }
      const cancelled = await s.h.service.cancel(journeyId, { reason: 'patient_request' });
      return { journeyId, cancelAck: cancelled.kind === 'cancelled' ? { at: Date.now(), sends: sendsOf(journeyId).length } : undefined };
    }));
    // Staff close escalations, as they would: journeys that reach staff then finish.
    const results = await Promise.all(outcomes.map(async ({ journeyId }) => {
      const result = s.resultOf(journeyId);
      // Until the journey ends: a loop that gave up after a fixed count left a journey that escalated late (its
      // appointment moved later) waiting for staff who had gone home, so the run hung until the test's timeout.
      const staff = (async () => {
        for (;;) {
          const page = await s.h.service.listEscalations({ status: 'open', limit: 50 }).catch(() => ({ items: [] }));
          for (const e of page.items.filter((x) => x.journeyId === journeyId)) {
            await s.h.service.recordEscalationOutcome(e.escalationId, { outcome: 'phoned', staffRole: 'nurse' }).catch(() => undefined);
          }
          if (await Promise.race([result.then(() => true, () => true), sleep(500).then(() => false)])) return;
        }
      })();
      await staff;
      return result;
    }));
    s.h.sim.faults.clear();
    expect(results).toHaveLength(input.journeys.length);
    for (const { journeyId, cancelAck } of outcomes) {
      const sends = sendsOf(journeyId);
      const perReference = new Map<string, number>();
      for (const e of sends) perReference.set(e.messageReference, (perReference.get(e.messageReference) ?? 0) + 1);
      expect([...perReference.values()].every((n) => n === 1), `${journeyId}: one accepted message per step`).toBe(true);
      if (cancelAck !== undefined) expect(sends.length, `${journeyId}: no send after the cancel was acknowledged`).toBe(cancelAck.sends);
    }
  }

  it(`R16: generated journeys, changes, cancels and faults (${RUNS} runs${savedSeeds().length > 0 ? ` + ${savedSeeds().length} saved seeds` : ''}): ≤1 accepted message per step, every journey terminal, no send after an acknowledged cancel`, async () => {
    const seeds = [...savedSeeds(), Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647)];
    for (const seed of seeds) {
      console.log(`R16 journey fuzz seed=${seed} runs=${RUNS}`);
      await fc.assert(fc.asyncProperty(scenario, runScenario), { numRuns: RUNS, seed, endOnFailure: true });
    }
  }, 600_000);
});
