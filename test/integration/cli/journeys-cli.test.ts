/**
 * `npx notify-journeys journeys …` and `escalations …` as on-call people run them, against the assembled stack
 * (as `npm start` builds it) over real HTTP, reading the same config: a cohort started from a CSV file (row
 * problems by line and column, never a patient value), listed, shown, cancelled in bulk; an escalation listed
 * and closed with a staff outcome.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNEY_STATUSES } from '../../../src/domain/timeline';
import { TEST_RECIPIENTS } from '../../../src/simulator';
import { freePort } from '../../../src/temporal/tcp-ports';
import { notifyJourneys, opsCli, REPO_ROOT as root } from '../../support/cli';
import { until } from '../../support/until';
import { startTestStack, type TestStack } from '../../support/stack';

const run = promisify(execFile);

interface Summary { journeyId: string; type: string; status: string }
interface StartSummary {
  rows: number;
  counts: Record<'started' | 'duplicate' | 'invalid' | 'conflict' | 'failed', number>;
  results: { line: number; outcome: string; journeyId?: string; problems?: string[] }[];
}

describe('npx notify-journeys journeys / escalations against the running service', () => {
  let test: TestStack;
  let dir: string;
  beforeAll(async () => {
    // Durations 900 times fast: a 24 h escalation SLA is 96 s, long enough for a CLI run on a loaded machine.
    test = await startTestStack('cli-journeys', { env: { JOURNEY_TIME_SCALE: String(1 / 900) } });
    dir = mkdtempSync(join(tmpdir(), 'nj-cli-journeys-'));
  }, 600_000);
  afterAll(async () => {
    await test?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[], env: NodeJS.ProcessEnv = test.env) => notifyJourneys(args, env);

  const file = (name: string, lines: string[]): string => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
  const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  /** notify_journeys_open_journeys from the API's /metrics, by status. */
  async function openByStatus(): Promise<Record<string, number>> {
    const text = await (await test.api('/metrics')).text();
    return Object.fromEntries([...text.matchAll(/^notify_journeys_open_journeys\{status="([a-z_]+)"\} (\d+)$/gm)].map((m): [string, number] => [m[1] ?? '', Number(m[2])]));
  }
  const listed = async (args: string[]) => JSON.parse((await cli(['journeys', 'list', ...args, '--json'])).stdout) as { items: Summary[] };

  it('O6: journeys start --csv: started, duplicate and invalid rows by line and column, no patient value echoed; list, show and a bulk cancel of the cohort', async () => {
    const cohort = `cli-${randomUUID().slice(0, 8)}`;
    // Held by a pause of the cohort, so every journey is still open when it is cancelled.
    expect((await cli(['sending', 'pause', '--cohort', cohort, '--reason', 'cohort under review'])).code).toBe(0);
    const badNhsNumber = '1234567890';
    const ids = [1, 2, 3].map(() => `appt-${randomUUID()}`);
    const cohortFile = file('cohort.csv', [
      'eventId,eventTime,patient.nhsNumber,personalisation.clinicName',
      `${ids[0]},${soon(30)},${TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber},Canary Clinic`,
      `${ids[1]},${soon(30)},${TEST_RECIPIENTS.nhsAppUnread.nhsNumber},Canary Clinic`,
      `${ids[2]},${soon(30)},${TEST_RECIPIENTS.emailBounce.nhsNumber},Canary Clinic`,
      `appt-${randomUUID()},${soon(30)},${badNhsNumber},Secret Street Surgery`,
      `${ids[1]},${soon(30)},${TEST_RECIPIENTS.nhsAppUnread.nhsNumber}`,
      `${ids[0]},${soon(30)},${TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber},Canary Clinic`,
    ]);
    const started = await cli(['journeys', 'start', '--csv', cohortFile, '--type', 'appointment-reminder', '--cohort', cohort, '--json']);
    expect(started.code).toBe(1); // some rows were invalid: scripts must notice
    const summary = JSON.parse(started.stdout) as StartSummary;
    expect(summary.counts).toEqual({ started: 3, duplicate: 1, invalid: 2, conflict: 0, failed: 0 });
    expect(summary.results.map((r) => [r.line, r.outcome])).toEqual([[2, 'started'], [3, 'started'], [4, 'started'], [5, 'invalid'], [6, 'invalid'], [7, 'duplicate']]);
    expect(summary.results[3]?.problems).toEqual([expect.stringMatching(/^patient\.nhsNumber: /)]);
    expect(summary.results[4]?.problems).toEqual(['has 3 fields, the header has 4']);
    expect(started.stdout + started.stderr).not.toContain(badNhsNumber);
    expect(started.stderr).not.toContain('starting ['); // no terminal: no progress bar
    expect(started.stdout + started.stderr).not.toContain('Secret Street');
    const journeyIds = summary.results.filter((r) => r.outcome === 'started').map((r) => r.journeyId);

    // The same file again: nothing new starts (the business key is the idempotency key); the human summary.
    const again = await cli(['journeys', 'start', '--csv', cohortFile, '--type', 'appointment-reminder', '--cohort', cohort]);
    expect(again.stdout).toContain('6 rows: started 0, duplicate 4, invalid 2, conflict 0, failed 0');
    expect(again.stdout).toMatch(/line 5: invalid: patient\.nhsNumber: /);
    expect(again.stdout).not.toContain(badNhsNumber);

    const cohortList = await until(async () => { const page = await listed(['--cohort', cohort]); return page.items.length === 3 ? page : undefined; }, 'the cohort listed');
    expect(cohortList.items.map((j) => j.journeyId).sort()).toEqual([...journeyIds].sort());
    expect(cohortList.items.every((j) => j.type === 'appointment-reminder')).toBe(true);
    expect((await listed(['--cohort', 'no-such-cohort'])).items).toEqual([]);
    // The open-by-status gauge counts them from visibility at scrape time (all three waiting: scheduled or held).
    const open = await openByStatus();
    expect(Object.values(open).reduce((a, b) => a + b, 0)).toBe(3);
    expect((open.scheduled ?? 0) + (open.paused ?? 0)).toBe(3);
    const table = await cli(['journeys', 'list', '--cohort', cohort]);
    expect(table.stdout).toMatch(/^JOURNEY\s+TYPE\s+STATUS\s+STARTED/);
    expect(table.stdout).toContain('3 journeys');

    const shown = await cli(['journeys', 'show', journeyIds[0]!]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`journey ${journeyIds[0]}`);
    expect(shown.stdout).toContain('type appointment-reminder');
    expect(JSON.parse((await cli(['journeys', 'show', journeyIds[0]!, '--json'])).stdout)).toMatchObject({ journeyId: journeyIds[0], type: 'appointment-reminder' });

    const unconfirmed = await cli(['journeys', 'cancel', '--cohort', cohort, '--reason', 'sent_in_error']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('add --yes');
    const bulk = await cli(['journeys', 'cancel', '--cohort', cohort, '--reason', 'sent_in_error', '--yes', '--json']);
    expect(bulk.code).toBe(0);
    expect(JSON.parse(bulk.stdout)).toEqual({ matched: 3, cancelled: 3, alreadyFinished: 0, notFound: 0, failed: 0, failures: [] });
    for (const id of journeyIds) {
      const journey = JSON.parse((await cli(['journeys', 'show', id!, '--json'])).stdout) as Summary;
      expect(journey.status).toBe('cancelled');
    }
    // Cancelling one again answers the same (idempotent); nothing open is left to cancel in bulk.
    expect((await cli(['journeys', 'cancel', journeyIds[0]!, '--reason', 'sent_in_error'])).stdout).toContain(`cancelled ${journeyIds[0]}`);
    await until(async () => ((await listed(['--cohort', cohort, '--open'])).items.length === 0 ? true : undefined), 'the cohort closed in visibility');
    const afterCancel = await openByStatus();
    expect(Object.keys(afterCancel).sort()).toEqual([...JOURNEY_STATUSES].sort());
    expect(Object.values(afterCancel).every((count) => count === 0)).toBe(true);
    expect((await cli(['journeys', 'cancel', '--cohort', cohort, '--reason', 'sent_in_error', '--yes'])).stdout).toContain('no open journeys match');
    expect(await (await fetch(`${test.stack.urls.simulator}/_admin/ledger`)).json()).toMatchObject({ entries: [] });
  }, 1_500_000);

  it('O6: escalations list shows a journey every channel failed for; close records the staff outcome once', async () => {
    const start = await test.api('/v1/journeys', { method: 'POST', body: JSON.stringify({
      journeyType: 'appointment-reminder', eventId: `appt-${randomUUID()}`, eventTime: soon(12),
      patient: { nhsNumber: TEST_RECIPIENTS.everythingFails.nhsNumber }, personalisation: { clinicName: 'Canary Clinic' },
    }) });
    expect(start.status).toBe(201);
    const { journeyId } = ((await start.json()) as { journey: Summary }).journey;
    await until(async () => {
      const page = JSON.parse((await cli(['escalations', 'list', '--json'])).stdout) as { items: { escalationId: string; journeyId: string }[] };
      return page.items.find((e) => e.journeyId === journeyId);
    }, 'the escalation in the worklist', 600_000);
    expect((await cli(['escalations', 'list'])).stdout).toMatch(/^ESCALATION\s+JOURNEY\s+REASON/);

    // An escalation may still pass its SLA and be raised again before the close lands (the CLI reports it
    // closed): then the one open now is closed.
    const { escalationId, closed } = await until(async () => {
      const page = (await (await test.api('/v1/escalations?status=open')).json()) as { items: { escalationId: string; journeyId: string }[] };
      const open = page.items.find((e) => e.journeyId === journeyId);
      if (open === undefined) return undefined;
      const answer = await cli(['escalations', 'close', open.escalationId, '--outcome', 'phoned', '--role', 'nurse', '--json']);
      if (answer.code !== 0) expect(answer.stderr).toContain('ESCALATION_CLOSED');
      return answer.code === 0 ? { escalationId: open.escalationId, closed: answer } : undefined;
    }, 'a staff outcome recorded', 600_000);
    expect(JSON.parse(closed.stdout)).toMatchObject({ escalation: { escalationId, status: 'closed', outcome: 'phoned' } });
    const twice = await cli(['escalations', 'close', escalationId, '--outcome', 'phoned', '--role', 'nurse']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/ESCALATION_CLOSED|JOURNEY_CLOSED/);
    expect((await cli(['escalations', 'close', escalationId, '--outcome', 'waved'])).code).toBe(2);
  }, 1_500_000);

  it('at a terminal, a batch start draws a progress bar', async () => {
    const rows = [1, 2].map(() => `appt-${randomUUID()},${soon(30)},${TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber},Canary Clinic`);
    const path = file('tty.csv', ['eventId,eventTime,patient.nhsNumber,personalisation.clinicName', ...rows]);
    // script(1) runs the CLI on a pseudo-terminal, as a person at a shell would.
    const command = [...opsCli(), 'journeys', 'start', '--csv', path, '--type', 'appointment-reminder', '--batch-size', '1'].join(' ');
    const { stdout } = await run('script', ['-qec', command, '/dev/null'], { cwd: root, env: { ...process.env, ...test.env } });
    expect(stdout).toMatch(/starting \[[^\]]*\] 2\/2 \(100%\)/);
    expect(stdout).toContain('2 rows: started 2, duplicate 0, invalid 0, conflict 0, failed 0');
  }, 900_000);

  it('a file the check refuses starts nothing (exit 1); a wrong command line exits 2; an API that cannot be reached exits 3', async () => {
    const noHeader = file('bad.csv', ['eventId,eventTime,nhsNumber', `appt-x,${soon(30)},${TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber}`]);
    const refused = await cli(['journeys', 'start', '--csv', noHeader, '--type', 'appointment-reminder']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('unknown column nhsNumber');
    expect(refused.stderr).toContain('nothing was started');
    expect(refused.stderr).not.toContain(TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber);

    const usage = await Promise.all([
      cli(['journeys', 'cancel', '--reason', 'sent_in_error']),
      cli(['journeys', 'cancel', 'j-1', '--type', 'appointment-reminder', '--reason', 'sent_in_error']),
      cli(['journeys', 'cancel', '--type', 'appointment-reminder', '--reason', 'because']),
      cli(['journeys', 'list', '--limit', '0']),
    ]);
    expect(usage.map((r) => r.code)).toEqual([2, 2, 2, 2]);

    const missing = await cli(['journeys', 'show', 'j-nope']);
    expect(missing.code).toBe(1);
    const unreachable = await cli(['journeys', 'list'], { ...test.env, OPS_API_URL: `http://127.0.0.1:${await freePort()}` });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain('cannot reach the journeys API');
  }, 1_500_000);
});
