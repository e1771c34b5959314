/**
 * The command map as a commander and as an inspector use it, in real Chromium (SwiftShader WebGL2):
 * the picture is drawn and each layer changes it, drill-down and the breadcrumb, the panel against
 * the analytics API, playback, shareable URLs, alerts that move the map, big-screen mode, the
 * briefing and CSV exports, keyboard operation, and the inspector's narrower scope.
 * Screenshots go to test-results/e2e/ and are listed in the output.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../support/app';
import { chromiumLocation, isLocalRequest, launchChromium } from '../support/chromium';
import { requireCapability } from '../support/ci';
import { changedShare, pixelStats } from '../support/pixels';
import { DEMO_USERS } from '../../src/lib/server/auth/users';
import { LAYER_IDS, type LayerId } from '../../src/lib/map/view-state';

const viewport = { width: 1440, height: 900 };
const shots = join(repoRoot, 'test-results', 'e2e');

interface Hooks {
  __map?: {
    getCenter(): { lng: number; lat: number };
    getZoom(): number;
    project(p: [number, number]): { x: number; y: number };
    loaded(): boolean;
    isMoving(): boolean;
  };
}

const run = requireCapability('Chromium end-to-end', chromiumLocation.available, chromiumLocation.why);

async function signIn(context: BrowserContext, baseUrl: string, username: string): Promise<Page> {
  const user = DEMO_USERS.find((u) => u.username === username)!;
  const page = await context.newPage();
  // Generous timeouts: the suite shares two cores with the app and its database.
  page.setDefaultNavigationTimeout(120_000);
  page.setDefaultTimeout(120_000);
  await page.goto(`${baseUrl}/signin`);
  await page.fill('[data-testid="signin-form"] input[name="username"]', user.username);
  await page.fill('[data-testid="signin-form"] input[name="password"]', user.password);
  // Each role lands on its own page (an inspector on /inspect); these tests look at the command map.
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/signin'),
    page.click('[data-testid="signin-form"] button[type="submit"]')
  ]);
  if (new URL(page.url()).pathname !== '/') await page.goto(`${baseUrl}/`);
  return page;
}

/** Wait until the map is ready, no map data request is in flight and MapLibre has stopped moving. */
async function settle(page: Page) {
  await page.waitForSelector('[data-testid="map"][data-ready="true"][data-busy="false"]', { timeout: 120_000 });
  await page.waitForFunction(
    () => {
      const m = (window as unknown as Hooks).__map;
      return !!m && m.loaded() && !m.isMoving();
    },
    undefined,
    { timeout: 60_000 }
  );
  // deck.gl draws on the next animation frames after its props change.
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150))))
  );
}

/** A screenshot of the map alone: the floating panels hidden for the moment. */
async function mapShot(page: Page, path?: string): Promise<Buffer> {
  const style = await page.addStyleTag({ content: '.panel, .top { visibility: hidden !important; }' });
  try {
    return await page.locator('[data-testid="map"]').screenshot(path ? { path } : {});
  } finally {
    await style.evaluate((el) => (el as HTMLElement).remove());
  }
}

async function currentArea(page: Page): Promise<string | null> {
  return page.locator('[data-testid="current-area"]').getAttribute('data-code');
}

/** Click the child area whose label point is `label` (the risk layer picks it and drills down). */
async function clickChild(page: Page, code: string) {
  const children = (await (
    await page.request.get(`${new URL(page.url()).origin}/api/map/areas?area=${code.split('-').slice(0, -1).join('-')}`)
  ).json()) as {
    children: { features: { properties: { code: string; label: [number, number] } }[] };
  };
  const label = children.children.features.find((f) => f.properties.code === code)!.properties.label;
  const box = (await page.locator('[data-testid="map"]').boundingBox())!;
  const p = await page.evaluate((l) => (window as unknown as Hooks).__map!.project(l), label);
  await page.mouse.click(box.x + p.x, box.y + p.y);
  await page.waitForFunction(
    (c) => document.querySelector('[data-testid="current-area"]')?.getAttribute('data-code') === c,
    code,
    { timeout: 30_000 }
  );
}

