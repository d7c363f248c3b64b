/**
 * The kill switch and dry run on the real dev server, through the sending controls service the API and the
 * ops CLI call. Held journeys are woken by the resume (the periodic re-check is set far beyond the test's
 * waits, so passing proves the wake-up, not the backstop).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { timelineQuery, type journeyWorkflow } from '../../../workflows';
import type { ControlChange } from '../../../src/domain/controls/sending-controls';
import type { RequestOptions } from './support/requests';
import { useJourneySuite, waitFor } from './support/journey-suite';

const PAUSE = { action: 'pause', scope: { kind: 'journey-type', journeyType: 'appointment-reminder' }, role: 'on_call_engineer', reason: 'wrong clinic number' } as const;
const RESUME = { ...PAUSE, action: 'resume', reason: 'template corrected' } as const;

describe('sending controls: kill switch and dry run', () => {
  const s = useJourneySuite({ controls: { cacheMs: 200, recheckAfterMs: 10 * 60_000 } });
  const view = (journeyId: string) => s.env.client.workflow.getHandle<typeof journeyWorkflow>(journeyId).query(timelineQuery);
  const statusOf = async (journeyId: string) => (await s.h.service.get(journeyId))?.status;

  // Every journey a test starts, so a failed test can be cleaned up after and the next one starts from nothing.
  const startedInTest: string[] = [];
  const start = async (options?: RequestOptions) => {
    const journeyId = await s.start(options);
    startedInTest.push(journeyId);
    return journeyId;
  };

  // A test that fails halfway leaves its controls in force and its journeys running: lift every rule still in
  // force and end those journeys, so one failure is reported once and not again by the tests after it. After a
  // test that passed there is nothing to lift and nothing running.
  afterEach(async () => {
    for (const rule of (await s.h.controls.status()).rules) {
      const lift: ControlChange['action'] = rule.mode === 'paused' ? 'resume' : 'dry_run_off';
      await s.h.controls.change({ action: lift, scope: rule.scope, role: rule.role, reason: 'test cleanup' });
    }
    const running = startedInTest.splice(0).map(async (journeyId) => {
      const handle = s.env.client.workflow.getHandle(journeyId);
      if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test cleanup');
    });
    await Promise.all(running);
  });

  it('O1: a pause with 50 journeys in flight sends nothing while paused; after resume each finishes correctly, a letter that became too late escalates instead', async () => {
    // 49 reminders whose send time is ~10 s away (the reminder window opens 240 s before the appointment here).
    const inFlight = await Promise.all(Array.from({ length: 49 }, () => start({ recipient: 'deliveredFirstChannel', eventInMs: 250_000 })));
    const paused = await s.h.controls.change(PAUSE);
    expect(paused.rules).toMatchObject([{ mode: 'paused', role: 'on_call_engineer', reason: 'wrong clinic number' }]);
    const sentBefore = s.h.sim.ledger.entries().length;

    // Accepted while paused, and held: its letter (120 s to arrive, deadline 24 s before) must go within ~30 s.
    const lateLetter = await start({ recipient: 'smsPermanentFailure', eventInMs: 175_000 });
    const letterLatest = Date.now() + 175_000 - 24_000 - 120_000;
    const all = [...inFlight, lateLetter];

    await waitFor(async () => {
      const statuses = await Promise.all(all.map(statusOf));
      return statuses.every((st) => st === 'paused') ? true : undefined;
    }, 90_000, 'all 50 journeys held');
    await waitFor(() => (Date.now() > letterLatest + 2_000 ? true : undefined), 60_000, 'the letter becoming too late');
    expect(s.h.sim.ledger.entries().length - sentBefore).toBe(0);

    const held = await view(lateLetter);
    expect(held.events.find((e) => e.kind === 'sending-held')).toMatchObject({
      stepId: 'nhsapp', reason: 'wrong clinic number', controlRole: 'on_call_engineer', controlScope: 'journey-type=appointment-reminder',
    });

    await s.h.controls.change(RESUME);
    const results = await Promise.all(inFlight.map((id) => s.resultOf(id)));
    expect(results.map((r) => r.outcome)).toEqual(inFlight.map(() => 'delivered'));
    expect(results.every((r) => r.view.events.some((e) => e.kind === 'sending-released'))).toBe(true);

    const escalated = await waitFor(async () => {
      const details = await s.h.service.get(lateLetter);
      return details?.escalations.length === 1 ? details : undefined;
    }, 180_000, 'the late-letter journey escalating');
    expect(escalated.escalations[0]?.reason).toBe('no_step_can_arrive_in_time');
    expect(escalated.steps.map((st) => [st.stepId, st.status])).toEqual([['nhsapp', 'failed'], ['sms', 'failed'], ['letter', 'skipped']]);
    expect(escalated.steps[2]?.skipReason).toBe('letter_cannot_arrive_in_time');
    // Exactly one message per delivered journey and two for the escalated one: nothing lost, nothing doubled.
    expect(s.h.sim.ledger.entries().length - sentBefore).toBe(49 + 2);
    await s.h.service.recordEscalationOutcome(escalated.escalations[0]!.escalationId, { outcome: 'phoned', staffRole: 'nurse' });
    expect((await s.resultOf(lateLetter)).outcome).toBe('handled_by_staff');

    const status = await s.h.controls.status();
    expect(status.rules).toEqual([]);
    expect(status.history.map((e) => [e.action, e.role, e.reason, e.changed])).toEqual([
      ['pause', 'on_call_engineer', 'wrong clinic number', true], ['resume', 'on_call_engineer', 'template corrected', true],
    ]);
  }, 480_000);

  it('O2: dry run for one type runs the journey but sends nothing and records dry_run; other types still send', async () => {
    const on = { action: 'dry_run_on', scope: { kind: 'journey-type', journeyType: 'screening-invitation' }, role: 'service_manager', reason: 'trial of new wording' } as const;
    await s.h.controls.change(on);
    const before = s.h.sim.ledger.entries().length;
    const dry = await start({ journeyType: 'screening-invitation', recipient: 'deliveredFirstChannel', eventInMs: 0, personalisation: { programmeName: 'bowel cancer screening' } });
    const result = await s.resultOf(dry);
    expect(result.outcome).toBe('dry_run');
    expect(result.view.steps[0]).toMatchObject({ stepId: 'nhsapp', status: 'dry_run' });
    expect(result.view.events.find((e) => e.kind === 'send-dry-run')).toMatchObject({ reason: 'trial of new wording', controlRole: 'service_manager' });
    expect(s.h.sim.ledger.entries().length).toBe(before);

    const real = await start({ recipient: 'deliveredFirstChannel' });
    expect((await s.resultOf(real)).outcome).toBe('delivered');
    expect(s.h.sim.ledger.entries().length).toBe(before + 1);
    await s.h.controls.change({ ...on, action: 'dry_run_off', reason: 'trial over' });
  }, 120_000);

  it('O3: a repeated pause is recorded and changes nothing; a resume of one type never lifts a pause of everything', async () => {
    const all = { action: 'pause', scope: { kind: 'all' }, role: 'operations', reason: 'incident 42' } as const;
    await s.h.controls.change(all);
    const twice = await s.h.controls.change(all);
    expect(twice.rules.filter((r) => r.mode === 'paused')).toHaveLength(1);
    expect(twice.history.at(-1)).toMatchObject({ action: 'pause', changed: false });
    const afterTypeResume = await s.h.controls.change({ ...RESUME, reason: 'not this one' });
    expect(afterTypeResume.rules).toMatchObject([{ mode: 'paused', scope: { kind: 'all' } }]);
    await s.h.controls.change({ ...all, action: 'resume', reason: 'incident closed' });
  }, 60_000);
});
