/**
 * Grid assignment at write time: rows/s of inserting located events through the point-in-polygon
 * trigger (assign_grid, GiST on area.geom) against the floor measured in the same run — the same
 * rows inserted into a copy of the table without the trigger and without the spatial lookup.
 *
 * Runs on the embedded PGlite, and on DATABASE_URL's server when set (a scratch schema is created
 * and dropped there). Prints figures and the ratio; never asserts on time.
 */
import { openDatabase, type Database } from '../src/lib/server/db/connect';
import { loadMigrations, migrate } from '../src/lib/server/db/migrate';
import { seedDemo } from '../src/lib/server/seed/seed-demo';
import { createRandom } from '../src/lib/seed/random';
import { join } from 'node:path';
import { projectRoot } from '../src/lib/server/project-root';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const REPEAT = 3;

async function prepare(db: Database) {
  await migrate(db.sql, loadMigrations(join(projectRoot(), 'db', 'migrations')));
  const [areas] = await db.sql<{ n: number }[]>`select count(*)::int as n from area where level = 'grid'`;
  if (areas!.n === 0) await seedDemo(db.sql, { seed: 1, endDate: '2026-11-23', scale: 0.01 });
  await db.sql`drop table if exists bench_floor`;
  await db.sql`create table bench_floor (like hazard including all)`;
}

function points(seed: number) {
  // Uniform in the district's bounding box, kept if inside (the trigger refuses points outside).
  const r = createRandom(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  while (xs.length < ROWS) {
    xs.push(r.uniform(116.93, 117.06));
    ys.push(r.uniform(36.67, 36.84));
  }
  return { xs, ys };
}

async function insert(db: Database, table: 'hazard' | 'bench_floor', xs: number[], ys: number[]) {
  const t0 = performance.now();
  await db.sql.begin(async (tx) => {
    await tx`
      insert into ${tx(table)} (district_code, grid_id, level, status, source, found_on, deadline, geom)
      select '370105', 0, 'general', 'open', 'public_report', date '2026-11-01', date '2026-11-20',
             ST_SetSRID(ST_MakePoint(x, y), 4326)
      from unnest(${xs}::float8[], ${ys}::float8[]) as t(x, y)
      where ST_Covers((select geom from area where level = 'district'), ST_SetSRID(ST_MakePoint(x, y), 4326))`;
    // Measure, then leave the tables as they were.
    throw Object.assign(new Error('rollback'), { rollback: true });
  }).catch((e) => {
    if (!(e as { rollback?: boolean }).rollback) throw e;
  });
  return performance.now() - t0;
}

async function measure(name: string, db: Database) {
  await prepare(db);
  const { xs, ys } = points(7);
  const [inside] = await db.sql<{ n: number }[]>`
    select count(*)::int as n from unnest(${xs}::float8[], ${ys}::float8[]) as t(x, y)
    where ST_Covers((select geom from area where level = 'district'), ST_SetSRID(ST_MakePoint(x, y), 4326))`;
  const best = { trigger: Infinity, floor: Infinity };
  for (let i = 0; i < REPEAT; i++) {
    // Alternate so drift in machine load hits both sides alike.
    best.floor = Math.min(best.floor, await insert(db, 'bench_floor', xs, ys));
    best.trigger = Math.min(best.trigger, await insert(db, 'hazard', xs, ys));
  }
  await db.sql`drop table bench_floor`;
  const rate = (ms: number) => Math.round(inside!.n / (ms / 1000));
  return {
    engine: name,
    rows: inside!.n,
    'trigger rows/s': rate(best.trigger),
    'floor rows/s (no trigger)': rate(best.floor),
    'trigger time ÷ floor time': Number((best.trigger / best.floor).toFixed(2))
  };
}

const results = [];
const embedded = await openDatabase({ dataDir: 'memory://' });
try {
  results.push(await measure('pglite (embedded)', embedded));
} finally {
  await embedded.close();
}
if (process.env.DATABASE_URL) {
  const server = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: 'unused' });
  try {
    results.push(await measure('postgis server', server));
  } finally {
    await server.close();
  }
} else {
  console.log('(set DATABASE_URL to a PostGIS server to measure it side by side)');
}
console.log(`grid assignment at write time, best of ${REPEAT}, ${ROWS} candidate points`);
console.table(results);
