/**
 * The kill switch as on-call people use it: `npx notify-journeys sending …` against the assembled stack (as
 * `npm start` builds it), reading the same config. A journey started while paused waits, its timeline says
 * who held it and why, `status` shows it, and after `resume` it is delivered.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_RECIPIENTS } from '../../../src/simulator';
import { freePort } from '../../../src/temporal/tcp-ports';
import { notifyJourneys } from '../../support/cli';
import { startTestStack, type TestStack } from '../../support/stack';
import { until } from '../../support/until';

interface Journey { journeyId: string; status: string; timeline: Array<{ kind: string; reason?: string; controlRole?: string; controlScope?: string }> }

describe('npx notify-journeys sending / dry-run against the running service', () => {
  let test: TestStack;
  beforeAll(async () => {
    test = await startTestStack('cli-controls');
  });
  afterAll(async () => {
    await test?.close();
  });

  const cli = (args: string[], env: NodeJS.ProcessEnv = test.env) => notifyJourneys(args, env);

  async function journey(journeyId: string): Promise<Journey> {
    return ((await (await test.api(`/v1/journeys/${journeyId}`)).json()) as { journey: Journey }).journey;
  }


  it('O4: sending pause holds a new journey (timeline and status say who and why); sending resume lets it be delivered', async () => {
    const paused = await cli(['sending', 'pause', '--type', 'appointment-reminder', '--reason', 'wrong clinic number']);
    expect(paused.code).toBe(0);
    expect(paused.stdout).toMatch(/PAUSED\s+journey-type=appointment-reminder .* by on_call_engineer: wrong clinic number/);

    const start = await test.api('/v1/journeys', { method: 'POST', body: JSON.stringify({
      journeyType: 'appointment-reminder', eventId: `appt-${randomUUID()}`, eventTime: new Date(Date.now() + 60_000).toISOString(),
      patient: { nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber }, personalisation: { clinicName: 'Canary Clinic' },
    }) });
    expect(start.status).toBe(201);
    const { journeyId } = ((await start.json()) as { journey: Journey }).journey;
    const held = await until(async () => { const j = await journey(journeyId); return j.status === 'paused' ? j : undefined; }, 'the journey held');
    expect(held.timeline.find((e) => e.kind === 'sending-held')).toMatchObject({
      reason: 'wrong clinic number', controlRole: 'on_call_engineer', controlScope: 'journey-type=appointment-reminder',
    });

    const status = await until(async () => {
      const answer = await cli(['sending', 'status', '--json']);
      const parsed = JSON.parse(answer.stdout) as { rules: unknown[]; heldJourneys: number };
      return parsed.heldJourneys === 1 ? parsed : undefined;
    }, 'status counting the held journey');
    expect(status.rules).toEqual([expect.objectContaining({ mode: 'paused', scope: { journeyType: 'appointment-reminder' }, reason: 'wrong clinic number' })]);
    const overHttp = await test.api('/v1/controls/sending');
    expect(overHttp.status).toBe(200);
    expect(((await overHttp.json()) as { controls: { rules: unknown[] } }).controls.rules).toEqual(status.rules);

    const ledger = async () => ((await (await fetch(`${test.stack.urls.simulator}/_admin/ledger`)).json()) as { entries?: unknown[] }).entries ?? [];
    expect(await ledger()).toHaveLength(0);

    const resumed = await cli(['sending', 'resume', '--type', 'appointment-reminder', '--reason', 'template corrected']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('sending: normal');
    const delivered = await until(async () => { const j = await journey(journeyId); return j.status === 'delivered' ? j : undefined; }, 'delivery after resume');
    expect(delivered.timeline.map((e) => e.kind)).toContain('sending-released');
    expect(await ledger()).toHaveLength(1);
  }, 240_000);

  it('a wrong command line exits 2 (no scope, two scopes, an unknown role, no reason); nothing is changed', async () => {
    const results = await Promise.all([
      cli(['sending', 'pause', '--reason', 'no scope given']),
      cli(['sending', 'pause', '--type', 'appointment-reminder', '--all', '--reason', 'two scopes']),
      cli(['dry-run', 'on', '--all', '--role', 'nobody', '--reason', 'bad role']),
      cli(['sending', 'resume', '--all']),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(results[0]?.stderr).toContain('exactly one of --type, --cohort or --all');
    const status = JSON.parse((await cli(['sending', 'status', '--json'])).stdout) as { rules: unknown[] };
    expect(status.rules).toEqual([]);
  }, 120_000);

  it('a service that cannot be reached exits 3, not 1', async () => {
    const result = await cli(['sending', 'status'], { ...test.env, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/cannot reach Temporal|unavailable/);
  }, 120_000);
});
