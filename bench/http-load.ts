/**
 * HTTP under load (issue 8): autocannon against the built app, started as a child process, with the
 * requests the command map page makes for a district commander at its default view (the district,
 * the last 90 days). Each endpoint at 1, 10 and 100 connections: requests/s, p50, p99, errors and
 * non-2xx answers, against the floor measured at the same connection count in the same run — the
 * page's own data request (`/__data.json`: session lookup, role check and one row-level-security
 * transaction), the cheapest authenticated request the app answers.
 *
 * Then every endpoint again at 100 connections while an inspector records visits
 * (POST /api/inspect/visits, unique idempotency keys) at a steady rate from a separate loop:
 * write rate achieved, write errors, and the read figures against the same endpoint without writes.
 * Target (issue 8): 100 connections, zero errors and p99 < 1 s on the map endpoints while
 * inspections are written.
 *
 *   npm run bench -- http-load                                   # embedded default (fresh temp DATA_DIR, demo data)
 *   BENCH_APP_DATABASE_URL=postgres://… npm run bench -- http-load   # also an app on a seeded PostGIS server
 *
 * BENCH_LOAD_SECONDS (default 10) is the length of each cell; BENCH_WRITE_RATE (default 5) the
 * visits per second written during the last phase; BENCH_LOAD_CONNECTIONS (default 1,10,100);
 * BENCH_LOAD_EMBEDDED=0 skips the embedded run.
 * On a server database (an app with DEMO_DATA=off: never seeded, pending migrations applied) the
 * bench users `bench_load_commander` (370105) and `bench_load_inspector` (370105-008) are created
 * if missing, their passwords replaced by random ones per run. The bench writes visits there.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildIfStale } from '../scripts/build-if-stale.js';
import { startApp } from '../tests/support/app-process';
import { signInCookie } from '../tests/support/session-cookie';
import { benchUser, DEMO_USERS } from './lib/bench-users';
import { todayInChina } from '../src/lib/core/dates';
import { addDays } from '../src/lib/map/view-state';
import { percentile, printMeasures, record } from './lib/report';
import { datasetFromCounts, recordSize, type Engine } from './lib/datasets';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const WRITE_RATE = Number(process.env.BENCH_WRITE_RATE ?? 5);
const CONNECTIONS = (process.env.BENCH_LOAD_CONNECTIONS ?? '1,10,100').split(',').map(Number);
const UNDER_WRITES = 100;
const DISTRICT = '370105';
const OWN_SUBDISTRICT = '370105-008';

/** The demo data's users (embedded). */
const DEMO = {
  commander: DEMO_USERS.commander,
  inspector: DEMO_USERS.inspector
};

/** One request of the page, by what it shows. */
interface Endpoint {
  name: string;
  path: string;
  /** Map layer (target applies) or side panel. */
  kind: 'map' | 'panel';
}

/** The page's requests at the default view (src/routes/+page.svelte, CommandMap.svelte, AreaPanel.svelte). */
function endpoints(from: string, to: string): Endpoint[] {
  return [
    { name: 'map/areas', path: `/api/map/areas?area=${DISTRICT}`, kind: 'map' },
    { name: 'map/grids', path: '/api/map/grids', kind: 'map' },
    // As binary columns, the way the command map asks for them (src/lib/map/get-binary.ts).
    { name: 'map/hazards (90 d, binary)', path: `/api/map/hazards?from=${from}&to=${to}&format=bin`, kind: 'map' },
    { name: 'map/petitions (90 d, binary)', path: `/api/map/petitions?from=${from}&to=${to}&format=bin`, kind: 'map' },
    {
      name: 'pyramid (safety, 90 d)',
      path: `/api/analytics/pyramid?area=${DISTRICT}&domain=safety&from=${from}&to=${to}`,
      kind: 'panel'
    },
    { name: 'alerts', path: `/api/command/alerts?area=${DISTRICT}&day=${to}`, kind: 'panel' }
  ];
}
/** The floor: the page's data request (layout and page load: session, role check, one RLS transaction). */
const FLOOR: Endpoint = {
  name: 'floor: page data (/__data.json)',
  path: '/__data.json?x-sveltekit-invalidated=11',
  kind: 'panel'
};

interface Cell {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: number;
  /** Requests sent but not answered when the cell ended. */
  unanswered: number;
}