describe.skipIf(!run)('command map as the commander', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport, acceptDownloads: true });
    context.on('request', (r) => requests.push(r.url()));
    page = await signIn(context, baseUrl, 'commander');
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    await settle(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws a map that is not blank', async () => {
    const png = await mapShot(page, join(shots, 'command-district.png'));
    console.log(`e2e: screenshot ${join(shots, 'command-district.png')}`);
    const stats = await pixelStats(page, png);

    // A blank or single-colour canvas has a luminance spread near 0 and a handful of colours.
    expect(stats.stdLuma).toBeGreaterThan(15);
    expect(stats.distinctColours).toBeGreaterThan(200);
    expect(problems).toEqual([]);
  });

  it.each(LAYER_IDS.map((id) => [id]))('toggling layer %s changes the picture', async (id: LayerId) => {
    const box = page.getByTestId(`layer-${id}`);
    const before = await mapShot(page);
    await box.click();
    await settle(page);
    const after = await mapShot(page);
    await box.click();
    await settle(page);
    const restored = await mapShot(page);

    // More than 0.05 % of the map's pixels change with the layer, and come back without it.
    expect(await changedShare(page, before, after)).toBeGreaterThan(0.0005);
    expect(await changedShare(page, before, restored)).toBeLessThan(0.0005);
  });

  it('loads hazard and petition points as binary columns, not JSON', async () => {
    // By now the petition point and hex layers have been switched on (the toggles above).
    const points = requests.filter((u) => /\/api\/map\/(hazards|petitions)\?/.test(u));
    expect(points.some((u) => u.includes('/api/map/hazards?'))).toBe(true);
    expect(points.some((u) => u.includes('/api/map/petitions?'))).toBe(true);
    expect(points.filter((u) => !u.includes('format=bin'))).toEqual([]);
  });

  it('an opacity slider changes the picture and is kept in the URL', async () => {
    const before = await mapShot(page);
    await page.getByTestId('opacity-risk').fill('20');
    await settle(page);
    const after = await mapShot(page);

    expect(await changedShare(page, before, after)).toBeGreaterThan(0.01);
    expect(new URL(page.url()).searchParams.get('opacity')).toBe('risk:20');
    await page.getByTestId('opacity-risk').fill('70');
    await settle(page);
  });

  it('the panel shows the analytics API numbers for the area and window', async () => {
    const url = new URL(page.url());
    const area = (await currentArea(page))!;
    const from = await page.getByTestId('window-from').inputValue();
    const to = await page.getByTestId('window-to').inputValue();
    expect(url.searchParams.get('area')).toBeNull();
    await page.waitForSelector('[data-testid="pyramid-safety"] [data-tier="serious"]');
    await page.waitForSelector('[data-testid="ranking"] tbody tr');

    const api = (await (
      await page.request.get(`${baseUrl}/api/analytics/pyramid?area=${area}&domain=safety&from=${from}&to=${to}`)
    ).json()) as {
      pyramid: { tiers: { id: string; count: number }[] };
    };
    const shown = await page.$$eval('[data-testid="pyramid-safety"] [data-tier]', (els) =>
      els.map((e) => [e.getAttribute('data-tier'), Number(e.textContent)])
    );
    expect(shown).toEqual(api.pyramid.tiers.map((t) => [t.id, t.count]));

    const risk = (await (
      await page.request.get(`${baseUrl}/api/analytics/risk?area=${area}&from=${from}&to=${to}`)
    ).json()) as { scores: { code: string; score: number }[] };
    const ranking = await page.$$eval('[data-testid="ranking"] tbody tr[data-code]', (rows) =>
      rows.map((r) => [
        r.getAttribute('data-code'),
        Number(r.querySelector('[data-score]')!.getAttribute('data-score'))
      ])
    );
    expect(ranking).toEqual(risk.scores.map((s) => [s.code, s.score]));
  });

  it('drills down to a grid and back up with the breadcrumb; the URL follows', async () => {
    const district = (await currentArea(page))!;
    const sub = (await (await page.request.get(`${baseUrl}/api/map/areas?area=${district}`)).json()) as {
      children: { features: { properties: { code: string } }[] };
    };
    const subCode =
      sub.children.features.find((f) => f.properties.code.endsWith('-008'))?.properties.code ??
      sub.children.features[0]!.properties.code;
    await clickChild(page, subCode);
    const community = (
      (await (await page.request.get(`${baseUrl}/api/map/areas?area=${subCode}`)).json()) as {
        children: { features: { properties: { code: string } }[] };
      }
    ).children.features[0]!.properties.code;
    await settle(page);
    await clickChild(page, community);
    const grid = (
      (await (await page.request.get(`${baseUrl}/api/map/areas?area=${community}`)).json()) as {
        children: { features: { properties: { code: string } }[] };
      }
    ).children.features[0]!.properties.code;
    await settle(page);
    await clickChild(page, grid);
    await settle(page);

    expect(await page.locator('[data-testid="current-area"]').getAttribute('data-level')).toBe('grid');
    expect(new URL(page.url()).searchParams.get('area')).toBe(grid);
    const crumbs = await page.$$eval('[data-testid="breadcrumb"] a[data-code]', (as) =>
      as.map((a) => a.getAttribute('data-code'))
    );
    expect(crumbs).toEqual([district, subCode, community]);
    await page.waitForSelector('[data-testid="pyramid-safety"]');
    await mapShot(page, join(shots, 'command-grid.png'));
    console.log(`e2e: screenshot ${join(shots, 'command-grid.png')}`);
    const zoomedIn = await page.evaluate(() => (window as unknown as Hooks).__map!.getZoom());

    await page.click(`[data-testid="breadcrumb"] a[data-code="${district}"]`);
    await page.waitForFunction(
      (c) => document.querySelector('[data-testid="current-area"]')?.getAttribute('data-code') === c,
      district
    );
    await settle(page);
    expect(new URL(page.url()).searchParams.get('area')).toBeNull();
    expect(await page.evaluate(() => (window as unknown as Hooks).__map!.getZoom())).toBeLessThan(zoomedIn - 2);
  });

  it('Back after two drill-downs goes up one level each time, to the district', async () => {
    await page.goto(`${baseUrl}/`);
    await settle(page);
    const district = (await currentArea(page))!;
    const subCode = `${district}-008`;
    await clickChild(page, subCode);
    await settle(page);
    const community = (
      (await (await page.request.get(`${baseUrl}/api/map/areas?area=${subCode}`)).json()) as {
        children: { features: { properties: { code: string } }[] };
      }
    ).children.features[0]!.properties.code;
    await clickChild(page, community);
    await settle(page);
    const areaIs = (code: string) =>
      page.waitForFunction(
        (c) => document.querySelector('[data-testid="current-area"]')?.getAttribute('data-code') === c,
        code
      );
    await page.goBack();
    await areaIs(subCode);
    expect(new URL(page.url()).searchParams.get('area')).toBe(subCode);
    await page.goBack();
    await areaIs(district);
    expect(new URL(page.url()).searchParams.get('area')).toBeNull();
    // Still the app, not the page before it.
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goForward();
    await areaIs(subCode);
  });

  it('playback advances the window and changes the rendered points', async () => {
    // Hazard points only, so the change comes from the time filter.
    await page.goto(`${baseUrl}/?layers=hazards`);
    await settle(page);
    const whole = await mapShot(page);
    const from = await page.getByTestId('window-from').inputValue();
    await page.getByTestId('playback-position').fill('10');
    await settle(page);
    const early = await mapShot(page);
    const showing1 = await page.getByTestId('playback-showing').textContent();
    await page.getByTestId('playback-position').fill('60');
    await settle(page);
    const later = await mapShot(page);

    expect(new URL(page.url()).searchParams.get('t')).not.toBeNull();
    expect(showing1).toContain(from);
    expect(await changedShare(page, whole, early)).toBeGreaterThan(0.001);
    expect(await changedShare(page, early, later)).toBeGreaterThan(0.001);

    // Play: the position moves on by itself.
    const t0 = new URL(page.url()).searchParams.get('t');
    await page.getByTestId('play').click();
    await page.waitForFunction((t) => new URL(location.href).searchParams.get('t') !== t, t0, { timeout: 10_000 });
    await page.getByTestId('play').click();
    expect(await page.getByTestId('play').getAttribute('aria-pressed')).toBe('false');
  });

  it('a copied URL restores the same view in a new page', async () => {
    await page.goto(
      `${baseUrl}/?area=370105-008&layers=risk,hazards,hotspots&from=2026-05-01&to=2026-09-30&t=2026-07-15&mode=sliding&speed=4&opacity=hazards:60`
    );
    await settle(page);
    const url = page.url();
    const state = async (p: Page) => ({
      area: await currentArea(p),
      layers: await Promise.all(LAYER_IDS.map((id) => p.getByTestId(`layer-${id}`).isChecked())),
      from: await p.getByTestId('window-from').inputValue(),
      to: await p.getByTestId('window-to').inputValue(),
      showing: await p.getByTestId('playback-showing').textContent(),
      mode: await p.getByTestId('playback-mode').inputValue(),
      speed: await p.getByTestId('playback-speed').inputValue(),
      center: await p.evaluate(() => {
        const c = (window as unknown as Hooks).__map!.getCenter();
        return [c.lng, c.lat];
      })
    });
    const original = await state(page);
    const other = await context.newPage();
    await other.goto(url);
    await settle(other);
    const restored = await state(other);
    await other.close();

    // The same view: the same state, and a centre within 0.001° (~100 m; fitting the area's bounds
    // lands a few pixels apart when the two pages settle at different moments).
    const { center: c1, ...rest1 } = original;
    const { center: c2, ...rest2 } = restored;
    expect(rest2).toEqual(rest1);
    expect(Math.abs(c2[0]! - c1[0]!)).toBeLessThan(0.001);
    expect(Math.abs(c2[1]! - c1[1]!)).toBeLessThan(0.001);
    expect(original).toMatchObject({
      area: '370105-008',
      from: '2026-05-01',
      to: '2026-09-30',
      mode: 'sliding',
      speed: '4'
    });
    expect(original.showing).toContain('2026-07-09');
  });

  it('an alert link moves the map onto its site and its grid', async () => {
    await page.goto(`${baseUrl}/`);
    await settle(page);
    const link = page.locator('[data-alert="overdue-hazards"] [data-testid="alert-link"]').first();
    await link.waitFor();
    const grid = await link.getAttribute('data-grid');
    const target = [Number(await link.getAttribute('data-lon')), Number(await link.getAttribute('data-lat'))];
    const before = await page.evaluate(() => (window as unknown as Hooks).__map!.getZoom());
    await link.click();
    await page.waitForFunction(
      (c) => document.querySelector('[data-testid="current-area"]')?.getAttribute('data-code') === c,
      grid
    );
    await page.waitForFunction(() => (window as unknown as Hooks).__map!.getZoom() > 16.5, undefined, {
      timeout: 15_000
    });
    await settle(page);
    const center = await page.evaluate(() => (window as unknown as Hooks).__map!.getCenter());

    expect(before).toBeLessThan(13);
    expect(center.lng).toBeCloseTo(target[0]!, 3);
    expect(center.lat).toBeCloseTo(target[1]!, 3);
  });

  it('exports the inspection list as CSV with one row per pick', async () => {
    await page.goto(`${baseUrl}/?area=370105-008`);
    await settle(page);
    await page.getByTestId('csv-inspections').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-inspections').click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    const to = await page.getByTestId('window-to').inputValue();
    const api = (await (
      await page.request.get(`${baseUrl}/api/analytics/inspection-priorities?area=370105-008&asOf=${to}`)
    ).json()) as { picks: { id: string }[] };
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');

    expect(lines.length).toBe(api.picks.length + 1);
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(api.picks.map((p) => p.id));
  });

  it('the printable briefing lists the same priorities', async () => {
    const briefing = await context.newPage();
    await briefing.goto(`${baseUrl}/briefing?area=370105-008&day=2026-11-20`);
    const rows = await briefing.locator('[data-testid="briefing-inspections"] tbody tr').count();
    const api = (await (
      await page.request.get(`${baseUrl}/api/analytics/inspection-priorities?area=370105-008&asOf=2026-11-20`)
    ).json()) as { picks: unknown[] };
    await briefing.pdf({ path: join(shots, 'briefing.pdf'), format: 'A4' }).catch(() => {});
    const bad = await briefing.goto(`${baseUrl}/briefing?area=nowhere&day=2026-11-20`);
    await briefing.close();

    expect(rows).toBe(api.picks.length);
    expect(bad?.status()).toBe(400);
  });

  it('big-screen mode: dark, no chrome, larger type', async () => {
    await page.goto(`${baseUrl}/?screen=1`);
    await settle(page);
    await page.screenshot({ path: join(shots, 'command-screen.png') });
    console.log(`e2e: screenshot ${join(shots, 'command-screen.png')}`);
    const look = await page.evaluate(() => ({
      background: getComputedStyle(document.querySelector('main')!).backgroundColor,
      fontSize: parseFloat(getComputedStyle(document.querySelector('main')!).fontSize),
      steering: !!document.querySelector('[data-testid="steering"]'),
      user: !!document.querySelector('[data-testid="user"]')
    }));

    expect(look).toEqual({ background: 'rgb(11, 22, 34)', fontSize: 18, steering: false, user: false });
  });

  it('is operable from the keyboard: a layer toggles with Space, playback starts with Enter', async () => {
    await page.goto(`${baseUrl}/`);
    await settle(page);
    const reach = async (testid: string) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testid) return true;
      }
      return false;
    };
    expect(await reach('layer-grids')).toBe(true);
    await page.keyboard.press('Space');
    expect(await page.getByTestId('layer-grids').isChecked()).toBe(false);
    expect(await reach('play')).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('play').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Enter');
  });

  it('sends no request to a host other than 127.0.0.1 or localhost', () => {
    expect(requests.length).toBeGreaterThan(20);
    expect(requests.filter((u) => !isLocalRequest(u))).toEqual([]);
  });
});

