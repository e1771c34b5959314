/**
 * The planner's export → import round trip in Chromium, as a planner does it on /plan: download a
 * community's grids with the export link, import the same file (the page's dry run), save. With one
 * exact topology (docs/topology.md) the file is accepted and the stored grids stay as they were:
 * same versions, same coordinates.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../support/app';
import { chromiumLocation, launchChromium } from '../support/chromium';
import { requireCapability } from '../support/ci';
import { DEMO_USERS } from '../../src/lib/server/auth/users';

const shots = join(repoRoot, 'test-results', 'e2e');
const planner = DEMO_USERS.find((u) => u.username === 'planner')!;
/** Untouched communities: away from the ones plan.test.ts edits (370105-002-002) and the permission matrix's 370105-008. */
const COMMUNITIES = ['370105-003-001', '370105-006-002', '370105-014-001'];

interface PlanBody {
  revision: number;
  children: { features: { id: number; geometry: unknown; properties: { code: string } }[] };
}

const run = requireCapability('Chromium end-to-end', chromiumLocation.available, chromiumLocation.why);

describe.skipIf(!run)('planner export → import round trip', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    // Generous waits for a loaded 2-core CI machine; nothing is timed.
    page.setDefaultNavigationTimeout(120_000);
    page.setDefaultTimeout(120_000);
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    await page.goto(`${baseUrl}/signin?next=${encodeURIComponent('/plan')}`);
    await page.fill('[data-testid="signin-form"] input[name="username"]', planner.username);
    await page.fill('[data-testid="signin-form"] input[name="password"]', planner.password);
    await Promise.all([page.waitForURL(/\/plan/), page.click('[data-testid="signin-form"] button[type="submit"]')]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const planOf = async (code: string): Promise<PlanBody> => {
    const res = await page.request.get(`${baseUrl}/api/plan/${code}`);
    expect(res.status()).toBe(200);
    return (await res.json()) as PlanBody;
  };

  it.each(COMMUNITIES)(
    '%s: the exported file is accepted by the dry run and the save, and nothing changes',
    async (code) => {
      await page.goto(`${baseUrl}/plan?area=${code}`);
      await page.waitForSelector('[data-testid="plan-panel"][data-ready="true"]', { timeout: 150_000 });
      const before = await planOf(code);

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export"]')]);
      const file = await download.path();
      expect(file).toBeTruthy();

      const dryRun = page.waitForResponse((r) => r.url().includes(`/api/plan/${code}/geojson?dryRun=true`));
      await page.setInputFiles('[data-testid="import"]', file!);
      const dry = await dryRun;
      expect(dry.status(), await dry.text()).toBe(200);
      await page.waitForSelector('[data-testid="message"][data-kind="ok"]');

      const saved = page.waitForResponse(
        (r) => r.url().endsWith(`/api/plan/${code}`) && r.request().method() === 'POST'
      );
      await page.click('[data-testid="save"]');
      const answer = await saved;
      expect(answer.status(), await answer.text()).toBe(200);
      expect(((await answer.json()) as { changed: boolean }).changed).toBe(false);
      await page.waitForSelector('[data-testid="message"][data-kind="ok"]');
      expect(await page.textContent('[data-testid="message"]')).toContain('未保存新版本');
      await page.screenshot({ path: join(shots, `plan-roundtrip-${code}.png`) });

      const after = await planOf(code);
      expect(after.revision).toBe(before.revision);
      expect(after.children.features.map((f) => [f.id, f.properties.code, f.geometry])).toEqual(
        before.children.features.map((f) => [f.id, f.properties.code, f.geometry])
      );
      expect(problems).toEqual([]);
    }
  );

  it("a 2 MB file (within the documented 5 MB) is read, and a 5.5 MB one gets the planner's own 413 message", async () => {
    const code = COMMUNITIES[0]!;
    const exported = await (await page.request.get(`${baseUrl}/api/plan/${code}/geojson`)).text();
    const post = (body: string) =>
      page.request.post(`${baseUrl}/api/plan/${code}/geojson?dryRun=true`, {
        data: body,
        headers: { 'content-type': 'application/geo+json' }
      });
    const padded = await post(exported.replace(/^\{/, '{' + ' '.repeat(2_000_000)));
    expect(padded.status(), await padded.text()).toBe(200);
    const tooLarge = await post(exported.replace(/^\{/, '{' + ' '.repeat(5_500_000)));
    expect(tooLarge.status()).toBe(413);
    expect(((await tooLarge.json()) as { message: string }).message).toContain('5 MB');
  });
});
