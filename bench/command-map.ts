/**
 * The command map in Chromium, against a baseline in the same browser and run: hazard sites and
 * petition cases drawn by deck.gl from binary columns with GPU time filtering (what the page does),
 * versus the same points as a MapLibre GeoJSON source with a circle layer whose filter is changed
 * per day (the usual way, and the baseline). Each measure is record()ed with the baseline's figure
 * (ratio = ours ÷ baseline, below 1 is better):
 * - first frame: navigation → the map ready with every point drawn and no request in flight;
 *   for the baseline, navigation → the bare map ready + building the GeoJSON source → MapLibre idle.
 * - scrub frame, median and p95: one step of the time window (the playback position moved by a
 *   day) → the next frame drawn with the new filter (deck.gl), or → MapLibre idle after setFilter.
 * - a working day (issue 16), from a browser that has never seen the app: sign-in → every layer and
 *   panel complete (every panel request of the view answered, nothing in flight, the map drawn and
 *   idle); drill-down district → first 街道 complete; window change (近30天) complete. Each against
 *   the sum of the same requests' times sent one by one with `Cache-Control: no-cache` (the server
 *   computes each again), and the bare map (navigation → map ready, no layers) beside them.
 *   Targets: complete ≤ 1.5× that sum and ≤ 5 s.
 *
 * Environment (all optional):
 *   BENCH_MAP_STEPS         scrub steps timed per side (default 30; ~2 min with the build embedded)
 *   BENCH_MAP_SCRUB=0       only the working day (sign-in, drill-down, window change), no scrub
 *   BENCH_APP_DATABASE_URL  an already seeded PostGIS database (e.g. 1M events): an app is also run
 *                           on it (DEMO_DATA=off, so it is never seeded; pending migrations are
 *                           applied as at every start) and a commander `bench_map_commander` is
 *                           created there if missing, its password replaced by a random one per run.
 *
 *   npm run bench -- command-map
 *   DATABASE_URL=postgres://…/scratch npm run seed -- --scale 11    # ≈ 1M events
 *   BENCH_APP_DATABASE_URL=postgres://…/scratch npm run bench -- command-map
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildIfStale } from '../scripts/build-if-stale.js';
import { startApp } from '../tests/support/app-process';
import { chromiumLocation, launchChromium } from '../tests/support/chromium';
import { openDatabase } from '../src/lib/server/db/connect';
import { trusted } from '../src/lib/server/db/contexts';
import { createUser } from '../src/lib/server/auth/users';
import { hashPassword } from '../src/lib/server/auth/password';
import { record, printMeasures, fmt } from './lib/report';
import { datasetFromCounts, recordSize, type Engine } from './lib/datasets';
import { panelPaths } from '../src/lib/api/panel-requests';

const STEPS = Number(process.env.BENCH_MAP_STEPS ?? 30);
const LAYERS = 'hazards,petitionPoints';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

interface Credentials {
  username: string;
  password: string;
}

/** The demo data's district commander (embedded). */
const DEMO_COMMANDER: Credentials = { username: 'commander', password: 'demo-commander-2026' };

/** A district commander for the bench on a server database: created if missing, a fresh random password each run. */
async function benchCommander(databaseUrl: string): Promise<Credentials> {
  const username = 'bench_map_commander';
  const password = randomBytes(18).toString('base64url');
  const db = await openDatabase({ databaseUrl, dataDir: 'unused', max: 1 });
  try {
    const [row] = await trusted(db.sql, (tx) => tx`select 1 from app_user where username = ${username}`);
    if (row) {
      const hash = await hashPassword(password);
      await trusted(db.sql, (tx) => tx`update app_user set password_hash = ${hash} where username = ${username}`);
    } else {
      await createUser(db.sql, { username, displayName: 'bench', role: 'commander', homeAreaCode: '370105', password });
    }
  } finally {
    await db.close();
  }
  return { username, password };
}

