/**
 * Cohorts as a product feature, through the assembled stack (`npm start`'s composition root) over real HTTP,
 * on the run's real Temporal server and the embedded simulator: POST /v1/cohorts validates every patient as
 * POST /v1/journeys does and names the row; a repeat returns the same cohort; GET /v1/cohorts/{id} counts
 * without patient data; the communications record holds each patient's facts, delivered ones included; and
 * `npx notify-journeys journeys start --csv … --in-batches` starts a screening file as one cohort.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_SCOPES, createApiKey } from '../../../src/gateway/auth/api-keys';
import { TEST_RECIPIENTS } from '../../../src/simulator';
import { notifyJourneys } from '../../support/cli';
import { startTestStack, type TestStack } from '../../support/stack';
import { until } from '../../support/until';

interface CohortBody { cohort: { cohortId: string; counts: Record<string, number> } }
interface RecordFact { kind: string; detail: Record<string, unknown> }
interface LookupBody { journeys: { journeyId: string; facts: RecordFact[] }[] }

describe('POST /v1/cohorts and GET /v1/cohorts/{id} on the assembled stack', () => {
  const full = createApiKey(API_KEY_SCOPES);
  const readOnly = createApiKey(['journeys:read']);
  let test: TestStack;
  let dir: string;
  beforeAll(async () => {
    test = await startTestStack('cohorts-api', { env: { GATEWAY_API_KEYS: `${full.configEntry},${readOnly.configEntry}`, OPS_API_KEY: full.key } });
    dir = mkdtempSync(join(tmpdir(), 'nj-cohorts-api-'));
  }, 600_000);
  afterAll(async () => {
    await test?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const call = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) => fetch(`${test.stack.urls.api}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${init.key ?? full.key}`, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  // In the window now (it opens 10 days, closes 24 hours before: 240 s and 24 s at 1/3600), so the first step goes in the batch.
  const eventTime = () => new Date(Date.now() + 200_000).toISOString();
  const aPatient = (nhsNumber: string) => ({ eventId: `appt-${randomUUID()}`, eventTime: eventTime(), patient: { nhsNumber }, personalisation: { clinicName: 'Canary Clinic' } });
  const lookup = async (nhsNumber: string) => (await (await call('/v1/patients/communications/search', { body: { nhsNumber, reason: 'cohort test' } })).json()) as LookupBody;

  it('validates per patient naming the row, is idempotent by reference, counts without patient data, and hands every patient\'s facts to the record', async () => {
    const spec = (await (await call('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/cohorts', '/v1/cohorts/{cohortId}']));

    const reference = `flu-${randomUUID()}`;
    const delivered = Array.from({ length: 5 }, () => aPatient(TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber));
    const unread = aPatient(TEST_RECIPIENTS.nhsAppUnread.nhsNumber);
    const request = { reference, journeyType: 'appointment-reminder', cohort: 'flu-clinic', patients: [...delivered, unread] };

    // The right scope: a read-only credential cannot start a cohort.
    expect((await call('/v1/cohorts', { body: request, key: readOnly.key })).status).toBe(403);

    // Field-level 400s that name the row; nothing starts, so the same reference is still free.
    const badNhsNumber = '1234567890';
    const bad = await call('/v1/cohorts', { body: { ...request, patients: [delivered[0], delivered[1], aPatient(badNhsNumber), { ...unread, journeyType: 'appointment-reminder' }] } });
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).not.toContain(badNhsNumber);
    const problems = (JSON.parse(badText) as { error: { code: string; details: { pointer: string }[] } }).error;
    expect(problems.code).toBe('INVALID_REQUEST');
    expect(problems.details.map((d) => d.pointer)).toEqual(['/patients/2/patient/nhsNumber', '/patients/3/*'] /* a key the patient schema does not declare is never echoed */);
    expect((await call('/v1/cohorts', { body: { ...request, patients: [] } })).status).toBe(400);
    expect((await call('/v1/cohorts', { body: { ...request, journeyType: 'no-such-journey' } })).status).toBe(400);

    const created = await call('/v1/cohorts', { body: request });
    expect(created.status).toBe(201);
    const { cohort } = (await created.json()) as CohortBody;
    expect(created.headers.get('location')).toBe(`/v1/cohorts/${cohort.cohortId}`);
    expect(cohort.counts).toMatchObject({ patients: 6, startedSingly: 0, repeatedRows: 0 });

    // The same request again is the same cohort (nothing sent twice); the reference with another request is a conflict.
    const again = await call('/v1/cohorts', { body: request });
    expect(again.status).toBe(200);
    expect(((await again.json()) as CohortBody).cohort.cohortId).toBe(cohort.cohortId);
    const conflict = await call('/v1/cohorts', { body: { ...request, patients: delivered } });
    expect(conflict.status).toBe(422);
    expect(((await conflict.json()) as { error: { code: string } }).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // A single start of a patient the cohort sent to is a duplicate: no second message.
    const single = await call('/v1/journeys', { body: { ...delivered[0], journeyType: 'appointment-reminder', cohort: 'flu-clinic' } });
    expect(single.status).toBe(200);

    // Counts, from the cohort store: every delivered patient, and the unread one followed up on their own.
    const done = await until(async () => {
      const answer = await call(`/v1/cohorts/${cohort.cohortId}`, { key: readOnly.key });
      const text = await answer.text();
      const body = JSON.parse(text) as CohortBody;
      return body.cohort.counts.delivered === 5 && body.cohort.counts.followingUp === 1 ? { text, body } : undefined;
    }, 'the cohort delivered and followed up', 240_000);
    expect(done.body.cohort.counts).toMatchObject({ patients: 6, sent: 6, accepted: 6, failed: 1, refused: 0, notSent: 0 });
    expect(done.text).not.toContain(TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber);
    expect(done.text).not.toContain('Canary Clinic');
    expect((await call('/v1/cohorts/cohort-22222222222222222222222222222222')).status).toBe(404);
    expect((await call('/v1/cohorts/not-a-cohort')).status).toBe(404);

    // The record: a delivered patient (no journey workflow) has the facts the cohort handed over.
    const deliveredRecord = await until(async () => {
      const found = (await lookup(TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber)).journeys;
      const complete = found.filter((j) => j.facts.some((f) => f.kind === 'journey-finished'));
      return complete.length === 5 ? complete : undefined;
    }, 'five delivered patients in the record', 120_000);
    for (const journey of deliveredRecord) {
      expect(journey.facts.map((f) => f.kind)).toEqual(['journey-started', 'message-accepted', 'status-changed', 'step-finished', 'journey-finished']);
      expect(journey.facts[1]?.detail).toMatchObject({ sentInBatch: cohort.cohortId, stepId: 'nhsapp', accepted: 'now' });
      expect(journey.facts[2]?.detail).toMatchObject({ status: 'delivered' });
    }
    // The followed-up patient: the batch send, NHS Notify's failure, the hand-over, then their own journey's facts, in one record.
    const followed = await until(async () => {
      const [journey] = (await lookup(TEST_RECIPIENTS.nhsAppUnread.nhsNumber)).journeys;
      return journey?.facts.some((f) => f.kind === 'batch-followed-up') && journey.facts.some((f) => f.kind === 'fallback-decided') ? journey : undefined;
    }, 'the followed-up patient in the record', 120_000);
    const kinds = followed.facts.map((f) => f.kind);
    expect(kinds.slice(0, 2)).toEqual(['journey-started', 'message-accepted']);
    expect(kinds).toEqual(expect.arrayContaining(['status-changed', 'batch-followed-up', 'step-finished', 'fallback-decided']));
    expect(kinds.filter((k) => k === 'journey-started')).toHaveLength(1);
    expect(followed.facts.find((f) => f.kind === 'batch-followed-up')?.detail).toMatchObject({ reason: 'failed', stepId: 'nhsapp' });
  }, 600_000);

  it('O6: journeys start --csv --cohort <tag> --in-batches starts the file as one cohort; again is the same cohort; a bad row starts nothing and names its line', async () => {
    const tag = `screen-${randomUUID().slice(0, 8)}`;
    const header = 'eventId,eventTime,patient.nhsNumber,personalisation.clinicName';
    const row = (nhsNumber: string) => `appt-${randomUUID()},${eventTime()},${nhsNumber},Canary Clinic`;
    const good = join(dir, 'good.csv');
    writeFileSync(good, `${[header, row(TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber), row(TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber), row(TEST_RECIPIENTS.emailBounce.nhsNumber)].join('\n')}\n`);
    const args = ['journeys', 'start', '--csv', good, '--type', 'appointment-reminder', '--cohort', tag, '--in-batches'];

    const started = await notifyJourneys([...args, '--json'], test.env);
    expect(started.code).toBe(0);
    const first = JSON.parse(started.stdout) as { outcome: string; cohort: { cohortId: string; counts: Record<string, number> } };
    expect(first).toMatchObject({ outcome: 'started', cohort: { counts: { patients: 3, startedSingly: 0 } } });
    const again = await notifyJourneys(args, test.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`cohort ${first.cohort.cohortId} was started before with this file`);

    const badNhsNumber = '1234567890';
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${[header, row(TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber), row(badNhsNumber)].join('\n')}\n`);
    const refused = await notifyJourneys(['journeys', 'start', '--csv', bad, '--type', 'appointment-reminder', '--cohort', `${tag}-b`, '--in-batches'], test.env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('nothing was started');
    expect(refused.stdout).toMatch(/line 3: patient\.nhsNumber: /);
    expect(refused.stdout + refused.stderr).not.toContain(badNhsNumber);
    expect((await notifyJourneys(['journeys', 'start', '--csv', good, '--type', 'appointment-reminder', '--in-batches'], test.env)).code).toBe(2);
  }, 300_000);
});