/** One autocannon run of a GET. */
async function cannon(baseUrl: string, cookie: string, path: string, connections: number): Promise<Cell> {
  const r = await autocannon({
    url: `${baseUrl}${path}`,
    connections,
    duration: SECONDS,
    headers: { cookie },
    timeout: 10
  });
  return {
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    requests: r.requests.total,
    unanswered: Math.max(0, r.requests.sent - r.requests.total - r.errors)
  };
}

/** A GET that must answer 200 before it is loaded (a wrong path would measure a 4xx). */
async function check(baseUrl: string, cookie: string, path: string): Promise<number> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
  const body = await res.arrayBuffer();
  if (res.status !== 200)
    throw new Error(`GET ${path} answered ${res.status}: ${new TextDecoder().decode(body).slice(0, 200)}`);
  return body.byteLength;
}

interface WriteStats {
  sent: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  latencies: number[];
  seconds: number;
}

/**
 * Record visits at `rate` per second (open loop: one starts every 1/rate s whatever the others do),
 * until `stop` resolves. Each visit has a fresh idempotency key; every fourth finds a new hazard.
 */
async function writeVisits(
  baseUrl: string,
  cookie: string,
  siteIds: number[],
  rate: number,
  stop: Promise<void>
): Promise<WriteStats> {
  const stats: WriteStats = { sent: 0, ok: 0, errors: 0, statuses: {}, latencies: [], seconds: 0 };
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  void stop.then(() => (stopped = true));
  const t0 = performance.now();
  const deadline = addDays(todayInChina(), 30);
  while (!stopped) {
    const n = stats.sent++;
    const body = {
      key: randomUUID(),
      site: { kind: 'enterprise', id: siteIds[n % siteIds.length]! },
      at: new Date().toISOString(),
      note: `bench http-load visit ${n}`,
      ...(n % 4 === 0 ? { found: [{ level: 'general', description: 'bench: fire exit blocked', deadline }] } : {})
    };
    const started = performance.now();
    const p = fetch(`${baseUrl}/api/inspect/visits`, {
      method: 'POST',
      headers: { cookie, origin: baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000)
    })
      .then(async (res) => {
        await res.arrayBuffer();
        stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
        if (res.status === 201) {
          stats.ok++;
          stats.latencies.push(performance.now() - started);
        } else stats.errors++;
      })
      .catch((err: Error) => {
        stats.errors++;
        stats.statuses[err.name] = (stats.statuses[err.name] ?? 0) + 1;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    const next = t0 + (stats.sent * 1000) / rate;
    await Promise.race([new Promise((r) => setTimeout(r, Math.max(0, next - performance.now()))), stop]);
  }
  await Promise.all(inFlight);
  stats.seconds = (performance.now() - t0) / 1000;
  return stats;
}

const ms = (x: number) => Math.round(x * 10) / 10;
const line = (c: Cell) =>
  `${c.rps.toFixed(1)} req/s p50 ${c.p50} p99 ${c.p99} errors ${c.errors} non2xx ${c.non2xx} answered ${c.requests} unanswered ${c.unanswered}`;

async function benchApp(engine: Engine, env: Record<string, string>, users: () => Promise<typeof DEMO>) {
  const who = await users();
  const app = await startApp({ env, logName: `bench-http-load-${engine}.log` });
  try {
    const health = (await (await fetch(`${app.baseUrl}/api/health`)).json()) as {
      counts: Record<string, number>;
      dataset: { endDate: string } | null;
    };
    const size = datasetFromCounts(engine, health.counts);
    const dataset = size.name;
    recordSize('http-load', engine, size);

    const commander = await signInCookie(app.baseUrl, who.commander);
    const inspector = await signInCookie(app.baseUrl, who.inspector);
    // The page's default window: the 90 days up to the earlier of the data's last day and today.
    const today = todayInChina();
    const to = health.dataset?.endDate && health.dataset.endDate < today ? health.dataset.endDate : today;
    const from = addDays(to, -89);
    const list = endpoints(from, to);
    for (const e of [FLOOR, ...list])
      console.log(`[${engine}] ${e.name}: ${(await check(app.baseUrl, commander, e.path)).toLocaleString('en')} bytes`);

    const alone = new Map<string, Cell>();
    for (const c of CONNECTIONS) {
      const floor = await cannon(app.baseUrl, commander, FLOOR.path, c);
      console.log(`[${engine}] ${c} conn  floor ${line(floor)}`);
      for (const e of list) {
        const cell = await cannon(app.baseUrl, commander, e.path, c);
        if (c === UNDER_WRITES) alone.set(e.name, cell);
        console.log(`[${engine}] ${c} conn  ${e.name} ${line(cell)}`);
        record({
          bench: 'http-load',
          dataset,
          measure: `${e.name}, ${c} conn, req/s`,
          unit: 'req/s',
          better: 'higher',
          value: cell.rps,
          baseline: `page data request, ${c} conn (HTTP + session floor)`,
          baselineValue: floor.rps,
          extra: {
            'p50 ms': cell.p50,
            'p99 ms': cell.p99,
            errors: cell.errors,
            timeouts: cell.timeouts,
            non2xx: cell.non2xx,
            answered: cell.requests,
            'unanswered at end': cell.unanswered,
            'floor p50 ms': floor.p50,
            'floor p99 ms': floor.p99,
            'floor errors': floor.errors + floor.non2xx
          }
        });
      }
    }

    // Reads at 100 connections while an inspector records visits.
    const mine = (await (
      await fetch(`${app.baseUrl}/api/map/enterprises`, { headers: { cookie: inspector } })
    ).json()) as { ids: number[] };
    if (mine.ids.length === 0) throw new Error('the inspector has no enterprise in 370105-008 to visit');
    let release!: () => void;
    const stop = new Promise<void>((r) => (release = r));
    const writes = writeVisits(app.baseUrl, inspector, mine.ids, WRITE_RATE, stop);
    const loaded: { e: Endpoint; cell: Cell }[] = [];
    try {
      for (const e of list) {
        const cell = await cannon(app.baseUrl, commander, e.path, UNDER_WRITES);
        loaded.push({ e, cell });
        console.log(`[${engine}] ${UNDER_WRITES} conn + writes  ${e.name} ${line(cell)}`);
      }
    } finally {
      release();
    }
    const w = await writes;
    for (const { e, cell } of loaded) {
      const base = alone.get(e.name);
      // No answer at all within the cell is a miss, not a p99 of 0.
      const ok = cell.requests > 0 && cell.errors + cell.non2xx === 0 && cell.p99 < 1000;
      record({
        bench: 'http-load',
        dataset,
        measure: `${e.name}, ${UNDER_WRITES} conn while visits are written, p99`,
        unit: 'ms',
        better: 'lower',
        value: cell.requests > 0 ? cell.p99 : Number.NaN,
        baseline: `same endpoint, ${UNDER_WRITES} conn, no writes`,
        baselineValue: base?.p99 ?? Number.NaN,
        ...(e.kind === 'map' ? { target: { text: '0 errors, p99 < 1 s at 100 conn while writing', met: ok } } : {}),
        extra: {
          'req/s': ms(cell.rps),
          'p50 ms': cell.p50,
          errors: cell.errors,
          non2xx: cell.non2xx,
          answered: cell.requests,
          'unanswered at end': cell.unanswered,
          'req/s without writes': ms(base?.rps ?? Number.NaN)
        }
      });
    }
    const wl = w.latencies;
    console.log(
      `[${engine}] writes: ${w.ok}/${w.sent} in ${w.seconds.toFixed(1)} s, statuses ${JSON.stringify(w.statuses)}`
    );
    record({
      bench: 'http-load',
      dataset,
      measure: `visits written during the reads (POST /api/inspect/visits), visits/s`,
      unit: 'visits/s',
      better: 'higher',
      value: w.ok / w.seconds,
      baseline: 'rate asked for',
      baselineValue: WRITE_RATE,
      extra: {
        sent: w.sent,
        written: w.ok,
        'write errors': w.errors,
        'p50 ms': ms(wl.length ? percentile(wl, 50) : Number.NaN),
        'p99 ms': ms(wl.length ? percentile(wl, 99) : Number.NaN)
      }
    });
  } finally {
    await app.stop();
  }
}

buildIfStale((line) => console.log(line));
if (process.env.BENCH_LOAD_EMBEDDED !== '0') {
  const dataDir = mkdtempSync(join(tmpdir(), 'pingan-bench-load-'));
  try {
    await benchApp('embedded', { DATA_DIR: dataDir }, async () => DEMO);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const server = process.env.BENCH_APP_DATABASE_URL;
if (server)
  await benchApp('server', { DATABASE_URL: server, DEMO_DATA: 'off' }, async () => ({
    commander: await benchUser(server, 'bench_load_commander', 'commander', DISTRICT),
    inspector: await benchUser(server, 'bench_load_inspector', 'inspector', OWN_SUBDISTRICT)
  }));
else console.log('(set BENCH_APP_DATABASE_URL to a seeded PostGIS database to measure a server too)');
printMeasures();
