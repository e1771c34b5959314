/**
 * The command map as a person sees it: real Chromium (SwiftShader WebGL2) signs in as the demo
 * commander through the sign-in form, loads `/` from the built app, and the grid and enterprise
 * layers are drawn from the API's data (fetched with the same session) without touching the network.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../support/app';
import { chromiumLocation, isLocalRequest, launchChromium } from '../support/chromium';
import { requireCapability } from '../support/ci';
import { DEMO_USERS } from '../../src/lib/server/auth/users';
import { DEFAULT_LOCALE, translator } from '../../src/lib/i18n/messages';

const viewport = { width: 1280, height: 800 };
const screenshotPath = join(repoRoot, 'test-results', 'e2e', 'command-map.png');

/** The test hooks the page exposes (see the app's map component). */
interface MapTestHooks {
  __map?: { getCanvas(): HTMLCanvasElement };
  __overlay?: {
    pickObjects(opts: { x: number; y: number; width: number; height: number; layerIds?: string[] }): {
      layer: { id: string } | null;
    }[];
  };
}

const commander = DEMO_USERS.find((u) => u.username === 'commander')!;

const run = requireCapability('Chromium end-to-end', chromiumLocation.available, chromiumLocation.why);

describe.skipIf(!run)('command map page /', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport });
    page = await context.newPage();
    // Generous waits for a loaded 2-core CI machine (as in command-map.test.ts); nothing is timed.
    page.setDefaultNavigationTimeout(120_000);
    page.setDefaultTimeout(120_000);
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    // Sign in the way a person does: the form, then the redirect to the map it asked for.
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(`${baseUrl}/signin?next=%2F`);
    await page.fill('[data-testid="signin-form"] input[name="username"]', commander.username);
    await page.fill('[data-testid="signin-form"] input[name="password"]', commander.password);
    await Promise.all([
      page.waitForURL(`${baseUrl}/`),
      page.click('[data-testid="signin-form"] button[type="submit"]')
    ]);
    try {
      await page.waitForSelector('[data-testid="map"][data-ready="true"]', { timeout: 150_000 });
    } catch (err) {
      await page.screenshot({ path: screenshotPath.replace(/\.png$/, '-not-ready.png') }).catch(() => {});
      throw new Error(`The map never became ready: ${(err as Error).message}\n${problems.join('\n')}`, { cause: err });
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('hands the layers as many grids and enterprises as the API returns', async () => {
    // page.request shares the browser context's cookies: the API answers for the same session.
    const grids = (await (await page.request.get(`${baseUrl}/api/map/grids`, { timeout: 120_000 })).json()) as {
      features: unknown[];
    };
    const enterprises = (await (
      await page.request.get(`${baseUrl}/api/map/enterprises`, { timeout: 120_000 })
    ).json()) as { count: number };
    const map = page.locator('[data-testid="map"]');
    const shown = {
      grids: Number(await map.getAttribute('data-grid-count')),
      enterprises: Number(await map.getAttribute('data-enterprise-count'))
    };

    expect(grids.features.length).toBeGreaterThan(0);
    expect(enterprises.count).toBeGreaterThan(0);
    expect(shown).toEqual({ grids: grids.features.length, enterprises: enterprises.count });
  });

  it('shows the signed-in user', async () => {
    const shown = await page.locator('[data-testid="user"]').textContent();
    const role = translator(DEFAULT_LOCALE)('user.role.commander');

    expect(shown?.trim()).toBe(`${commander.displayName} · ${role}`);
  });

  it('draws grid polygons and enterprise points that can be picked on screen', async () => {
    const picked = await page.evaluate(() => {
      const hooks = window as unknown as MapTestHooks;
      const canvas = hooks.__map!.getCanvas();
      const rect = { x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight };
      const count = (layerId: string) =>
        hooks.__overlay!.pickObjects({ ...rect, layerIds: [layerId] }).filter((p) => p.layer?.id === layerId).length;
      return { grids: count('grids'), enterprises: count('enterprises') };
    });

    expect(picked.grids).toBeGreaterThan(0);
    expect(picked.enterprises).toBeGreaterThan(0);
  });

  it('sends no request to a host other than 127.0.0.1 or localhost', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !isLocalRequest(url))).toEqual([]);
  });

  it('saves a screenshot of the loaded map', async () => {
    mkdirSync(join(repoRoot, 'test-results', 'e2e'), { recursive: true });
    const png = await page.screenshot({ path: screenshotPath });
    console.log(`e2e: screenshot ${screenshotPath}`);

    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
