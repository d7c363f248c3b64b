/**
 * The staff console in a real browser (Debian's Chromium through playwright-core) against the embedded
 * default as `npm start` assembles it, on the test run's real Temporal server, signing in through a real
 * OpenID Connect provider started here (real RS256 signatures, keys made for the run).
 *
 * A journey escalates (no channel can reach the patient before the appointment); staff sign in, find the
 * patient on the worklist, open the journey and record "phoned"; the API and the Temporal history show it
 * closed by the journey's Update. Every page passes axe (0 serious or critical) and is screenshotted.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_RECIPIENTS } from '../../../src/simulator';
import { freePort } from '../../../src/temporal/tcp-ports';
import { startTestStack, type TestStack } from '../../support/stack';
import { expectAccessible, launchChromium } from './support/browser';
import { startIdentityProvider, type TestIdentityProvider } from './support/identity-provider';

const PATIENT = TEST_RECIPIENTS.smsPermanentFailure.nhsNumber; // 999 000 0042: no channel gets through in time

describe('staff console: sign-in, worklist and recording an outcome', () => {
  let idp: TestIdentityProvider;
  let test: TestStack;
  let browser: Browser;
  let consoleUrl: string;

  beforeAll(async () => {
    const apiPort = await freePort();
    idp = await startIdentityProvider(`http://localhost:${apiPort}/console/callback`);
    test = await startTestStack('console', { env: {
      API_PORT: String(apiPort), CONSOLE_OIDC_ISSUER: idp.issuer, CONSOLE_OIDC_CLIENT_ID: idp.clientId, CONSOLE_OIDC_CLIENT_SECRET: idp.clientSecret,
      CONSOLE_DEV_SIGN_IN: 'false',
    } });
    consoleUrl = test.stack.urls.console ?? '';
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
    await idp?.close();
  });

  async function signIn(context: BrowserContext, login: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(consoleUrl);
    await page.getByRole('button', { name: 'Sign in with your organisation account' }).click();
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any password');
    await page.locator('button[type=submit]').click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${consoleUrl}/worklist`);
    return page;
  }


  it('S13/C6/P8: signs in through OIDC, finds the escalated patient, records "phoned": the journey closes in the API and in Temporal history', async () => {
    const start = await test.api('/v1/journeys', { method: 'POST', body: JSON.stringify({
      journeyType: 'appointment-reminder', eventId: `console-${randomUUID()}`, eventTime: new Date(Date.now() + 60_000).toISOString(),
      patient: { nhsNumber: PATIENT, contactDetails: { name: { firstName: 'Jane', lastName: 'Tester' } } },
      personalisation: { clinicName: 'Riverside Clinic' },
    }) });
    expect(start.status).toBe(201);
    const { journey } = (await start.json()) as { journey: { journeyId: string } };

    const context = await browser.newContext();
    const urls: string[] = [];
    context.on('request', (request) => urls.push(request.url()));
    const anonymous = await context.newPage();
    await anonymous.goto(consoleUrl);
    expect(anonymous.url()).toBe(`${consoleUrl}/sign-in`);
    await expectAccessible(anonymous, 'sign-in');
    await anonymous.close();

    const page = await signIn(context, 'clinic-user');
    const row = page.locator('tr', { hasText: 'Jane Tester' });
    for (let i = 0; i < 60 && (await row.count()) === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 500));
      await page.reload();
    }
    await expect.poll(() => row.count()).toBe(1);
    const text = await row.innerText();
    expect(text).toContain('NHS number 999 000 0042');
    expect(text).toContain('Appointment reminder');
    expect(text).toContain('Riverside Clinic');
    expect(text).toMatch(/No channel could reach the patient before the appointment|Every channel was tried/);
    expect(text).toMatch(/NHS App: Failed/);
    await expectAccessible(page, 'worklist');

    const headers = (await page.reload())?.headers() ?? {};
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    const session = (await context.cookies()).find((c) => c.name === 'nj-console');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await row.getByRole('link', { name: 'Jane Tester' }).click();
    await page.waitForURL(`${consoleUrl}/journeys/${journey.journeyId}`);
    await expectAccessible(page, 'journey');
    await page.getByLabel('Phoned the patient').check();
    await page.getByLabel('Your role').selectOption('nurse');
    await page.getByRole('button', { name: 'Record and close' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('Recorded: Phoned the patient');
    expect(await page.locator('main').innerText()).toContain('Closed by staff');
    await expectAccessible(page, 'outcome-recorded');

    const closed = await (await test.api(`/v1/journeys/${journey.journeyId}`)).json() as { journey: { status: string; escalations: { outcome?: string; closedByRole?: string }[] } };
    expect(closed.journey.status).toBe('handled_by_staff');
    expect(closed.journey.escalations.at(-1)).toMatchObject({ outcome: 'phoned', closedByRole: 'nurse' });
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    // Names and event types only: the payloads stay sealed (no codec here).
    const history = await new Client({ connection }).workflow.getHandle(journey.journeyId).fetchHistory().finally(() => connection.close());
    const updates = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(updates.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)).toEqual(['staffOutcome']);
    expect((history.events ?? []).some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'escalationOutcome')).toBe(false);

    // Nothing patient-identifying went into a URL.
    expect(urls.filter((url) => url.includes(PATIENT) || /jane|tester/i.test(url))).toEqual([]);
    await context.close();
  });

  it('S14/S13: refuses a form post without its CSRF token (403 page), and a person without an allowed role', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'csrf-user');
    const refused = await page.request.post(`${consoleUrl}/sign-out`, { form: { nothing: 'here' }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('This form has expired');
    await page.goto(`${consoleUrl}/worklist`);
    expect(page.url()).toBe(`${consoleUrl}/worklist`); // still signed in: the refused post changed nothing

    // The same from a real form in the browser, its token taken out: the person sees the 403 page.
    await page.goto(`${consoleUrl}/sign-out`);
    expect(await page.locator('main form input[name=_csrf]').count()).toBe(1);
    await page.evaluate("document.querySelector('main form input[name=_csrf]').remove()");
    const [response] = await Promise.all([page.waitForResponse(`${consoleUrl}/sign-out`), page.locator('main form').getByRole('button', { name: 'Sign out' }).click()]);
    expect(response.status()).toBe(403);
    expect(await page.locator('h1').innerText()).toBe('This form has expired');
    await expectAccessible(page, 'csrf-refused');
    await page.goto(`${consoleUrl}/worklist`);
    expect(page.url()).toBe(`${consoleUrl}/worklist`);
    await context.close();

    const outsider = await browser.newContext();
    const other = await outsider.newPage();
    await other.goto(consoleUrl);
    await other.getByRole('button', { name: 'Sign in with your organisation account' }).click();
    await other.locator('input[name=login]').fill('nobody-else');
    await other.locator('input[name=password]').fill('any password');
    await other.locator('button[type=submit]').click();
    await other.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => other.locator('h1').innerText()).toBe('You cannot use this service');
    await expectAccessible(other, 'no-role');
    await other.goto(`${consoleUrl}/worklist`);
    expect(other.url()).toBe(`${consoleUrl}/sign-in`);
    await outsider.close();
  });
});
