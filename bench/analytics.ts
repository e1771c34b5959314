/**
 * Analytics aggregates against the floor, side by side in one run: each aggregate of the analytics
 * engine for the whole district and for one sub-district, timed as the API runs it (on behalf of a
 * district commander's session: withCaller, role pingan_app, row-level security on) next to a plain
 * typed-array loop over the same rows in Node (the floor: no database, no SQL, data already in
 * memory). The same SQL as trusted server code (no row-level security) is an extra figure. Figures
 * are medians of BENCH_RUNS runs; every measure is record()ed with the floor as its baseline.
 *
 * Environment (all optional):
 *   BENCH_EMBEDDED_SCALE  demo scale on the embedded PGlite (default 2 ≈ 0.18M events, ~1 min; 0 skips it)
 *   BENCH_RUNS            runs per figure, median reported (default 5)
 *   BENCH_ANALYTICS_DATABASE_URL  a SCRATCH PostGIS database: also measured there, after re-seeding it
 *                         at BENCH_SCALE (default 20 ≈ 1.8M events). Never point it at a database
 *                         whose data you want to keep (not the 10M DATABASE_URL of `npm run bench`).
 *   BENCH_SCALE           demo scale seeded into that server database (default 20)
 *   BENCH_KEEP_DATA=1     reuse that server database when it already holds the bench's data set
 *                         (seed 1, end date 2026-11-23, any scale) instead of re-seeding it
 *
 *   npm run bench -- analytics
 *   BENCH_ANALYTICS_DATABASE_URL=postgres://…/scratch BENCH_KEEP_DATA=1 npm run bench -- analytics
 *
 * Pending migrations are applied to the database first.
 */
import { openDatabase, type Database } from '../src/lib/server/db/connect';
import { loadMigrations, migrate } from '../src/lib/server/db/migrate';
import { trusted, withCaller, type Tx } from '../src/lib/server/db/contexts';
import { createUser } from '../src/lib/server/auth/users';
import { createSession } from '../src/lib/server/auth/sessions';
import { seedDemo } from '../src/lib/server/seed/seed-demo';
import { safetyCounts } from '../src/lib/server/queries/pyramid';
import { riskInputs } from '../src/lib/server/queries/risk-inputs';
import { petitionTrends } from '../src/lib/server/queries/petition-trends';
import { gridEventCounts } from '../src/lib/server/queries/grid-event-counts';
import { heatBins } from '../src/lib/server/queries/heat-bins';
import { heatBinSize } from '../src/lib/geo/heat-bin-size';
import { projectRoot } from '../src/lib/server/project-root';
import { join } from 'node:path';
import { record, printMeasures, fmt } from './lib/report';
import { recordDatabase, type Engine } from './lib/datasets';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const END = '2026-11-23';
const FROM = '2025-11-24';
const TO = '2026-11-24';
const SUB = '370105-008';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** The raw rows the floor loops over, as typed arrays. */
interface Columns {
  gridCode: string[];
  /** Per grid: index of its sub-district code prefix match for SUB (1) or not (0). */
  inSub: Uint8Array;
  incGrid: Int32Array;
  incTier: Uint8Array;
  incAt: Float64Array;
  hazGrid: Int32Array;
  hazFound: Int32Array;
  hazDeadline: Int32Array;
  hazRectified: Int32Array;
  petGrid: Int32Array;
  petAt: Float64Array;
  petClosed: Float64Array;
  petX: Float64Array;
  petY: Float64Array;
}

const day = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);
const instant = (d: string) => Date.parse(`${d}T00:00:00+08:00`);

