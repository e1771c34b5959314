/**
 * Per-area × time-window aggregates — the Heinrich pyramids of the district, a sub-district and a
 * grid over 7, 90 and 365 days — three ways in one run:
 * - the API: GET /api/analytics/pyramid on the built app, as the district commander, one request
 *   at a time (p50/p95 of BENCH_REQUESTS requests after a warm-up);
 * - the same SQL without the app: on a server, the statements the app sent for that request
 *   (captured from the client) replayed by `pgbench -M prepared` for BENCH_PGBENCH_SECONDS; on the
 *   embedded database, the same query functions called in-process (no HTTP, no session lookup);
 * - the floor: a typed-array scan in Node over the same rows (no database; data in memory).
 * Each count is checked equal across the three before it is timed.
 *
 *   npm run bench -- aggregates                    # embedded demo (the app's own first-start data)
 *   BENCH_REQUESTS (40), BENCH_PGBENCH_SECONDS (4), BENCH_EMBEDDED=0 (server only)
 *   BENCH_APP_DATABASE_URL=postgres://…/scale npm run bench -- aggregates   # also a seeded server
 *     (read only, plus a commander bench-commander), seeded before with
 *     DATABASE_URL=postgres://…/scale npm run seed -- --seed 1 --end-date 2026-11-23 --events 10000000
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale } from '../scripts/build-if-stale.js';
import { startApp, type RunningApp } from '../tests/support/app-process';
import { signInCookie } from '../tests/support/session-cookie';
import { openDatabase, type Database } from '../src/lib/server/db/connect';
import { loadMigrations, migrate } from '../src/lib/server/db/migrate';
import { trusted, withCaller, type Tx } from '../src/lib/server/db/contexts';
import { createUser, DEMO_USERS } from '../src/lib/server/auth/users';
import { createSession } from '../src/lib/server/auth/sessions';
import { findArea, safetyCounts, stabilityCounts } from '../src/lib/server/queries/pyramid';
import { seedDemo } from '../src/lib/server/seed/seed-demo';
import { readConfig } from '../src/lib/server/config';
import { dateOfDay, dayNumber, todayInChina } from '../src/lib/core/dates';
import { projectRoot } from '../src/lib/server/project-root';
import { capturingClient, pgbenchAvailable, pgbenchScript, runPgbench } from './lib/pgbench';
import { percentile, printMeasures, record } from './lib/report';
import { recordDatabase } from './lib/datasets';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 4);
const WINDOWS = [7, 90, 365];
const DISTRICT = '370105';
const SUB = '370105-008';
const TIERS = ['serious', 'minor', 'near_miss', 'mass_incident'];
const CLASSES = ['group_or_escalated', 'individual', 'screening'];

type Domain = 'safety' | 'stability';

/** The rows the floor scans, as typed arrays; grids by index. */
interface Columns {
  gridCodes: string[];
  incGrid: Int32Array;
  incDay: Int32Array;
  incTier: Uint8Array;
  hazGrid: Int32Array;
  hazFound: Int32Array;
  hazDeadline: Int32Array;
  hazRectified: Int32Array;
  petGrid: Int32Array;
  petDay: Int32Array;
  petClass: Uint8Array;
}

const EPOCH = dayNumber('1970-01-01');
const cst = (t: Date) => Math.floor((t.getTime() + 8 * 3_600_000) / 86_400_000);

