/**
 * No request freezes the app (issue 14): another user's `/api/map/areas` while a commander keeps
 * the heaviest allowed requests running.
 *
 * 1. Each of the heaviest requests the API accepts (the longest windows, the most slices, the
 *    widest distance band, the largest lists) alone: its time. The heaviest is the bound on a light
 *    request's wait (heavy-gate.ts: a light request waits for at most the running heavy
 *    transaction on the embedded database, and for none on a server pool).
 * 2. The planner's `/api/map/areas`, one request after another: alone (the baseline), then while
 *    the commander keeps STALL_PARALLEL copies of every heavy request in flight for
 *    BENCH_STALL_SECONDS. Figure: the areas request's p50, p95 and worst time under the stall,
 *    against alone. Target: the worst under 2 s.
 *
 *   npm run bench -- stall                                        # embedded default (fresh temp DATA_DIR, demo data)
 *   BENCH_STALL_DATA_DIR=/path/to/seeded npm run bench -- stall   # an embedded DATA_DIR already seeded (a copy is used)
 *   BENCH_APP_DATABASE_URL=postgres://… npm run bench -- stall    # also an app on a seeded PostGIS server
 *
 * BENCH_STALL_SECONDS (default 20), BENCH_STALL_PARALLEL (default 4 embedded, 10 server).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale } from '../scripts/build-if-stale.js';
import { startApp } from '../tests/support/app-process';
import { signInCookie } from '../tests/support/session-cookie';
import { addDays } from '../src/lib/map/view-state';
import { todayInChina } from '../src/lib/core/dates';
import { percentile, printMeasures, record } from './lib/report';
import { datasetFromCounts, recordSize, type Engine } from './lib/datasets';
import { benchUser, DEMO_USERS, type Credentials } from './lib/bench-users';

const SECONDS = Number(process.env.BENCH_STALL_SECONDS ?? 20);
const DISTRICT = '370105';
const TARGET_MS = 2000;

/** The heaviest requests the API accepts, ending on `to`. */
function heavyRequests(to: string): { name: string; path: string }[] {
  const ten = addDays(to, -3650);
  const five = addDays(to, -1820);
  const month = (d: string) => d.slice(0, 7);
  // Trends take at most 120 months: the ten years that end with the month of `to`.
  const tenYearsOfMonths = `${Number(to.slice(0, 4)) - 10}-${String((Number(to.slice(5, 7)) % 12) + 1).padStart(2, '0')}`;
  const trendsFrom = Number(to.slice(5, 7)) === 12 ? `${Number(to.slice(0, 4)) - 9}-01` : tenYearsOfMonths;
  return [
    {
      name: 'hotspots, hazards, 5 years, 24 slices, 20 km band',
      path: `/api/analytics/hotspots?area=${DISTRICT}&kind=hazard&from=${five}&to=${to}&neighbours=distance&metres=20000&slices=24`
    },
    {
      name: 'hotspots, petitions, 5 years, 24 slices, edges',
      path: `/api/analytics/hotspots?area=${DISTRICT}&kind=petition&from=${five}&to=${to}&slices=24`
    },
    { name: 'risk, 10 years', path: `/api/analytics/risk?area=${DISTRICT}&from=${ten}&to=${to}` },
    {
      name: 'pyramid, stability, 10 years, as of a past day',
      path: `/api/analytics/pyramid?area=${DISTRICT}&domain=stability&from=${ten}&to=${to}&asOf=${addDays(to, -180)}`
    },
    {
      name: 'trends, hazards, 10 years',
      path: `/api/analytics/trends?series=hazards&area=${DISTRICT}&from=${trendsFrom}&to=${month(to)}`
    },
    {
      name: 'inspection priorities, 500 visits',
      path: `/api/analytics/inspection-priorities?area=${DISTRICT}&visits=500`
    },
    { name: 'mediation allocation', path: `/api/analytics/mediation-allocation?area=${DISTRICT}` },
    { name: 'petition counts per grid, 10 years', path: `/api/petitions/counts?level=grid&from=${ten}&to=${to}` },
    { name: 'map petitions, 5 years', path: `/api/map/petitions?from=${five}&to=${to}&format=bin` },
    { name: 'map hazards, 5 years', path: `/api/map/hazards?from=${five}&to=${to}&format=bin` },
    { name: 'alerts', path: `/api/command/alerts?area=${DISTRICT}&day=${to}` }
  ];
}

/** One GET: milliseconds and status; the body is read to the end. */
async function timed(url: string, cookie: string): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

/** The other user's areas request, one after another until `stop`: each time, and non-2xx count. */
async function areasLoop(baseUrl: string, cookie: string, stop: Promise<void>) {
  const times: number[] = [];
  let failed = 0;
  let done = false;
  void stop.then(() => (done = true));
  while (!done) {
    const r = await timed(`${baseUrl}/api/map/areas?area=${DISTRICT}`, cookie);
    times.push(r.ms);
    if (r.status !== 200) failed++;
  }
  return { times, failed };
}

const round = (x: number) => Math.round(x);

