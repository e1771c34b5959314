/**
 * The command map in Chromium, against a baseline in the same browser and run: hazard sites and
 * petition cases drawn by deck.gl from binary columns with GPU time filtering (what the page does),
 * versus the same points as a MapLibre GeoJSON source with a circle layer whose filter is changed
 * per day (the usual way, and the baseline).
 *
 * Measures (medians; the ratio is ours ÷ baseline, below 1 is better):
 * - first frame: navigation → the map ready with every point drawn and no request in flight;
 *   for the baseline, navigation → the bare map ready + building the GeoJSON source → MapLibre idle.
 * - scrub frame: one step of the time window (the playback position moved by a day) → the next
 *   frame drawn with the new filter (deck.gl), or → MapLibre idle after setFilter (baseline).
 *
 *   npm run bench                                 # the embedded demo data
 *   BENCH_APP_DATABASE_URL=postgres://… npm run bench   # also an app on a seeded server (e.g. 1M events)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildIfStale } from '../scripts/build-if-stale.js';
import { startApp } from '../tests/support/app-process';
import { chromiumLocation, launchChromium } from '../tests/support/chromium';

const STEPS = 30;
const LAYERS = 'hazards,petitionPoints';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

async function signIn(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/signin`);
  await page.fill('input[name="username"]', 'commander');
  await page.fill('input[name="password"]', 'demo-commander-2026');
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.click('button[type="submit"]')]);
}

/** performance.now() at the first frame where the map is ready and nothing is loading. */
async function readyAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="map"]');
      return el?.getAttribute('data-ready') === 'true' && el.getAttribute('data-busy') === 'false' ? performance.now() : false;
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
    const petitions = await (await fetch(`/api/map/petitions?from=${view.from}&to=${new Date(start + 89 * 86_400_000).toISOString().slice(0, 10)}`)).json();
    return { times, points: w.__mapState.hazardCount + petitions.count };
  }, STEPS);
  return { points: result.points, firstFrameMs: first, scrubMedianMs: median(result.times), scrubP95Ms: p95(result.times) };
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
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [h.positions[2 * i], h.positions[2 * i + 1]] }, properties: { day: h.foundDay[i], kind: 0 } });
    }
    for (let i = 0; i < p.count; i++) {
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.positions[2 * i], p.positions[2 * i + 1]] }, properties: { day: p.receivedDay[i], kind: 1 } });
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
  return { points: result.points, firstFrameMs: bare + result.firstSource, scrubMedianMs: median(result.times), scrubP95Ms: p95(result.times) };
}

function report(label: string, ours: Figures, base: Figures) {
  const row = (name: string, a: number, b: number) =>
    console.log(`${name.padEnd(34)} ${a.toFixed(1).padStart(10)} ${b.toFixed(1).padStart(12)} ${(a / b).toFixed(2).padStart(7)}`);
  console.log(`\n${label}: ${ours.points.toLocaleString('en')} points (hazards + petitions of the default 90-day window)`);
  console.log(`${'measure (ms)'.padEnd(34)} ${'deck.gl'.padStart(10)} ${'GeoJSON src'.padStart(12)} ${'ratio'.padStart(7)}`);
  row('navigation → first complete frame', ours.firstFrameMs, base.firstFrameMs);
  row('scrub one step, median', ours.scrubMedianMs, base.scrubMedianMs);
  row('scrub one step, p95', ours.scrubP95Ms, base.scrubP95Ms);
}

async function benchApp(label: string, env: Record<string, string>) {
  const app = await startApp({ env, logName: `bench-command-map-${label.replace(/\W+/g, '-')}.log` });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // tsx compiles with esbuild's keepNames, which wraps functions in __name(); the page needs it too.
    await context.addInitScript('window.__name = (f) => f;');
    const page = await context.newPage();
    await signIn(page, app.baseUrl);
    // A first visit warms the server's caches and the browser's; both sides are measured after it.
    await page.goto(`${app.baseUrl}/?layers=${LAYERS}`);
    await readyAt(page);
    const ours = await measureDeck(page, app.baseUrl);
    const base = await measureGeoJson(page, app.baseUrl);
    report(label, ours, base);
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
    await benchApp('embedded demo data', { DATA_DIR: dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const server = process.env.BENCH_APP_DATABASE_URL;
  if (server) await benchApp('PostGIS server', { DATABASE_URL: server });
}