describe.skipIf(!run)('command map as an inspector of one sub-district', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport });
    context.on('request', (r) => requests.push(r.url()));
    page = await signIn(context, baseUrl, 'inspector');
    await settle(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens on the inspector’s sub-district with no way up to the district', async () => {
    const inspector = DEMO_USERS.find((u) => u.username === 'inspector')!;
    expect(await currentArea(page)).toBe(inspector.homeAreaCode);
    expect(await page.locator('[data-testid="breadcrumb"] a[data-code]').count()).toBe(0);

    await page.goto(`${baseUrl}/?area=370105`);
    await settle(page);
    expect(await currentArea(page)).toBe(inspector.homeAreaCode);
  });

  it('shows only the grids, hazards and enterprises of that scope, and no petition layer', async () => {
    const map = page.locator('[data-testid="map"]');
    const grids = (await (await page.request.get(`${baseUrl}/api/map/grids`)).json()) as {
      features: { properties: { code: string } }[];
    };
    const from = await page.getByTestId('window-from').inputValue();
    const to = await page.getByTestId('window-to').inputValue();
    const hazards = (await (await page.request.get(`${baseUrl}/api/map/hazards?from=${from}&to=${to}`)).json()) as {
      count: number;
    };
    const all = (await (await page.request.get(`${baseUrl}/api/map/hazards`)).json()) as {
      count: number;
      ids: number[];
    };
    const commander = (await (await page.context().request.get(`${baseUrl}/api/health`)).json()) as {
      counts: { hazard: number };
    };

    expect(grids.features.every((f) => f.properties.code.startsWith('370105-008-'))).toBe(true);
    expect(Number(await map.getAttribute('data-grid-count'))).toBe(grids.features.length);
    expect(Number(await map.getAttribute('data-hazard-count'))).toBe(hazards.count);
    expect(hazards.count).toBeGreaterThan(0);
    expect(all.count).toBeLessThan(commander.counts.hazard);
    for (const id of ['petitionHeat', 'petitionHex', 'petitionPoints', 'hotspots'] as const) {
      expect(await page.getByTestId(`layer-${id}`).isDisabled()).toBe(true);
    }
    expect(await page.locator('[data-testid="pyramid-stability"]').count()).toBe(0);
    const petitionCalls = requests.filter((u) =>
      /\/api\/(map\/petitions|analytics\/mediation-allocation)|kind=petition|domain=stability|series=petitions/.test(u)
    );
    expect(petitionCalls).toEqual([]);
  });
});
