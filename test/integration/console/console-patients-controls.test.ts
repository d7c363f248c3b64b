/**
 * The console's patient search and sending controls in a real browser (Debian's Chromium through
 * playwright-core), with the local dev sign-in, against the embedded default as `npm start` assembles it on the
 * test run's real Temporal server: the communications record on a PostgreSQL database of the test's own, and the
 * sending controls service the API and the CLI use. Nothing here is an in-test port.
 *
 * Journeys run through the simulator; staff search their patient and see every message the record holds; an ops
 * user pauses a journey type, a journey started then is held, and resuming from the console lets it be delivered.
 * Every page passes axe (0 serious or critical) and is screenshotted.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeyFactRows } from '../../../src/audit/store/fact-store';
import { openAuditDatabase, type AuditDatabase } from '../../../src/audit/store/database';
import { ACCESS_PARTITION } from '../../../src/audit/communications-record';
import { channelName, stepStatusText } from '../../../src/domain/staff/wording';
import { TEST_RECIPIENTS } from '../../../src/simulator';
import { freshDatabase } from '../../support/audit-store';
import { startTestStack, type TestStack } from '../../support/stack';
import { until } from '../../support/until';
import { expectAccessible, launchChromium } from './support/browser';

/** The NHS App fails at once (not registered); the journey falls back to the next channel. */
const PATIENT = TEST_RECIPIENTS.nhsAppNotRegistered.nhsNumber;
/** A loaded 2-core machine runs these journeys slowly: waits are generous, nothing asserts speed. */
const WAIT_MS = 120_000;
const FINISHED_OR_WAITING_ON_STAFF = ['delivered', 'escalated', 'unreachable', 'handled_by_staff'];

interface ApiJourney {
  journeyId: string;
  status: string;
  steps?: { stepId: string; channel: string; status: string; sentAt?: string }[];
}