async function loadColumns(db: Database): Promise<Columns> {
  return trusted(db.sql, async (tx) => {
    const grids = await tx<
      { id: number; code: string }[]
    >`select id::int, code from area where level = 'grid' and valid_to is null order by id`;
    const index = new Map(grids.map((g, i) => [g.id, i]));
    const idx = (id: number) => index.get(id) ?? -1;
    const inc = { grid: [] as number[], day: [] as number[], tier: [] as number[] };
    for await (const rows of tx<
      { g: number; at: Date; t: string }[]
    >`select grid_id::int as g, occurred_at as at, tier as t from incident`.cursor(50_000)) {
      for (const r of rows) {
        inc.grid.push(idx(r.g));
        inc.day.push(cst(r.at));
        inc.tier.push(TIERS.indexOf(r.t));
      }
    }
    const hazCols = {
      grid: [] as number[],
      found: [] as number[],
      deadline: [] as number[],
      rectified: [] as number[]
    };
    for await (const rows of tx<{ g: number; f: number; d: number; r: number | null }[]>`
      select grid_id::int as g, found_on - date '1970-01-01' as f, deadline - date '1970-01-01' as d, rectified_on - date '1970-01-01' as r from hazard`.cursor(
      50_000
    )) {
      for (const r of rows) {
        hazCols.grid.push(idx(r.g));
        hazCols.found.push(r.f);
        hazCols.deadline.push(r.d);
        hazCols.rectified.push(r.r ?? 2 ** 30);
      }
    }
    const pet = { grid: [] as number[], day: [] as number[], cls: [] as number[] };
    for await (const rows of tx<{ g: number; at: Date; c: string }[]>`
      select grid_id::int as g, received_at as at, petition_class(channel, group_size, level_reached) as c from petition_case`.cursor(
      50_000
    )) {
      for (const r of rows) {
        pet.grid.push(idx(r.g));
        pet.day.push(cst(r.at));
        pet.cls.push(CLASSES.indexOf(r.c));
      }
    }
    return {
      gridCodes: grids.map((g) => g.code),
      incGrid: Int32Array.from(inc.grid),
      incDay: Int32Array.from(inc.day),
      incTier: Uint8Array.from(inc.tier),
      hazGrid: Int32Array.from(hazCols.grid),
      hazFound: Int32Array.from(hazCols.found),
      hazDeadline: Int32Array.from(hazCols.deadline),
      hazRectified: Int32Array.from(hazCols.rectified),
      petGrid: Int32Array.from(pet.grid),
      petDay: Int32Array.from(pet.day),
      petClass: Uint8Array.from(pet.cls)
    };
  });
}

/** The floor: the pyramid's counts from the typed arrays. Days are numbers since 1970-01-01 (CST). */
function floorCounts(c: Columns, mask: Uint8Array, domain: Domain, from: number, to: number): Record<string, number> {
  if (domain === 'safety') {
    const t = [0, 0, 0, 0];
    for (let i = 0; i < c.incGrid.length; i++) {
      const g = c.incGrid[i]!;
      if (g >= 0 && mask[g] && c.incDay[i]! >= from && c.incDay[i]! < to) t[c.incTier[i]!]!++;
    }
    let open = 0,
      overdueNow = 0,
      overdueBefore = 0;
    for (let i = 0; i < c.hazGrid.length; i++) {
      const g = c.hazGrid[i]!;
      if (g < 0 || !mask[g]) continue;
      const f = c.hazFound[i]!,
        d = c.hazDeadline[i]!,
        r = c.hazRectified[i]!;
      if (f < to && r >= to) {
        open++;
        if (d < to) overdueNow++;
      }
      if (f < from && d < from && r >= from) overdueBefore++;
    }
    return {
      serious: t[0]!,
      minor: t[1]!,
      near_miss: t[2]!,
      open_hazard: open,
      overdue_now: overdueNow,
      overdue_before: overdueBefore
    };
  }
  let mass = 0;
  for (let i = 0; i < c.incGrid.length; i++) {
    const g = c.incGrid[i]!;
    if (g >= 0 && mask[g] && c.incTier[i] === 3 && c.incDay[i]! >= from && c.incDay[i]! < to) mass++;
  }
  const k = [0, 0, 0];
  for (let i = 0; i < c.petGrid.length; i++) {
    const g = c.petGrid[i]!;
    if (g >= 0 && mask[g] && c.petDay[i]! >= from && c.petDay[i]! < to) k[c.petClass[i]!]!++;
  }
  return { mass_incident: mass, group_or_escalated: k[0]!, individual: k[1]!, screening: k[2]! };
}

