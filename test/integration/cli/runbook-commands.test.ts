/**
 * Every `npx notify-journeys …` command in docs/runbooks, run for real, runbook by runbook in the order written,
 * against the assembled stack (as `npm start` builds it) with the same config, from a working directory that
 * holds the signing key the runbooks name as the current one. `<journeyId>` and `<escalationId>` stand for a
 * real journey's and a real escalation's ids. Each must do its job: exit 0.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_RECIPIENTS } from '../../../src/simulator';
import { argvOf, runbookCommands } from '../../support/runbooks';
import { notifyJourneys } from '../../support/cli';
import { until } from '../../support/until';
import { startTestStack, type TestStack } from '../../support/stack';


interface Summary { journeyId: string; status: string }

describe('the runbooks\' commands, run against the service', () => {
  let test: TestStack;
  let cwd: string;
  const ids = { journeyId: '', escalatedJourneyId: '', cohortJourneyId: '' };
  const closedEscalations: string[] = [];

  /** The escalation open now: with durations 900 times fast one passes its SLA and is raised again every 96 s. */
  const openEscalation = () => until(async () => {
    const page = (await (await test.api('/v1/escalations?status=open')).json()) as { items: { escalationId: string; journeyId: string }[] };
    return page.items.find((e) => e.journeyId === ids.escalatedJourneyId)?.escalationId;
  }, 'an open escalation', 600_000);

  /** Runs one runbook line; a staff outcome that lost the race with the SLA (ESCALATION_CLOSED) is run again on the escalation open now. */
  async function runLine(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
    for (let attempt = 1; ; attempt += 1) {
      const escalationId = line.includes('<escalationId>') ? await openEscalation() : '';
      const result = await notifyJourneys(argvOf(line.replace('<journeyId>', ids.journeyId).replace('<escalationId>', escalationId)), test.env, cwd);
      if (result.code === 0 && escalationId !== '') closedEscalations.push(escalationId);
      if (escalationId === '' || result.code === 0 || !result.stderr.includes('ESCALATION_CLOSED') || attempt === 5) return result;
    }
  }

  // Two hours ahead is 75 days of journey time here: still waiting for its send window when the last runbook runs.
  const start = async (nhsNumber: string, extra: Record<string, unknown> = {}, minutesAhead = 120): Promise<string> => {
    const response = await test.api('/v1/journeys', { method: 'POST', body: JSON.stringify({
      journeyType: 'appointment-reminder', eventId: `appt-${randomUUID()}`, eventTime: new Date(Date.now() + minutesAhead * 60_000).toISOString(),
      patient: { nhsNumber }, personalisation: { clinicName: 'Canary Clinic' }, ...extra,
    }) });
    expect(response.status).toBe(201);
    return ((await response.json()) as { journey: Summary }).journey.journeyId;
  };

  beforeAll(async () => {
    // Durations 900 times fast: a 24 h escalation SLA is 96 s, long enough for a CLI run on a loaded machine.
    test = await startTestStack('cli-runbooks', { env: { JOURNEY_TIME_SCALE: String(1 / 900) } });
    cwd = mkdtempSync(join(tmpdir(), 'nj-runbooks-'));
    // The key the runbooks call current (kid-2026-07), as an operator's keys/ folder holds it.
    mkdirSync(join(cwd, 'keys'), { mode: 0o700 });
    writeFileSync(join(cwd, 'keys', 'kid-2026-07.pem'), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    ids.journeyId = await start(TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber);
    ids.cohortJourneyId = await start(TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber, { cohort: 'flu-2026' });
    ids.escalatedJourneyId = await start(TEST_RECIPIENTS.everythingFails.nhsNumber, {}, 12);
    await openEscalation();
    await until(async () => {
      const page = (await (await test.api('/v1/journeys?cohort=flu-2026&open=true')).json()) as { items: Summary[] };
      return page.items.length === 1 ? true : undefined;
    }, 'the cohort journey listed', 120_000);
  }, 900_000);
  afterAll(async () => {
    await test?.close();
    if (cwd !== undefined) rmSync(cwd, { recursive: true, force: true });
  });

  it('O8: every command in every runbook exits 0, and the ones that change something did it', async () => {
    const commands = runbookCommands();
    expect(commands.length).toBeGreaterThan(25);
    const ran: string[] = [];
    for (const { file, line } of commands) {
      const result = await runLine(line);
      expect({ file, line, code: result.code, stderr: result.stderr }).toEqual({ file, line, code: 0, stderr: expect.any(String) });
      ran.push(`${file}: ${line}`);
    }
    expect(ran).toEqual(commands.map(({ file, line }) => `${file}: ${line}`));

    // What the commands changed: the runbooks resume what they pause, the key files exist, the cohort and the
    // journey cancelled, the escalation closed by the nurse.
    const controls = (await (await test.api('/v1/controls/sending')).json()) as { controls: { rules: unknown[] } };
    expect(controls.controls.rules).toEqual([]);
    const journey = async (id: string) => ((await (await test.api(`/v1/journeys/${id}`)).json()) as { journey: Summary }).journey.status;
    expect(await journey(ids.journeyId)).toBe('cancelled');
    expect(await journey(ids.cohortJourneyId)).toBe('cancelled');
    expect(closedEscalations).toHaveLength(1);
    await until(async () => ((await journey(ids.escalatedJourneyId)) === 'handled_by_staff' ? true : undefined), 'the escalated journey handled by staff', 60_000);
  }, 2_400_000);
});