async function loadColumns(tx: Tx): Promise<Columns> {
  const grids = await tx<{ id: number; code: string }[]>`select id, code from area where level = 'grid' order by id`;
  const index = new Map(grids.map((g, i) => [g.id, i]));
  const inc = await tx<
    { g: number; t: string; at: Date }[]
  >`select grid_id as g, tier as t, occurred_at as at from incident where domain = 'safety'`;
  const haz = await tx<{ g: number; f: number; d: number; r: number | null }[]>`
    select grid_id as g, found_on - date '1970-01-01' as f, deadline - date '1970-01-01' as d, rectified_on - date '1970-01-01' as r from hazard`;
  const pet = await tx<{ g: number; at: Date; c: Date | null; x: number; y: number }[]>`
    select grid_id as g, received_at as at, closed_at as c, ST_X(geom) as x, ST_Y(geom) as y from petition_case`;
  const tiers = ['serious', 'minor', 'near_miss'];
  return {
    gridCode: grids.map((g) => g.code),
    inSub: Uint8Array.from(grids, (g) => (g.code.startsWith(`${SUB}-`) ? 1 : 0)),
    incGrid: Int32Array.from(inc, (r) => index.get(r.g)!),
    incTier: Uint8Array.from(inc, (r) => tiers.indexOf(r.t)),
    incAt: Float64Array.from(inc, (r) => r.at.getTime()),
    hazGrid: Int32Array.from(haz, (r) => index.get(r.g)!),
    hazFound: Int32Array.from(haz, (r) => r.f),
    hazDeadline: Int32Array.from(haz, (r) => r.d),
    hazRectified: Int32Array.from(haz, (r) => r.r ?? 2 ** 30),
    petGrid: Int32Array.from(pet, (r) => index.get(r.g)!),
    petAt: Float64Array.from(pet, (r) => r.at.getTime()),
    petClosed: Float64Array.from(pet, (r) => r.c?.getTime() ?? Infinity),
    petX: Float64Array.from(pet, (r) => r.x),
    petY: Float64Array.from(pet, (r) => r.y)
  };
}

/** Floors: the same figures from the typed arrays. `sub` limits to grids of SUB. */
const floors = {
  pyramid(c: Columns, sub: boolean) {
    const t = [0, 0, 0];
    const a = instant(FROM),
      b = instant(TO);
    for (let i = 0; i < c.incGrid.length; i++)
      if ((!sub || c.inSub[c.incGrid[i]!]) && c.incAt[i]! >= a && c.incAt[i]! < b) t[c.incTier[i]!]!++;
    let open = 0;
    const to = day(TO);
    for (let i = 0; i < c.hazGrid.length; i++)
      if ((!sub || c.inSub[c.hazGrid[i]!]) && c.hazFound[i]! < to && c.hazRectified[i]! >= to) open++;
    return [...t, open];
  },
  trends(c: Columns, sub: boolean) {
    const months = 12;
    const edges = Array.from({ length: months + 1 }, (_, m) =>
      instant(`${2025 + Math.floor((11 + m - 1) / 12)}-${String(((10 + m) % 12) + 1).padStart(2, '0')}-01`)
    );
    const out = new Int32Array(months * 3);
    for (let i = 0; i < c.petGrid.length; i++) {
      if (sub && !c.inSub[c.petGrid[i]!]) continue;
      for (let m = 0; m < months; m++) {
        if (c.petAt[i]! >= edges[m]! && c.petAt[i]! < edges[m + 1]!) out[m * 3]!++;
        if (c.petClosed[i]! >= edges[m]! && c.petClosed[i]! < edges[m + 1]!) out[m * 3 + 1]!++;
        if (c.petAt[i]! < edges[m + 1]! && c.petClosed[i]! >= edges[m + 1]!) out[m * 3 + 2]!++;
      }
    }
    return out;
  },
  gridCounts(c: Columns, sub: boolean) {
    const out = new Int32Array(c.gridCode.length);
    const a = instant(FROM),
      b = instant(TO);
    for (let i = 0; i < c.petGrid.length; i++)
      if ((!sub || c.inSub[c.petGrid[i]!]) && c.petAt[i]! >= a && c.petAt[i]! < b) out[c.petGrid[i]!]!++;
    return out;
  },
  heat(c: Columns, size: number) {
    const bins = new Map<number, number>();
    const a = instant(FROM),
      b = instant(TO);
    for (let i = 0; i < c.petX.length; i++) {
      if (c.petAt[i]! < a || c.petAt[i]! >= b) continue;
      const k = Math.floor(c.petX[i]! / size) * 100_000 + Math.floor(c.petY[i]! / size);
      bins.set(k, (bins.get(k) ?? 0) + 1);
    }
    return bins.size;
  }
};

/** Whether the database already holds the bench's data set (seed 1, end date END). */
async function holdsBenchData(db: Database): Promise<boolean> {
  const [meta] = await trusted(
    db.sql,
    (tx) => tx<{ seed: number; endDate: string }[]>`
    select (value->>'seed')::int as seed, value->>'endDate' as "endDate" from dataset_meta where key = 'demo'`
  );
  return meta?.seed === 1 && meta.endDate === END;
}

