/**
 * A real browser for the console tests: Debian's Chromium driven by playwright-core (never a browser
 * download), axe-core run inside the page, and a screenshot of every page checked, written under
 * artifacts/console/ (git-ignored) as test evidence.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const ARTIFACTS_DIR = join(process.cwd(), 'artifacts', 'console');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

export interface AxeFinding {
  readonly id: string;
  readonly impact: string | null | undefined;
  readonly help: string;
  readonly nodes: number;
}

/** WCAG 2.0-2.2 A and AA rules; returns the serious and critical findings (the test expects none). */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  // evaluate() runs through the DevTools protocol, so the page's CSP (no inline script) still stands.
  await page.evaluate(axe.source);
  const results = await page.evaluate<axe.AxeResults>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })");
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
}

/** Full-page screenshot as artifacts/console/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Screenshot the page as evidence, then expect no serious or critical axe finding on it. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousAxeFindings(page), `axe on ${name}`).toEqual([]);
}