describe('staff console: patient messages and sending controls, on the real record and controls', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let test: TestStack;
  let audit: AuditDatabase;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    database = await freshDatabase();
    test = await startTestStack('console-patients', { env: { AUDIT_DATABASE_URL: database.url } });
    audit = await openAuditDatabase({ kind: 'url', url: database.url }, { migrate: false });
    base = test.stack.urls.console ?? '';
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await audit?.close();
    await test?.close();
    await database?.drop();
  });

  async function devSignIn(context: BrowserContext, role: 'staff' | 'ops'): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel(role === 'ops' ? 'Operations (can pause sending)' : 'Clinic staff').check();
    await page.getByRole('button', { name: 'Sign in (development)' }).click();
    await page.waitForURL(`${base}/worklist`);
    return page;
  }

  async function journey(journeyId: string): Promise<ApiJourney> {
    return ((await (await test.api(`/v1/journeys/${journeyId}`)).json()) as { journey: ApiJourney }).journey;
  }


  async function startJourney(body: Record<string, unknown>): Promise<string> {
    const start = await test.api('/v1/journeys', { method: 'POST', body: JSON.stringify({
      eventId: `console-${randomUUID()}`, eventTime: new Date(Date.now() + 60_000).toISOString(), patient: { nhsNumber: PATIENT }, ...body,
    }) });
    expect(start.status).toBe(201);
    return ((await start.json()) as { journey: { journeyId: string } }).journey.journeyId;
  }

  /** What the console should show for a journey's sent messages, newest first, from the journey itself (Temporal, via the API). */
  function expectedHeadings(j: ApiJourney): string[] {
    const sent = (j.steps ?? []).filter((s) => s.sentAt !== undefined).sort((a, b) => Date.parse(b.sentAt ?? '') - Date.parse(a.sentAt ?? ''));
    return sent.map((s, i) => `${channelName(s.channel)}${i < sent.length - 1 ? ' (fallback)' : ''}: ${stepStatusText(s.status)}`);
  }

  it('P8/K6: a journey run in the stack is found by NHS number with a reason, newest first, from the communications record; the view is recorded; no NHS number in a URL', async () => {
    const older = await startJourney({ journeyType: 'appointment-reminder', personalisation: { clinicName: 'Riverside Clinic' } });
    const olderDone = await until(async () => { const j = await journey(older); return FINISHED_OR_WAITING_ON_STAFF.includes(j.status) ? j : undefined; }, 'the first journey settled', WAIT_MS);
    const newer = await startJourney({ journeyType: 'test-result-ready', personalisation: { serviceName: 'Riverside Surgery' } });
    const newerDone = await until(async () => { const j = await journey(newer); return FINISHED_OR_WAITING_ON_STAFF.includes(j.status) ? j : undefined; }, 'the second journey settled', WAIT_MS);
    // The record is written by the journey's fact sink: wait until it holds both journeys' last step.
    await until(async () => {
      const facts = await Promise.all([older, newer].map((id) => journeyFactRows(audit, id)));
      return facts.every((rows) => rows.filter((r) => r.kind === 'step-finished').length >= 1) ? true : undefined;
    }, 'both journeys in the communications record', WAIT_MS);

    const context = await browser.newContext();
    const urls: string[] = [];
    context.on('request', (request) => urls.push(request.url()));
    const page = await devSignIn(context, 'staff');
    await page.getByRole('link', { name: 'Find a patient' }).click();
    await expectAccessible(page, 'patient-search');

    await page.getByLabel('NHS number').fill('999 000 0035'); // wrong check digit
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('fails its check digit');
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Select why you are looking');
    await expectAccessible(page, 'patient-search-errors');
    const lookups = async () => (await journeyFactRows(audit, ACCESS_PARTITION)).filter((r) => r.kind === 'patient-lookup');
    expect(await lookups()).toHaveLength(0);

    await page.getByLabel('NHS number').fill('999 000 0034');
    await page.getByLabel('The patient (or someone acting for them) asked').check();
    await page.getByRole('button', { name: 'Search' }).click();
    const main = await page.locator('main').innerText();
    expect(main).toContain('Messages for NHS number 999 000 0034');
    const cards = page.locator('.nhsuk-card');
    await expect.poll(() => cards.count()).toBe(2);
    const [first, second] = [await cards.nth(0).innerText(), await cards.nth(1).innerText()];
    expect(first).toContain('Test result ready');
    expect(second).toContain('Appointment reminder');
    // The NHS App failed at once and the journey fell back: the record says so, as the journey's own steps do.
    expect(second).toContain('Template appointment-reminder-nhsapp version 1, routing plan nhsapp-only');
    expect(second).toMatch(/NHS App: Failed/);
    const headings = async (n: number) => (await cards.nth(n).locator('h4').allInnerTexts()).map((t) => t.trim());
    expect(await headings(0)).toEqual(expectedHeadings(await journey(newer)));
    expect(await headings(1)).toEqual(expectedHeadings(await journey(older)));
    expect((await headings(1)).length).toBeGreaterThanOrEqual(1);
    expect([olderDone.status, newerDone.status].every((s) => FINISHED_OR_WAITING_ON_STAFF.includes(s))).toBe(true);
    await expectAccessible(page, 'patient-results');

    // The view is in the audit record: who (the identity provider's subject), in which console role, why, and what it showed.
    const recorded = await lookups();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.detail).toMatchObject({ principalId: 'dev-staff', role: 'console-staff', reason: 'patient_enquiry', returnedJourneys: [newer, older] });
    expect(recorded[0]?.patientKey).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(recorded[0])).not.toContain(PATIENT);

    expect(urls.filter((url) => url.includes(PATIENT) || url.includes('999%20000') || url.includes('999+000'))).toEqual([]);
    await context.close();
  }, 300_000);

  it('S14/O4: sending controls: a non-ops user gets the 403 page; an ops user pauses a type with a reason, a new journey is held, resuming delivers it', async () => {
    const staffContext = await browser.newContext();
    const staff = await devSignIn(staffContext, 'staff');
    expect(await staff.getByRole('link', { name: 'Sending controls' }).count()).toBe(0);
    const refused = await staff.goto(`${base}/controls`);
    expect(refused?.status()).toBe(403);
    expect(await staff.locator('h1').innerText()).toBe('You do not have permission to see this page');
    await expectAccessible(staff, 'controls-forbidden');
    await staffContext.close();

    const opsContext = await browser.newContext();
    const ops = await devSignIn(opsContext, 'ops');
    await ops.getByRole('link', { name: 'Sending controls' }).click();
    await expectAccessible(ops, 'controls');
    const reminder = () => ops.locator('.nhsuk-card', { hasText: 'Appointment reminder' });
    await reminder().getByRole('button', { name: 'Pause sending' }).click();
    expect(await ops.locator('.nhsuk-error-summary').innerText()).toContain('Enter a reason');
    const rules = async () => ((await (await test.api('/v1/controls/sending')).json()) as { controls: { rules: unknown[] } }).controls.rules;
    expect(await rules()).toEqual([]);

    await reminder().locator('form', { hasText: 'Pause sending' }).getByLabel('Reason').fill('Clinic closed for a fire drill');
    await reminder().getByRole('button', { name: 'Pause sending' }).click();
    expect(await ops.getByRole('status').innerText()).toContain('Appointment reminder: sending paused is now on');
    expect(await reminder().innerText()).toContain('by someone using the staff console: Clinic closed for a fire drill');
    await expectAccessible(ops, 'controls-paused');
    // The service's own state, as the API and the CLI read it.
    expect(await rules()).toEqual([expect.objectContaining({ mode: 'paused', scope: { journeyType: 'appointment-reminder' }, role: 'staff_console', reason: 'Clinic closed for a fire drill' })]);

    const held = await startJourney({
      journeyType: 'appointment-reminder', patient: { nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber }, personalisation: { clinicName: 'Riverside Clinic' },
    });
    await until(async () => ((await journey(held)).status === 'paused' ? true : undefined), 'the journey held by the pause', WAIT_MS);
    // Resuming wakes the journeys visibility lists as held: wait until it does (as ops would, from the gauge).
    await until(async () => (/^notify_journeys_sends_held_journeys 1$/m.test(await (await test.api('/metrics')).text()) ? true : undefined), 'the held journey counted', WAIT_MS);

    await reminder().locator('form', { hasText: 'Resume sending' }).getByLabel('Reason').fill('Drill over');
    await reminder().getByRole('button', { name: 'Resume sending' }).click();
    expect(await ops.getByRole('status').innerText()).toContain('Appointment reminder: sending paused is now off');
    await expectAccessible(ops, 'controls-resumed');
    expect(await rules()).toEqual([]);
    await until(async () => ((await journey(held)).status === 'delivered' ? true : undefined), 'the released journey delivered', WAIT_MS);
    await opsContext.close();
  }, 300_000);
});