/** A district commander's session, as the API's requests run. */
async function commanderSession(db: Database): Promise<string> {
  const [row] = await trusted(
    db.sql,
    (tx) => tx<{ id: number }[]>`select id from app_user where username = 'bench-commander'`
  );
  const id = row
    ? Number(row.id)
    : await createUser(db.sql, {
        username: 'bench-commander',
        displayName: 'bench',
        role: 'commander',
        homeAreaCode: '370105',
        password: 'bench-commander-password'
      });
  return createSession(db.sql, id);
}

async function measure(engine: Engine, db: Database, scale: number, keepData = false) {
  await migrate(db.sql, loadMigrations(join(projectRoot(), 'db', 'migrations')));
  if (!(keepData && (await holdsBenchData(db)))) await seedDemo(db.sql, { seed: 1, endDate: END, scale });
  // Statistics as a running server's autovacuum would have them; PGlite has no autovacuum, and without
  // them the planner picks plans 50× slower (district pyramid 1.5 s instead of 20 ms at scale 2).
  await trusted(db.sql, (tx) => tx`analyze`);
  const dataset = (await recordDatabase('analytics', engine, db.sql)).name;
  console.log(`${dataset}: median of ${RUNS} runs per figure`);
  const token = await commanderSession(db);
  const cols = await trusted(db.sql, loadColumns);
  const size = heatBinSize(13);
  const add = async (aggregate: string, scope: string, sqlFn: (tx: Tx) => Promise<unknown>, floorFn: () => unknown) => {
    const trustedMs = await time(() => trusted(db.sql, sqlFn));
    const callerMs = await time(() => withCaller(db.sql, token, sqlFn));
    const floorMs = await time(floorFn);
    console.log(
      `  ${aggregate}, ${scope}: as a commander ${fmt(callerMs)} ms, trusted ${fmt(trustedMs)} ms, floor ${fmt(floorMs)} ms`
    );
    record({
      bench: 'analytics',
      measure: `${aggregate}, ${scope}, as a commander (RLS)`,
      dataset,
      unit: 'ms',
      value: callerMs,
      baseline: 'typed-array loop over the same rows in Node (floor)',
      baselineValue: floorMs,
      better: 'lower',
      extra: { 'without RLS': `${fmt(trustedMs)} ms`, 'RLS ÷ without': callerMs / trustedMs }
    });
  };
  for (const [scope, code, sub] of [
    ['district', '370105', false],
    ['sub-district', SUB, true]
  ] as const) {
    await add(
      'pyramid (safety, 1 year)',
      scope,
      (tx) => safetyCounts(tx, code, FROM, TO),
      () => floors.pyramid(cols, sub)
    );
    await add(
      'petition trends (12 months)',
      scope,
      (tx) => petitionTrends(tx, code, '2025-12', '2026-11'),
      () => floors.trends(cols, sub)
    );
    await add(
      'petitions per grid (1 year, Gi* input)',
      scope,
      (tx) => gridEventCounts(tx, code, { kind: 'petition' }, FROM, TO),
      () => floors.gridCounts(cols, sub)
    );
    await add(
      'risk inputs of the children (1 year)',
      scope,
      (tx) => riskInputs(tx, code, FROM, TO, true),
      () => {
        floors.pyramid(cols, sub);
        floors.gridCounts(cols, sub);
      }
    );
  }
  await add(
    'heat bins, zoom 13, district bbox (1 year)',
    'district',
    (tx) => heatBins(tx, 'petition', [116.86, 36.66, 117.09, 36.87], size, FROM, TO),
    () => floors.heat(cols, size)
  );
}

const embeddedScale = Number(process.env.BENCH_EMBEDDED_SCALE ?? 2);
if (embeddedScale > 0) {
  const embedded = await openDatabase({ dataDir: 'memory://' });
  try {
    await measure('embedded', embedded, embeddedScale);
  } finally {
    await embedded.close();
  }
}
const serverUrl = process.env.BENCH_ANALYTICS_DATABASE_URL;
if (serverUrl) {
  const server = await openDatabase({ databaseUrl: serverUrl, dataDir: 'unused' });
  try {
    await measure('server', server, Number(process.env.BENCH_SCALE ?? 20), process.env.BENCH_KEEP_DATA === '1');
  } finally {
    await server.close();
  }
} else {
  console.log(
    '(BENCH_ANALYTICS_DATABASE_URL=<scratch PostGIS database> adds a server at BENCH_SCALE=20 ≈ 1.8M events)'
  );
}
printMeasures();