async function signIn(page: Page, baseUrl: string, who: Credentials) {
  // The first load of the map after sign-in can pass Playwright's default 30 s on a busy machine.
  page.setDefaultNavigationTimeout(300_000);
  page.setDefaultTimeout(300_000);
  await page.goto(`${baseUrl}/signin`);
  await page.fill('input[name="username"]', who.username);
  await page.fill('input[name="password"]', who.password);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.click('button[type="submit"]')]);
}

/** performance.now() at the first frame where the map is ready and nothing is loading. */
async function readyAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="map"]');
      return el?.getAttribute('data-ready') === 'true' && el.getAttribute('data-busy') === 'false'
        ? performance.now()
        : false;
    },
    undefined,
    { polling: 'raf', timeout: 600_000 }
  );
  return (await handle.jsonValue()) as number;
}

interface Figures {
  points: number;
  firstFrameMs: number;
  scrubMedianMs: number;
  scrubP95Ms: number;
}

/** Ours: deck.gl binary columns with the GPU data filter, driven through the page's own view state. */
async function measureDeck(page: Page, baseUrl: string): Promise<Figures> {
  await page.goto(`${baseUrl}/?layers=${LAYERS}`);
  const first = await readyAt(page);
  const result = await page.evaluate(async (steps) => {
    const w = window as unknown as { __mapState: { view: { from: string; t: string | null }; hazardCount: number } };
    const view = w.__mapState.view;
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const times: number[] = [];
    const start = Date.parse(`${view.from}T00:00:00Z`);
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      view.t = new Date(start + (i * 3 + 1) * 86_400_000).toISOString().slice(0, 10);
      await frame();
      times.push(performance.now() - t0);
    }
    view.t = null;
    const petitions = await (
      await fetch(
        `/api/map/petitions?from=${view.from}&to=${new Date(start + 89 * 86_400_000).toISOString().slice(0, 10)}`
      )
    ).json();
    return { times, points: w.__mapState.hazardCount + petitions.count };
  }, STEPS);
  return {
    points: result.points,
    firstFrameMs: first,
    scrubMedianMs: median(result.times),
    scrubP95Ms: p95(result.times)
  };
}

/** Baseline: the same points as one MapLibre GeoJSON source + circle layer, filtered by day with setFilter. */
async function measureGeoJson(page: Page, baseUrl: string): Promise<Figures> {
  await page.goto(`${baseUrl}/?layers=`);
  const bare = await readyAt(page);
  const result = await page.evaluate(async (steps) => {
    const w = window as unknown as {
      __map: {
        addSource(id: string, s: unknown): void;
        addLayer(l: unknown): void;
        setFilter(id: string, f: unknown): void;
        once(e: string, cb: () => void): void;
        triggerRepaint(): void;
      };
      __mapState: { view: { from: string; to: string } };
    };
    const map = w.__map;
    const { from, to } = w.__mapState.view;
    const idle = () => new Promise<void>((r) => map.once('idle', () => r()));
    const t0 = performance.now();
    const [h, p] = await Promise.all([
      (await fetch('/api/map/hazards')).json(),
      (await fetch(`/api/map/petitions?from=${from}&to=${to}`)).json()
    ]);
    const features: unknown[] = [];
    for (let i = 0; i < h.count; i++) {
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [h.positions[2 * i], h.positions[2 * i + 1]] },
        properties: { day: h.foundDay[i], kind: 0 }
      });
    }
    for (let i = 0; i < p.count; i++) {
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [p.positions[2 * i], p.positions[2 * i + 1]] },
        properties: { day: p.receivedDay[i], kind: 1 }
      });
    }
    const day0 = Math.round(Date.parse(`${from}T00:00:00Z`) / 86_400_000);
    const day1 = Math.round(Date.parse(`${to}T00:00:00Z`) / 86_400_000);
    map.addSource('baseline', { type: 'geojson', data: { type: 'FeatureCollection', features } });
    map.addLayer({
      id: 'baseline',
      type: 'circle',
      source: 'baseline',
      paint: { 'circle-radius': 3, 'circle-color': ['match', ['get', 'kind'], 0, '#d55e00', '#78288c'] },
      filter: ['all', ['>=', ['get', 'day'], day0], ['<=', ['get', 'day'], day1]]
    });
    await idle();
    const firstSource = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const d = day0 + i * 3 + 1;
      const s0 = performance.now();
      const done = idle();
      map.setFilter('baseline', ['all', ['>=', ['get', 'day'], day0], ['<=', ['get', 'day'], d]]);
      map.triggerRepaint();
      await done;
      times.push(performance.now() - s0);
    }
    return { firstSource, times, points: features.length };
  }, STEPS);
  return {
    points: result.points,
    firstFrameMs: bare + result.firstSource,
    scrubMedianMs: median(result.times),
    scrubP95Ms: p95(result.times)
  };
}

