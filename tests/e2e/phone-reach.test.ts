/**
 * Issue 16, phones: every role signs in on a 390×844 phone (touch) and lands on its own page, and
 * every control of that page can be tapped — scrolled into view, the point at its centre is the
 * control itself (or its label), not a panel, the map or another control on top of it. The command
 * map is checked at 1280×720 and 1440×900 too (no control under a floating panel), and Back after
 * two drill-downs on the phone goes up one level at a time to the district. Screenshots of each
 * page at each size go to test-results/e2e/. Nothing is timed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { repoRoot } from '../support/app';
import { chromiumLocation, launchChromium } from '../support/chromium';
import { requireCapability } from '../support/ci';
import { DEMO_USERS } from '../../src/lib/server/auth/users';

const run = requireCapability('Chromium end-to-end', chromiumLocation.available, chromiumLocation.why);
const shots = join(repoRoot, 'test-results', 'e2e');
const PHONE = { width: 390, height: 844 };

/** Each role's own page, and what shows that it has loaded. */
const PAGES = {
  commander: { path: '/', ready: '[data-testid="map"][data-ready="true"]' },
  mediator: { path: '/', ready: '[data-testid="map"][data-ready="true"]' },
  admin: { path: '/', ready: '[data-testid="map"][data-ready="true"]' },
  planner: { path: '/plan', ready: '[data-testid="plan-panel"][data-ready="true"]' },
  inspector: { path: '/inspect', ready: '[data-testid="locate"]' }
} as const;
type Role = keyof typeof PAGES;

async function signIn(browser: Browser, baseUrl: string, role: Role, viewport: { width: number; height: number }) {
  const who = DEMO_USERS.find((u) => u.username === role)!;
  const phone = viewport.width < 500;
  const context = await browser.newContext({
    viewport,
    isMobile: phone,
    hasTouch: phone,
    geolocation: { latitude: 36.6756, longitude: 116.9969 },
    permissions: ['geolocation']
  });
  const page = await context.newPage();
  page.setDefaultTimeout(300_000);
  page.setDefaultNavigationTimeout(300_000);
  await page.goto(`${baseUrl}/signin`);
  await page.fill('[data-testid="signin-form"] input[name="username"]', who.username);
  await page.fill('[data-testid="signin-form"] input[name="password"]', who.password);
  const submit = page.locator('[data-testid="signin-form"] button[type="submit"]');
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/signin')), phone ? submit.tap() : submit.click()]);
  await page.waitForSelector(PAGES[role].ready);
  // The panels of the command map fill in after the map: wait for the ranking and the steering lists.
  if (PAGES[role].path === '/') {
    await page.waitForSelector('[data-testid="ranking"]');
    await page.waitForSelector('[data-testid="area-panel"][aria-busy="false"]');
  }
  return { context, page };
}

/**
 * Controls that cannot be tapped: for each visible control, scrolled to the middle of the screen,
 * what is at its centre when that is not the control, one of its descendants or its label.
 */
function unreachable(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const describe = (el: Element | null) => {
      if (!el) return '(nothing)';
      const id = el.getAttribute('data-testid') ?? el.closest('[data-testid]')?.getAttribute('data-testid') ?? '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
      return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` .${el.className.split(' ')[0]}` : ''}> [${id}] “${text || el.getAttribute('aria-label') || el.getAttribute('title') || ''}”`;
    };
    // A closed disclosure's contents are one tap away (its summary, checked too): open them all.
    for (const d of document.querySelectorAll('details')) d.open = true;
    const controls = [
      ...document.querySelectorAll<HTMLElement>(
        'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"]'
      )
    ].filter((el) => {
      const style = getComputedStyle(el);
      return el.getClientRects().length > 0 && style.visibility !== 'hidden' && !el.closest('[aria-hidden="true"]');
    });
    const problems: string[] = [];
    for (const el of controls) {
      // Scrolling and hit testing both work on the current layout: no frame needs to pass.
      el.scrollIntoView({ block: 'center', inline: 'center' });
      const r = el.getBoundingClientRect();
      const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
      const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
      const inView = r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight;
      const hit = document.elementFromPoint(x, y);
      const label = hit?.closest('label');
      const ok =
        inView &&
        hit !== null &&
        (hit === el || el.contains(hit) || (label !== null && label !== undefined && label.contains(el)));
      if (!ok) problems.push(`${describe(el)} is under ${inView ? describe(hit) : '(off screen)'}`);
    }
    return problems;
  });
}

describe.skipIf(!run)('every control within reach', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test.each(Object.keys(PAGES) as Role[])(
    '%s on a 390×844 phone lands on its own page, and every control can be tapped',
    async (role) => {
      const { context, page } = await signIn(browser, baseUrl, role, PHONE);
      try {
        expect(new URL(page.url()).pathname).toBe(PAGES[role].path);
        await page.screenshot({ path: join(shots, `page-${role}-390.png`), fullPage: true });
        // Nothing wider than the screen: no sideways scrolling.
        expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
        expect(await unreachable(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }
  );

  test.each([
    [1280, 720],
    [1440, 900]
  ])('the command map at %d×%d has no control under a panel', async (width, height) => {
    const { context, page } = await signIn(browser, baseUrl, 'commander', { width, height });
    try {
      await page.screenshot({ path: join(shots, `page-commander-${width}.png`) });
      expect(await unreachable(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test.each([
    ['planner', 1280, 720],
    ['inspector', 1280, 720]
  ] as const)('%s’s page at %d×%d has every control within reach', async (role, width, height) => {
    const { context, page } = await signIn(browser, baseUrl, role, { width, height });
    try {
      await page.screenshot({ path: join(shots, `page-${role}-${width}.png`) });
      expect(await unreachable(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('Back after two drill-downs on the phone goes up one level at a time, to the district', async () => {
    const { context, page } = await signIn(browser, baseUrl, 'commander', PHONE);
    try {
      const area = () =>
        page.evaluate(() => (window as unknown as { __mapState: { view: { area: string } } }).__mapState.view.area);
      const district = await area();
      const drill = async () => {
        const link = page.locator('[data-testid="ranking"] tbody tr[data-code] a').first();
        const code = await link.evaluate((a) => a.closest('tr')!.getAttribute('data-code')!);
        await link.tap();
        await page.waitForFunction(
          (c) => (window as unknown as { __mapState: { view: { area: string } } }).__mapState.view.area === c,
          code
        );
        await page.waitForSelector(`[data-testid="ranking"] tbody tr[data-code^="${code}-"]`);
        return code;
      };
      const subDistrict = await drill();
      const community = await drill();
      expect(community.startsWith(`${subDistrict}-`)).toBe(true);
      await page.goBack();
      await page.waitForFunction(
        (c) => (window as unknown as { __mapState: { view: { area: string } } }).__mapState.view.area === c,
        subDistrict
      );
      await page.goBack();
      await page.waitForFunction(
        (c) => (window as unknown as { __mapState: { view: { area: string } } }).__mapState.view.area === c,
        district
      );
      expect(new URL(page.url()).pathname).toBe('/');
    } finally {
      await context.close();
    }
  });
});