function timeSync(fn: () => unknown, n: number): number[] {
  for (let i = 0; i < 3; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function timeAsync(fn: () => Promise<unknown>, n: number): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const counts = (domain: Domain, tx: Tx, code: string, from: string, to: string): Promise<Record<string, number>> =>
  (domain === 'safety' ? safetyCounts(tx, code, from, to) : stabilityCounts(tx, code, from, to)) as unknown as Promise<
    Record<string, number>
  >;

interface Target {
  db: Database;
  app: RunningApp;
  cookie: string;
  token: string;
  endDate: string;
  /** Server URL for pgbench; undefined on the embedded engine. */
  url?: string;
}

async function measure(t: Target) {
  const { name: dataset } = await recordDatabase('aggregates', t.url ? 'server' : 'embedded', t.db.sql);
  const cols = await loadColumns(t.db);
  const [gridCode] = cols.gridCodes.filter((g) => g.startsWith(`${SUB}-`));
  const scopes = [
    ['district', DISTRICT],
    ['sub-district', SUB],
    ['grid', gridCode!]
  ] as const;
  const toExclusive = dateOfDay(dayNumber(t.endDate) + 1);
  const pgbench = t.url && pgbenchAvailable();
  for (const domain of ['safety', 'stability'] as const) {
    for (const [scope, code] of scopes) {
      if (domain === 'stability' && scope === 'grid') continue;
      const mask = Uint8Array.from(cols.gridCodes, (g) => (g === code || g.startsWith(`${code}-`) ? 1 : 0));
      for (const days of WINDOWS) {
        const from = dateOfDay(dayNumber(t.endDate) - days + 1);
        const path = `/api/analytics/pyramid?area=${code}&domain=${domain}&from=${from}&to=${t.endDate}`;
        const fetchOnce = async () => {
          const res = await fetch(`${t.app.baseUrl}${path}`, { headers: { cookie: t.cookie } });
          if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
          return res.json() as Promise<{ pyramid: { tiers: { id: string; count: number }[] } }>;
        };
        // The three agree before anything is timed.
        const sqlCounts = await withCaller(t.db.sql, t.token, (tx) => counts(domain, tx, code, from, toExclusive));
        const floor = floorCounts(cols, mask, domain, dayNumber(from) - EPOCH, dayNumber(toExclusive) - EPOCH);
        const api = await fetchOnce();
        const apiTiers = Object.fromEntries(api.pyramid.tiers.map((x) => [x.id, x.count]));
        for (const [k, v] of Object.entries(apiTiers)) {
          if (sqlCounts[k] !== v || floor[k] !== v) {
            throw new Error(`${domain} ${code} ${from}: ${k} API ${v}, SQL ${sqlCounts[k]}, floor ${floor[k]}`);
          }
        }
        const apiMs = await timeAsync(fetchOnce, REQUESTS);
        const floorMs = timeSync(
          () => floorCounts(cols, mask, domain, dayNumber(from) - EPOCH, dayNumber(toExclusive) - EPOCH),
          Math.max(5, Math.min(REQUESTS, 20))
        );
        let sqlMs: number[];
        let sqlName: string;
        if (pgbench) {
          const cap = capturingClient(t.url!);
          await withCaller(cap.sql as never, t.token, async (tx) => {
            await findArea(tx, code);
            await counts(domain, tx, code, from, toExclusive);
          });
          await cap.sql.end();
          sqlMs = runPgbench(t.url!, pgbenchScript(cap.captured), PGBENCH_SECONDS);
          sqlName = 'same SQL, pgbench -M prepared';
        } else {
          sqlMs = await timeAsync(
            () =>
              withCaller(t.db.sql, t.token, async (tx) => {
                await findArea(tx, code);
                await counts(domain, tx, code, from, toExclusive);
              }),
            REQUESTS
          );
          sqlName = 'same queries in-process, no HTTP';
        }
        const name = `${domain} pyramid, ${scope}, ${days} days`;
        const api95 = percentile(apiMs, 95),
          sql95 = percentile(sqlMs, 95),
          floor95 = percentile(floorMs, 95);
        const gated = domain === 'safety' && scope === 'district' && days === 90 && t.url;
        const api50 = percentile(apiMs, 50),
          sql50 = percentile(sqlMs, 50);
        record({
          bench: 'aggregates',
          dataset,
          measure: `${name}: API p95`,
          unit: 'ms',
          value: api95,
          baseline: `${sqlName} p95`,
          baselineValue: sql95,
          better: 'lower',
          target: gated ? { text: 'API p95 < 150 ms', met: api95 < 150 } : undefined,
          extra: { 'API p50': api50, 'SQL p50': sql50, 'SQL runs': sqlMs.length }
        });
        if (gated) {
          // The API's overhead over the same SQL, at the median and at p95 (the tail of a few dozen
          // samples on a shared machine moves a lot).
          record({
            bench: 'aggregates',
            dataset,
            measure: `${name}: API p50`,
            unit: 'ms',
            value: api50,
            baseline: `${sqlName} p50`,
            baselineValue: sql50,
            better: 'lower',
            target: { text: 'API ≤ 1.5× the SQL (median)', met: api50 / sql50 <= 1.5 },
            extra: { 'p95 ratio': api95 / sql95 }
          });
        }
        record({
          bench: 'aggregates',
          dataset,
          measure: `${name}: SQL p95`,
          unit: 'ms',
          value: sql95,
          baseline: 'typed-array scan of the same rows (floor) p95',
          baselineValue: floor95,
          better: 'lower'
        });
      }
    }
  }
}

async function commanderToken(db: Database): Promise<string> {
  const [row] = await trusted(
    db.sql,
    (tx) => tx<{ id: number }[]>`select id::int from app_user where username = 'bench-commander'`
  );
  const id = row
    ? row.id
    : await createUser(db.sql, {
        username: 'bench-commander',
        displayName: 'bench',
        role: 'commander',
        homeAreaCode: DISTRICT,
        password: 'bench-commander-password'
      });
  return createSession(db.sql, id);
}

buildIfStale((line) => console.log(line));

// Embedded: the app's own first start seeds the demo (seed and end date as configured); the
// in-process copy is seeded the same way, so both hold the same rows. BENCH_EMBEDDED=0 skips it.
if (process.env.BENCH_EMBEDDED !== '0') {
  const dataDir = mkdtempSync(join(tmpdir(), 'pingan-bench-agg-'));
  const endDate = todayInChina();
  const app = await startApp({ env: { DATA_DIR: dataDir }, logName: 'bench-aggregates-embedded.log' });
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(db.sql, loadMigrations(join(projectRoot(), 'db', 'migrations')));
    await seedDemo(db.sql, { seed: readConfig().demoSeed, endDate, scale: 1 });
    await measure({
      db,
      app,
      cookie: await signInCookie(
        app.baseUrl,
        DEMO_USERS.find((u) => u.username === 'commander')!
      ),
      token: await commanderToken(db),
      endDate
    });
  } finally {
    await db.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_APP_DATABASE_URL) {
  const url = process.env.BENCH_APP_DATABASE_URL;
  const db = await openDatabase({ databaseUrl: url, dataDir: 'unused' });
  try {
    await migrate(db.sql, loadMigrations(join(projectRoot(), 'db', 'migrations')));
    const [meta] = await trusted(
      db.sql,
      (tx) => tx<{ endDate: string }[]>`select value->>'endDate' as "endDate" from dataset_meta where key = 'demo'`
    );
    if (!meta) throw new Error(`${url} holds no seeded data: run npm run seed -- --events N against it first`);
    const token = await commanderToken(db);
    const app = await startApp({ env: { DATABASE_URL: url }, logName: 'bench-aggregates-server.log' });
    try {
      await measure({ db, app, cookie: `pingan_session=${token}`, token, endDate: meta.endDate, url });
    } finally {
      await app.stop();
    }
  } finally {
    await db.close();
  }
} else {
  console.log('(set BENCH_APP_DATABASE_URL to a seeded PostGIS database to measure a server too)');
}
printMeasures();