async function benchApp(
  engine: Engine,
  env: Record<string, string>,
  users: () => Promise<Record<string, Credentials>>
) {
  const who = await users();
  const app = await startApp({ env, logName: `bench-stall-${engine}.log`, healthTimeoutMs: 1_800_000 });
  try {
    const health = (await (await fetch(`${app.baseUrl}/api/health`)).json()) as {
      counts: Record<string, number>;
      dataset: { endDate: string } | null;
    };
    const size = datasetFromCounts(engine, health.counts);
    recordSize('stall', engine, size);
    const commander = await signInCookie(app.baseUrl, who.commander!);
    const planner = await signInCookie(app.baseUrl, who.planner!);
    const today = todayInChina();
    const to = health.dataset?.endDate && health.dataset.endDate < today ? health.dataset.endDate : today;
    const heavy = heavyRequests(to);

    // 1. Each heavy request alone (the second run: the first warms caches the way use does).
    const alone: { name: string; ms: number }[] = [];
    for (const h of heavy) {
      const first = await timed(app.baseUrl + h.path, commander);
      if (first.status !== 200) throw new Error(`${h.name} answered ${first.status}: ${h.path}`);
      const second = await timed(app.baseUrl + h.path, commander);
      alone.push({ name: h.name, ms: second.ms });
      console.log(`[${engine}] ${h.name}: first ${round(first.ms)} ms, then ${round(second.ms)} ms`);
    }
    const heaviest = alone.reduce((a, b) => (b.ms > a.ms ? b : a));

    // 2. Areas alone, then under the stall.
    let stopAlone!: () => void;
    const aloneStop = new Promise<void>((r) => (stopAlone = r));
    setTimeout(stopAlone, 5_000);
    const base = await areasLoop(app.baseUrl, planner, aloneStop);

    const parallel = Number(process.env.BENCH_STALL_PARALLEL ?? (engine === 'embedded' ? 4 : 10));
    let stopStall!: () => void;
    const stallStop = new Promise<void>((r) => (stopStall = r));
    let stalling = true;
    void stallStop.then(() => (stalling = false));
    let heavyAnswered = 0;
    let heavyRefused = 0;
    const loops = Array.from({ length: parallel }, async (_, k) => {
      for (let i = k; stalling; i++) {
        const r = await timed(app.baseUrl + heavy[i % heavy.length]!.path, commander);
        if (r.status === 200) heavyAnswered++;
        else heavyRefused++;
      }
    });
    // Let the heavy requests fill the queue before the other user starts.
    await new Promise((r) => setTimeout(r, 1_000));
    setTimeout(stopStall, SECONDS * 1000);
    const under = await areasLoop(app.baseUrl, planner, stallStop);
    await Promise.all(loops);

    const worst = Math.max(...under.times);
    const p95 = percentile(under.times, 95);
    console.log(
      `[${engine}] areas alone p50 ${round(percentile(base.times, 50))} ms; under ${parallel} heavy in flight: p50 ${round(
        percentile(under.times, 50)
      )} p95 ${round(p95)} worst ${round(worst)} ms over ${under.times.length} requests (${under.failed} failed); heavy answered ${heavyAnswered}, refused ${heavyRefused}`
    );
    record({
      bench: 'stall',
      dataset: size.name,
      measure: `map/areas of another user while ${parallel} of the heaviest requests are in flight, worst`,
      unit: 'ms',
      better: 'lower',
      value: round(worst),
      baseline: 'map/areas alone, worst',
      baselineValue: round(Math.max(...base.times)),
      target: { text: `worst < ${TARGET_MS} ms, none failed`, met: worst < TARGET_MS && under.failed === 0 },
      extra: {
        'p50 ms': round(percentile(under.times, 50)),
        'p95 ms': round(p95),
        'alone p50 ms': round(percentile(base.times, 50)),
        requests: under.times.length,
        failed: under.failed,
        'heavy answered': heavyAnswered,
        'heavy refused (503)': heavyRefused,
        'heaviest request alone': `${heaviest.name}: ${round(heaviest.ms)} ms`
      }
    });
    for (const a of alone) {
      record({
        bench: 'stall',
        dataset: size.name,
        measure: `${a.name}, alone`,
        unit: 'ms',
        better: 'lower',
        value: round(a.ms),
        baseline: 'map/areas alone, p50',
        baselineValue: round(percentile(base.times, 50))
      });
    }
  } finally {
    await app.stop();
  }
}

buildIfStale();
if (process.env.BENCH_STALL_EMBEDDED !== '0') {
  const dataDir = mkdtempSync(join(tmpdir(), 'pingan-bench-stall-'));
  try {
    const seeded = process.env.BENCH_STALL_DATA_DIR;
    if (seeded) cpSync(seeded, dataDir, { recursive: true, filter: (src) => !src.endsWith('app.lock') });
    await benchApp('embedded', { DATA_DIR: dataDir }, async () => DEMO_USERS);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const server = process.env.BENCH_APP_DATABASE_URL;
if (server) {
  await benchApp('server', { DATABASE_URL: server, DEMO_DATA: 'off' }, async () => ({
    commander: await benchUser(server, 'bench_stall_commander', 'commander', DISTRICT),
    planner: await benchUser(server, 'bench_stall_planner', 'planner', DISTRICT)
  }));
}
printMeasures();