/** A request's path with its parameters in a canonical order (as the server keys it). */
function canonical(pathAndQuery: string): string {
  const url = new URL(pathAndQuery, 'http://x');
  const params = [...url.searchParams].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : 1));
  return `${url.pathname}?${new URLSearchParams(params)}`;
}

interface Phase {
  /** Action → every panel answered, nothing in flight, the map idle (ms). */
  completeMs: number;
  /** The same requests one by one, recomputed (ms). */
  sumMs: number;
  requests: number;
}

interface WorkingDay {
  signIn: Phase;
  drill: Phase;
  window: Phase;
  bareMapMs: number;
  drillArea: string;
}

type ViewHook = { __mapState: { view: { area: string; from: string; to: string } } };

/** Sign-in, a drill-down and a window change, each measured to complete, in a browser new to the app. */
async function measureWorkingDay(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  baseUrl: string,
  who: Credentials,
  canReadPetitions: boolean
): Promise<WorkingDay> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript('window.__name = (f) => f;');
  const page = await context.newPage();
  page.setDefaultNavigationTimeout(300_000);
  page.setDefaultTimeout(300_000);
  const open = new Set<unknown>();
  let answered = new Map<string, string>();
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) open.add(r);
  });
  const finish = (r: { url(): string }) => {
    if (!open.delete(r)) return;
    const u = new URL(r.url());
    answered.set(canonical(u.pathname + u.search), u.pathname + u.search);
  };
  page.on('requestfinished', finish);
  page.on('requestfailed', finish);
  const view = () => page.evaluate(() => ({ ...(window as unknown as ViewHook).__mapState.view }));
  const mapIdle = () =>
    page.evaluate(() => {
      const el = document.querySelector('[data-testid="map"]');
      return el?.getAttribute('data-ready') === 'true' && el.getAttribute('data-busy') === 'false';
    });
  /** Wait until every expected panel is answered, nothing is in flight and the map is idle; ms since t0. */
  async function complete(t0: number, expected: () => Promise<string[]>): Promise<number> {
    for (;;) {
      const want = await expected().catch(() => null);
      if (want && want.every((p) => answered.has(canonical(p))) && open.size === 0 && (await mapIdle()))
        return Date.now() - t0;
      if (Date.now() - t0 > 240_000)
        throw new Error(
          `not complete after 240 s: waiting for ${want?.filter((p) => !answered.has(canonical(p))).join(', ') || '(nothing)'}; ${open.size} in flight; map idle ${await mapIdle()}; answered ${[...answered.keys()].join(', ')}`
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  async function oneByOne(): Promise<number> {
    let sum = 0;
    for (const path of answered.values()) {
      const s0 = Date.now();
      const res = await page.request.get(`${baseUrl}${path}`, { headers: { 'cache-control': 'no-cache' } });
      await res.body();
      sum += Date.now() - s0;
    }
    return sum;
  }
  const expectedFor = async (area?: string, window?: { from: string; to: string }) => {
    const v = await view();
    const a = area ?? v.area;
    return panelPaths({
      area: a,
      rankingArea: a,
      from: window?.from ?? v.from,
      to: window?.to ?? v.to,
      canReadPetitions
    });
  };

  await page.goto(`${baseUrl}/signin`);
  await page.fill('input[name="username"]', who.username);
  await page.fill('input[name="password"]', who.password);
  answered = new Map();
  const t0 = Date.now();
  await page.click('button[type="submit"]');
  const signInMs = await complete(t0, () => expectedFor());
  const signIn: Phase = { completeMs: signInMs, sumMs: await oneByOne(), requests: answered.size };

  const drillArea = await page.$eval('[data-testid="ranking"] tbody tr[data-code]', (el) =>
    el.getAttribute('data-code')!
  );
  answered = new Map();
  const t1 = Date.now();
  await page.evaluate(
    (code) => (document.querySelector(`[data-testid="ranking"] tr[data-code="${code}"] a`) as HTMLElement).click(),
    drillArea
  );
  const drillMs = await complete(t1, () => expectedFor(drillArea));
  const drill: Phase = { completeMs: drillMs, sumMs: await oneByOne(), requests: answered.size };

  const before = await view();
  answered = new Map();
  const t2 = Date.now();
  await page.evaluate(() => (document.querySelector('[data-testid="window-last-30"]') as HTMLElement).click());
  const unchanged = new Set(await expectedFor());
  const windowMs = await complete(t2, async () => {
    const v = await view();
    if (v.from === before.from) throw new Error('the window has not changed yet');
    // Panels that do not depend on the window's first day (the steering lists) are not asked again.
    return (await expectedFor()).filter((p) => !unchanged.has(p));
  });
  const windowPhase: Phase = { completeMs: windowMs, sumMs: await oneByOne(), requests: answered.size };

  await page.goto(`${baseUrl}/?layers=`);
  const bareMapMs = await readyAt(page);
  await context.close();
  return { signIn, drill, window: windowPhase, bareMapMs, drillArea };
}

function reportWorkingDay(dataset: string, d: WorkingDay, browserState: string) {
  console.log(`\n${dataset}: a working day (ms; sum = the same requests one by one, recomputed)`);
  const add = (measure: string, p: Phase) => {
    const met = p.completeMs <= 1.5 * p.sumMs && p.completeMs <= 5000;
    console.log(
      `${measure.padEnd(44)} complete ${String(p.completeMs).padStart(6)}  sum ${String(p.sumMs).padStart(6)}  ratio ${(p.completeMs / p.sumMs).toFixed(2)}  (${p.requests} requests)  bare map ${d.bareMapMs.toFixed(0)}`
    );
    record({
      bench: 'command-map',
      measure: `${measure} → every layer and panel complete`,
      dataset,
      unit: 'ms',
      value: p.completeMs,
      baseline: `the same ${p.requests} requests one by one, recomputed (bare map ${fmt(d.bareMapMs)} ms)`,
      baselineValue: p.sumMs,
      better: 'lower',
      target: { text: '≤ 1.5× the sum and ≤ 5 s', met }
    });
  };
  add(`sign-in (${browserState})`, d.signIn);
  add(`drill-down district → ${d.drillArea} (${browserState})`, d.drill);
  add(`window change to the last 30 days (${browserState})`, d.window);
}

function report(dataset: string, ours: Figures, base: Figures) {
  const row = (name: string, a: number, b: number) =>
    console.log(
      `${name.padEnd(34)} ${a.toFixed(1).padStart(10)} ${b.toFixed(1).padStart(12)} ${(a / b).toFixed(2).padStart(7)}`
    );
  console.log(
    `\n${dataset}: ${ours.points.toLocaleString('en')} points (hazards + petitions of the default 90-day window)`
  );
  console.log(
    `${'measure (ms)'.padEnd(34)} ${'deck.gl'.padStart(10)} ${'GeoJSON src'.padStart(12)} ${'ratio'.padStart(7)}`
  );
  row('navigation → first complete frame', ours.firstFrameMs, base.firstFrameMs);
  row('scrub one step, median', ours.scrubMedianMs, base.scrubMedianMs);
  row('scrub one step, p95', ours.scrubP95Ms, base.scrubP95Ms);
  const points = `${fmt(ours.points)} points`;
  const add = (measure: string, value: number, baselineValue: number, baseline: string) =>
    record({ bench: 'command-map', measure, dataset, unit: 'ms', value, baseline, baselineValue, better: 'lower' });
  add(
    `navigation → first complete frame, deck.gl binary columns (${points})`,
    ours.firstFrameMs,
    base.firstFrameMs,
    'navigation → bare map + the same points as a MapLibre GeoJSON source → idle'
  );
  add(
    `scrub one day → next frame, GPU filter, median of ${STEPS}`,
    ours.scrubMedianMs,
    base.scrubMedianMs,
    'MapLibre setFilter → idle, same points'
  );
  add(
    `scrub one day → next frame, GPU filter, p95 of ${STEPS}`,
    ours.scrubP95Ms,
    base.scrubP95Ms,
    'MapLibre setFilter → idle, same points'
  );
}

async function benchApp(engine: Engine, env: Record<string, string>, commander: () => Promise<Credentials>) {
  const app = await startApp({ env, logName: `bench-command-map-${engine}.log` });
  const counts = (app.health as { counts: Record<string, number> }).counts;
  const dataset = datasetFromCounts(engine, counts);
  const browser = await launchChromium();
  try {
    const who = await commander();
    // First, as a commander's day starts: a browser that has never seen the app signs in.
    const day = await measureWorkingDay(browser, app.baseUrl, who, true);
    reportWorkingDay(dataset.name, day, 'a browser new to the app');
    // Then as the next sign-in goes (another commander, or tomorrow): the browser has compiled the
    // app's code and the map's shaders before; the server has the panels of the default view stored.
    const again = await measureWorkingDay(browser, app.baseUrl, who, true);
    reportWorkingDay(dataset.name, again, 'a browser that has opened the app before');
    if (process.env.BENCH_MAP_SCRUB !== '0') {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      // tsx compiles with esbuild's keepNames, which wraps functions in __name(); the page needs it too.
      await context.addInitScript('window.__name = (f) => f;');
      const page = await context.newPage();
      await signIn(page, app.baseUrl, who);
      // A first visit warms the server's caches and the browser's; both sides are measured after it.
      await page.goto(`${app.baseUrl}/?layers=${LAYERS}`);
      await readyAt(page);
      const ours = await measureDeck(page, app.baseUrl);
      const base = await measureGeoJson(page, app.baseUrl);
      recordSize('command-map', engine, dataset);
      report(dataset.name, ours, base);
    } else recordSize('command-map', engine, dataset);
  } finally {
    await browser.close();
    await app.stop();
  }
}

if (!chromiumLocation.available) {
  console.log(`bench/command-map: skipped, ${chromiumLocation.why}`);
} else {
  buildIfStale((line) => console.log(line));
  const dataDir = mkdtempSync(join(tmpdir(), 'pingan-bench-map-'));
  try {
    await benchApp('embedded', { DATA_DIR: dataDir }, async () => DEMO_COMMANDER);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const server = process.env.BENCH_APP_DATABASE_URL;
  if (server) await benchApp('server', { DATABASE_URL: server, DEMO_DATA: 'off' }, () => benchCommander(server));
  else console.log('(BENCH_APP_DATABASE_URL=<a seeded PostGIS database> adds an app on a server, e.g. at 1M events)');
  printMeasures();
}
