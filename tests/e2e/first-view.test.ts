/**
 * Issue 16, the first view in seconds: sign-in computes the commander's first view on the server
 * while the browser follows the redirect (src/lib/server/warm-home-view.ts), and the panels' answers
 * are stored per scope while the data is unchanged (src/lib/server/stored-answer.ts). Here, in
 * Chromium: the panel requests the page sends for its first view are exactly the ones sign-in
 * computes (the same paths, from the same module), and a reload of the same view is answered from
 * the store, panel by panel. Nothing is timed.
 */
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromiumLocation, launchChromium } from '../support/chromium';
import { requireCapability } from '../support/ci';
import { DEMO_USERS } from '../../src/lib/server/auth/users';
import { defaultWindow, panelPaths } from '../../src/lib/api/panel-requests';
import { todayInChina } from '../../src/lib/core/dates';

const commander = DEMO_USERS.find((u) => u.username === 'commander')!;
const run = requireCapability('Chromium end-to-end', chromiumLocation.available, chromiumLocation.why);

/** Routes whose answers are stored; heat and hotspots follow the viewport and layers, not the first view's panels. */
const PANEL_ROUTE =
  /^\/api\/(analytics\/(risk|pyramid|trends|inspection-priorities|mediation-allocation)|command\/alerts|map\/timeline)$/;

/** A request's path with its parameters in a canonical order (as the server keys it). */
function canonical(pathAndQuery: string): string {
  const url = new URL(pathAndQuery, 'http://x');
  const params = [...url.searchParams].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : 1));
  return `${url.pathname}?${new URLSearchParams(params)}`;
}

describe.skipIf(!run)('the commander’s first view', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  /** Panel answers seen since the last reset: canonical path → where the answer came from. */
  let answers = new Map<string, string>();

  async function panelsShown() {
    for (const id of ['ranking', 'inspection-list', 'mediation-list', 'alerts', 'timeline-summary'])
      await page.waitForSelector(`[data-testid="${id}"]`);
    await page.waitForSelector('[data-testid="area-panel"][aria-busy="false"]');
  }

  beforeAll(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultNavigationTimeout(300_000);
    page.setDefaultTimeout(300_000);
    page.on('response', (res: Response) => {
      const url = new URL(res.url());
      if (PANEL_ROUTE.test(url.pathname))
        answers.set(canonical(url.pathname + url.search), res.headers()['x-answer'] ?? '(none)');
    });
    await page.goto(`${baseUrl}/signin`);
    await page.fill('[data-testid="signin-form"] input[name="username"]', commander.username);
    await page.fill('[data-testid="signin-form"] input[name="password"]', commander.password);
    await Promise.all([
      page.waitForURL(`${baseUrl}/`),
      page.click('[data-testid="signin-form"] button[type="submit"]')
    ]);
    await panelsShown();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('asks for exactly the panels sign-in computed for it', async () => {
    const badge = (await page.textContent('[data-testid="demo-badge"]')) ?? '';
    const demoEnd = badge.match(/(\d{4}-\d{2}-\d{2})\s*$/)?.[1] ?? null;
    const { from, to } = defaultWindow(todayInChina(), demoEnd);
    const warmed = panelPaths({
      area: commander.homeAreaCode,
      rankingArea: commander.homeAreaCode,
      from,
      to,
      canReadPetitions: true
    });
    expect([...answers.keys()].sort()).toEqual(warmed.map(canonical).sort());
    // Every answer came through the store (computed for sign-in, joined or stored for the page, or
    // computed if the page asked first): never without the header.
    for (const source of answers.values()) expect(['stored', 'joined', 'computed']).toContain(source);
  });

  it('answers a reload of the same view from the store, every panel', async () => {
    answers = new Map();
    await page.reload();
    await panelsShown();
    expect(answers.size).toBeGreaterThanOrEqual(9);
    expect(Object.fromEntries(answers)).toEqual(Object.fromEntries([...answers.keys()].map((k) => [k, 'stored'])));
  });
});
