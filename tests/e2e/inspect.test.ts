/**
 * The inspector's page on a phone: real Chromium with a 375×812 viewport signs in as the demo
 * inspector, takes its position from (emulated) geolocation, sees the nearby list in the order the
 * API gives, builds a route, goes offline (Playwright's offline mode), records two visits, comes
 * back online, and the server holds each visit exactly once with the hazard's status changed.
 * Also: malformed and out-of-area submits are refused with 4xx and write nothing.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../support/app';
import { chromiumLocation, launchChromium } from '../support/chromium';
import { requireCapability } from '../support/ci';
import { DEMO_USERS } from '../../src/lib/server/auth/users';

const shots = join(repoRoot, 'test-results', 'e2e');
const inspector = DEMO_USERS.find((u) => u.username === 'inspector')!;
const commander = DEMO_USERS.find((u) => u.username === 'commander')!;

interface NearbySite {
  id: string;
  kind: 'enterprise' | 'hazard_site';
  refId: number;
  hazards: { id: number; level: 'general' | 'major'; status: string }[];
}

const run = requireCapability('Chromium end-to-end', chromiumLocation.available, chromiumLocation.why);

async function signIn(page: Page, baseUrl: string, user: { username: string; password: string }, next: string) {
  // The command map (next = '/') is the heaviest page to load; a loaded 2-core CI machine can take
  // longer than Playwright's default 30 s (as in the command map's own tests).
  // Sign-in hashes a password and renders the map page: minutes when the CI machine runs two suites.
  page.setDefaultNavigationTimeout(300_000);
  page.setDefaultTimeout(300_000);
  await page.goto(`${baseUrl}${next}`);
  await page.waitForURL(`${baseUrl}/signin?next=${encodeURIComponent(next)}`);
  await page.fill('[data-testid="signin-form"] input[name="username"]', user.username);
  await page.fill('[data-testid="signin-form"] input[name="password"]', user.password);
  await Promise.all([
    page.waitForURL(`${baseUrl}${next}`),
    page.click('[data-testid="signin-form"] button[type="submit"]')
  ]);
}

async function shot(page: Page, name: string) {
  const path = join(shots, name);
  await page.screenshot({ path });
  console.log(`e2e: screenshot ${path}`);
}

describe.skipIf(!run)('inspector page /inspect on a phone', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let start: { lon: number; lat: number };
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium();
    // Start where a hazard of the inspector's sub-district is: read through the commander's API.
    const probe = await browser.newContext();
    const cp = await probe.newPage();
    await signIn(cp, baseUrl, commander, '/');
    const grids = (await (await cp.request.get(`${baseUrl}/api/map/grids`)).json()) as {
      features: { properties: { code: string } }[];
    };
    expect(grids.features.some((g) => g.properties.code.startsWith('370105-008-'))).toBe(true);
    const ent = (await (await cp.request.get(`${baseUrl}/api/map/enterprises`)).json()) as {
      ids: number[];
      positions: number[];
    };
    await probe.close();
    // The inspector's own sites decide: take the enterprise the inspector's nearby list ranks from
    // the district's first enterprise position, then stand next to the first one in their area.
    start = { lon: ent.positions[0]!, lat: ent.positions[1]! };

    context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      geolocation: { longitude: start.lon, latitude: start.lat },
      permissions: ['geolocation']
    });
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(msg.text()))
        problems.push(`console.error: ${msg.text()}`);
    });
    await signIn(page, baseUrl, inspector, '/inspect');
    // Move to a point inside the inspector's area: the first site of their own nearby list.
    const own = (await (
      await page.request.get(`${baseUrl}/api/inspect/nearby?lon=${start.lon}&lat=${start.lat}&radius=20000&limit=200`)
    ).json()) as {
      sites: (NearbySite & { lon: number; lat: number })[];
    };
    const withHazards = own.sites.find((s) => s.kind === 'enterprise' && s.hazards.length > 0) ?? own.sites[0]!;
    start = { lon: withHazards.lon + 0.0003, lat: withHazards.lat + 0.0002 };
    await context.setGeolocation({ longitude: start.lon, latitude: start.lat });
    await page.waitForSelector('[data-testid="inspect-map"][data-ready="true"]', { timeout: 150_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('takes the position from geolocation and lists the nearby sites in the order the API gives', async () => {
    await page.click('[data-testid="locate"]');
    await page.waitForSelector('[data-testid="site"]');
    const query = (await page.locator('[data-testid="nearby-list"]').getAttribute('data-query'))!;
    const shown = await page
      .locator('[data-testid="site"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-site-id')));
    const api = (await (await page.request.get(`${baseUrl}/api/inspect/nearby?${query}`)).json()) as {
      sites: NearbySite[];
    };
    const pos = await page.locator('[data-testid="position"]');
    await shot(page, 'inspect-phone-nearby.png');

    expect({
      lon: Number(await pos.getAttribute('data-lon')),
      lat: Number(await pos.getAttribute('data-lat'))
    }).toEqual(start);
    expect(api.sites.length).toBeGreaterThan(1);
    expect(shown).toEqual(api.sites.map((s) => s.id));
  });

  it('builds a route within the time budget and shows it on the map', async () => {
    await page.fill('[data-testid="budget"]', '180');
    await page.click('[data-testid="auto-route"]');
    const summary = page.locator('[data-testid="route-summary"]');
    await summary.waitFor();
    const stops = Number(await summary.getAttribute('data-stops'));
    const minutes = Number(await summary.getAttribute('data-minutes'));
    const listed = await page.locator('[data-testid="route-list"] li[data-route-site-id]').count();
    await page.locator('[data-testid="route-list"]').scrollIntoViewIfNeeded();
    await shot(page, 'inspect-phone-route.png');

    expect(stops).toBeGreaterThan(0);
    expect(listed).toBe(stops);
    expect(minutes).toBeLessThanOrEqual(180);
  });

  it('exports the route as GPX: the start and every stop, in order', async () => {
    const ids = await page
      .locator('[data-testid="route-list"] li[data-route-site-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-route-site-id')));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="gpx"]')]);
    const gpx = readFileSync((await download.path())!, 'utf8');
    const rtept = [...gpx.matchAll(/<rtept lat="([-0-9.]+)" lon="([-0-9.]+)">/g)];

    expect(download.suggestedFilename()).toMatch(/^route-\d{4}-\d{2}-\d{2}\.gpx$/);
    expect(gpx).toContain('<gpx version="1.1"');
    expect(rtept.length).toBe(ids.length + 1);
    expect([...gpx.matchAll(/<wpt /g)].length).toBe(ids.length);
  });

  it('records two visits offline, syncs them once back online, and the hazard is verified', async () => {
    const sites = (await (
      await page.request.get(
        `${baseUrl}/api/inspect/nearby?${(await page.locator('[data-testid="nearby-list"]').getAttribute('data-query'))!}`
      )
    ).json()) as { sites: NearbySite[] };
    // A general hazard: one found fixed on site may be verified in one step (a major one only once rectified).
    const first = sites.sites.find((s) => s.kind === 'enterprise' && s.hazards.some((h) => h.level === 'general'))!;
    const second = sites.sites.find((s) => s.id !== first.id)!;
    const resolvedHazard = first.hazards.find((h) => h.level === 'general')!;
    const hazardId = resolvedHazard.id;
    const before = (await (await page.request.get(`${baseUrl}/api/inspect/visits`)).json()) as {
      visits: { key: string }[];
    };

    await context.setOffline(true);
    await page.waitForSelector('[data-testid="queue-state"][data-online="false"]');

    // Visit 1: the hazard seen rectified and checked (verified).
    await page.click(`[data-site-id="${first.id}"] [data-testid="record"]`);
    await page.selectOption(`[data-testid="resolve-hazard"][data-hazard-id="${hazardId}"] select`, 'verified');
    await page.click('[data-testid="visit-save"]');
    await page.waitForSelector('[data-testid="queue-state"][data-pending="1"]');
    // Visit 2: a new general hazard found.
    await page.click(`[data-site-id="${second.id}"] [data-testid="record"]`);
    await page.click('[data-testid="add-found"]');
    await page.fill('[data-testid="found-hazard"] input:not([type])', '疏散通道堆放杂物');
    await page.click('[data-testid="visit-save"]');
    await page.waitForSelector('[data-testid="queue-state"][data-pending="2"]');
    await page.locator('[data-testid="queue-list"]').scrollIntoViewIfNeeded();
    await shot(page, 'inspect-phone-offline-queue.png');
    const statusWhileOffline = (await page.locator('[data-testid="queue-state"]').textContent())!.trim();

    await context.setOffline(false);
    await page.waitForSelector('[data-testid="queue-state"][data-pending="0"][data-synced="2"]');
    await shot(page, 'inspect-phone-synced.png');

    const after = (await (await page.request.get(`${baseUrl}/api/inspect/visits`)).json()) as {
      visits: {
        key: string;
        site: { kind: string; id: number };
        hazardsResolved: { id: number; to: string }[];
        hazardsFound: number[];
      }[];
    };
    const fresh = after.visits.filter((v) => !before.visits.some((b) => b.key === v.key));
    const hazard = (await (await page.request.get(`${baseUrl}/api/hazards/${hazardId}`)).json()) as { status: string };

    expect(statusWhileOffline).toMatch(/2/);
    expect(fresh.map((v) => `${v.site.kind}-${v.site.id}`).sort()).toEqual([first.id, second.id].sort());
    expect(new Set(fresh.map((v) => v.key)).size).toBe(2);
    expect(fresh.find((v) => `${v.site.kind}-${v.site.id}` === first.id)!.hazardsResolved).toEqual([
      { id: hazardId, from: resolvedHazard.status, to: 'verified' }
    ]);
    expect(fresh.find((v) => `${v.site.kind}-${v.site.id}` === second.id)!.hazardsFound.length).toBe(1);
    expect(hazard.status).toBe('verified');
    expect(problems).toEqual([]);
  });

  it('tells an offline inspector at once that a note holds a phone number, and saves only without it', async () => {
    const site = (
      (await (
        await page.request.get(
          `${baseUrl}/api/inspect/nearby?${(await page.locator('[data-testid="nearby-list"]').getAttribute('data-query'))!}`
        )
      ).json()) as { sites: NearbySite[] }
    ).sites[0]!;
    await context.setOffline(true);
    await page.waitForSelector('[data-testid="queue-state"][data-online="false"]');
    await page.click(`[data-site-id="${site.id}"] [data-testid="record"]`);
    await page.fill('[data-testid="visit-form"] textarea', '住户电话１３８ １２３４ ５６７８');
    const warning = (await page.locator('[data-testid="personal-data-warning"]').textContent())!.trim();
    const disabledWithPhone = await page.locator('[data-testid="visit-save"]').isDisabled();
    await page.fill('[data-testid="visit-form"] textarea', '3号楼消防通道堵塞，整改期限30天');
    await page.waitForSelector('[data-testid="personal-data-warning"]', { state: 'detached' });
    const disabledWithout = await page.locator('[data-testid="visit-save"]').isDisabled();
    await page.click('[data-testid="visit-cancel"]');
    await context.setOffline(false);
    await page.waitForSelector('[data-testid="queue-state"][data-online="true"]');

    expect(warning).toBe('备注中似乎含有手机号码（138****5678），请删除：本系统只记录地点和隐患，不记录个人信息。');
    expect([disabledWithPhone, disabledWithout]).toEqual([true, false]);
  });

  it('answers a replayed submit with the first receipt, and stores nothing twice', async () => {
    const site = (
      (await (
        await page.request.get(
          `${baseUrl}/api/inspect/nearby?${(await page.locator('[data-testid="nearby-list"]').getAttribute('data-query'))!}`
        )
      ).json()) as { sites: NearbySite[] }
    ).sites[0]!;
    const body = {
      key: randomUUID(),
      site: { kind: site.kind, id: site.refId },
      at: new Date().toISOString(),
      note: 'replay'
    };
    const headers = { origin: baseUrl };
    const a = await page.request.post(`${baseUrl}/api/inspect/visits`, { data: body, headers });
    const b = await page.request.post(`${baseUrl}/api/inspect/visits`, { data: body, headers });
    const visits = (await (await page.request.get(`${baseUrl}/api/inspect/visits`)).json()) as {
      visits: { key: string }[];
    };
    const ra = (await a.json()) as { inspectionId: number };
    const rb = (await b.json()) as { inspectionId: number; replayed: boolean };

    expect([a.status(), b.status()]).toEqual([201, 200]);
    expect(rb).toMatchObject({ inspectionId: ra.inspectionId, replayed: true });
    expect(visits.visits.filter((v) => v.key === body.key).length).toBe(1);
  });

  it('refuses malformed and out-of-area submits with 4xx and a reason, writing nothing', async () => {
    const headers = { origin: baseUrl };
    const post = async (data: unknown) => {
      const res = await page.request.post(`${baseUrl}/api/inspect/visits`, { data, headers });
      return { status: res.status(), message: ((await res.json()) as { message: string }).message };
    };
    const before = ((await (await page.request.get(`${baseUrl}/api/inspect/visits`)).json()) as { visits: unknown[] })
      .visits.length;
    // An enterprise outside 370105-008: the commander's list of the district minus the inspector's own.
    const mine = new Set(
      ((await (await page.request.get(`${baseUrl}/api/map/enterprises`)).json()) as { ids: number[] }).ids
    );
    const cmd = await browser.newContext();
    const cp = await cmd.newPage();
    await signIn(cp, baseUrl, commander, '/');
    const all = ((await (await cp.request.get(`${baseUrl}/api/map/enterprises`)).json()) as { ids: number[] }).ids;
    await cmd.close();
    const outside = all.find((id) => !mine.has(id))!;

    const results = [
      await post({ site: { kind: 'enterprise', id: 1 }, at: new Date().toISOString() }),
      await post({ key: 'not-a-uuid', site: { kind: 'enterprise', id: 1 }, at: new Date().toISOString() }),
      await post({
        key: randomUUID(),
        site: { kind: 'enterprise', id: [...mine][0] },
        at: new Date().toISOString(),
        note: '联系电话 13812345678'
      }),
      await post({ key: randomUUID(), site: { kind: 'enterprise', id: outside }, at: new Date().toISOString() })
    ];
    const after = ((await (await page.request.get(`${baseUrl}/api/inspect/visits`)).json()) as { visits: unknown[] })
      .visits.length;

    expect(results).toEqual([
      // The page's language (zh-CN, the default): every refusal from the catalogue.
      { status: 400, message: '巡查记录无效：字段“key”不符合要求（应为每次巡查生成一次的 UUID）。' },
      { status: 400, message: '巡查记录无效：字段“key”不符合要求（应为每次巡查生成一次的 UUID）。' },
      { status: 422, message: expect.stringContaining('“note”疑似含有手机号码（138****5678）') },
      { status: 404, message: `您的辖区内没有编号为 ${outside} 的企业。` }
    ]);
    expect(after).toBe(before);
  });

  it('sets the position by a tap on the map', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = (await page.locator('[data-testid="inspect-map"]').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.6);
    const pos = page.locator('[data-testid="position"]');
    await page.waitForFunction(
      (s) => document.querySelector('[data-testid="position"]')?.getAttribute('data-lon') !== String(s),
      start.lon
    );
    const lon = Number(await pos.getAttribute('data-lon'));

    expect(Number.isFinite(lon)).toBe(true);
    expect(lon).not.toBe(start.lon);
  });

  it('works at desktop size too', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    // Until MapLibre has resized its canvas to the new container (its resize observer), not a fixed time.
    await page.waitForFunction(() => {
      const map = (window as unknown as { __map?: { getCanvas(): HTMLCanvasElement } }).__map;
      const box = document.querySelector('[data-testid="inspect-map"]')?.getBoundingClientRect();
      return !!map && !!box && Math.abs(map.getCanvas().getBoundingClientRect().width - box.width) < 1;
    });
    await shot(page, 'inspect-desktop.png');
    const mapBox = (await page.locator('[data-testid="inspect-map"]').boundingBox())!;
    const listBox = (await page.locator('[data-testid="nearby-list"]').boundingBox())!;

    // Side by side: the list starts to the right of the map.
    expect(listBox.x).toBeGreaterThanOrEqual(mapBox.x + mapBox.width - 1);
  });

  // Runs late: it reloads the page, which forgets the position the earlier tests set.
  it('a visit the server refuses at sync is edited and sent again, with the hazards it found intact', async () => {
    const site = (
      (await (
        await page.request.get(
          `${baseUrl}/api/inspect/nearby?${(await page.locator('[data-testid="nearby-list"]').getAttribute('data-query'))!}`
        )
      ).json()) as { sites: NearbySite[] }
    ).sites.find((s) => s.kind === 'enterprise')!;
    const before = (await (await page.request.get(`${baseUrl}/api/inspect/visits`)).json()) as {
      visits: { key: string }[];
    };
    // A visit queued on this phone that the server refuses: saved by an earlier version of the page
    // that did not screen notes (the page screens them now, so it is written to the queue directly).
    const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await page.evaluate(
      async ({ refId, deadline }) => {
        const key = crypto.randomUUID();
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('pingan-inspect', 1);
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('visits', 'readwrite');
          tx.objectStore('visits').put({
            key,
            body: {
              key,
              site: { kind: 'enterprise', id: refId },
              at: new Date().toISOString(),
              note: '住户电话 13812345678',
              found: [{ level: 'general', description: '楼道堆放杂物', deadline }],
              resolved: []
            },
            label: '旧版本保存的巡查',
            state: 'pending',
            attempts: 0,
            savedAt: new Date().toISOString()
          });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { refId: site.refId, deadline }
    );
    await page.reload();
    await page.waitForSelector('[data-testid="queue-state"][data-failed="1"]');
    const badge = page.locator('[data-testid="queue-state"]');
    const badgeRefused = await badge.evaluate((el) => el.classList.contains('refused'));
    const refusal = (await page.locator('[data-testid="queued-visit"][data-state="failed"]').textContent())!;
    await shot(page, 'inspect-phone-refused-visit.png');

    await page.click('[data-testid="queued-edit"]');
    const form = page.locator('[data-testid="queue-list"] [data-testid="visit-form"]');
    const kept = await form.locator('[data-testid="found-hazard"] input:not([type])').inputValue();
    const blocked = await form.locator('[data-testid="visit-save"]').isDisabled();
    await form.locator('textarea').fill('楼道堆放杂物，已告知物业');
    await form.locator('[data-testid="visit-save"]').click();
    await page.waitForSelector('[data-testid="queue-state"][data-failed="0"][data-pending="0"]');

    const after = (await (await page.request.get(`${baseUrl}/api/inspect/visits`)).json()) as {
      visits: { key: string; site: { kind: string; id: number }; hazardsFound: number[] }[];
    };
    const fresh = after.visits.filter((v) => !before.visits.some((b) => b.key === v.key));
    expect(badgeRefused).toBe(true);
    expect(refusal).toContain('手机号码');
    expect(kept).toBe('楼道堆放杂物');
    expect(blocked).toBe(true);
    expect(fresh.map((v) => [v.site.kind, v.site.id, v.hazardsFound.length])).toEqual([['enterprise', site.refId, 1]]);
  });
});
