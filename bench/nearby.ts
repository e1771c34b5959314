/**
 * Nearby search over 100,000 sites: the KNN query the inspector's page runs (`<->` on the GiST
 * index of geom::geography, as the district commander through row-level security, in the app's
 * transaction) and the whole nearby query (2 km, with hazards, recency and incidents), against a
 * geokdbush in-memory baseline over the same points (k nearest, and all within 2 km). Latency per
 * query, p50 and p99 over random positions in the district; each is record()ed with geokdbush's
 * figure as its baseline (ratio = SQL ÷ geokdbush).
 *
 * Environment (all optional):
 *   BENCH_SITES         sites (enterprises) added to the demo data (default 100000)
 *   BENCH_QUERIES       timed positions per query, after 30 warm-up (default 300; ~45 s embedded)
 *   BENCH_DATABASE_URL  a PostGIS server: also measured there, in a scratch database created beside
 *                       the one named (which is not written) and dropped afterwards
 *
 *   npm run bench -- nearby
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55499/postgres npm run bench -- nearby
 */
import { join } from 'node:path';
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { Database } from '../src/lib/server/db/connect';
import { loadMigrations, migrate } from '../src/lib/server/db/migrate';
import { trusted, withCaller } from '../src/lib/server/db/contexts';
import { seedDemo } from '../src/lib/server/seed/seed-demo';
import { createUser } from '../src/lib/server/auth/users';
import { createSession } from '../src/lib/server/auth/sessions';
import { nearbySites } from '../src/lib/server/queries/nearby-sites';
import { createRandom } from '../src/lib/core/random';
import { projectRoot } from '../src/lib/server/project-root';
import { record, printMeasures, percentile } from './lib/report';
import { recordDatabase, type Engine } from './lib/datasets';
import { onEmbeddedAndScratchServer } from './lib/scratch-database';

const SITES = Number(process.env.BENCH_SITES ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const WARMUP = 30;
const K = 20;
const RADIUS_M = 2000;
const END = '2026-11-23';

async function latencies(
  positions: [number, number][],
  fn: (p: [number, number]) => Promise<unknown> | unknown
): Promise<number[]> {
  for (const p of positions.slice(0, WARMUP)) await fn(p);
  const out: number[] = [];
  for (const p of positions.slice(WARMUP)) {
    const t0 = performance.now();
    await fn(p);
    out.push(performance.now() - t0);
  }
  return out;
}

async function measure(engine: Engine, db: Database) {
  await migrate(db.sql, loadMigrations(join(projectRoot(), 'db', 'migrations')));
  await seedDemo(db.sql, { seed: 1, endDate: END, scale: 0.05 });
  // SITES enterprises at random points of the district's grids, in proportion to their area.
  await trusted(
    db.sql,
    (tx) => tx`
    with g as (select id, geom, ST_Area(geom::geography) as a from area where level = 'grid' and valid_to is null),
    t as (select sum(a) as total from g)
    insert into enterprise (name, industry, risk_class, geom, created_on)
    select 'bench', 'other', (array['red', 'orange', 'yellow', 'blue'])[1 + (p.path[1] % 4)], p.geom, '2026-01-01'
    from g, t, lateral ST_Dump(ST_GeneratePoints(g.geom, greatest(1, round(${SITES}::float8 * g.a / t.total))::int, g.id::int)) p`
  );
  await trusted(db.sql, (tx) => tx`analyze`);
  const points = await trusted(
    db.sql,
    (tx) => tx<{ x: number; y: number }[]>`select ST_X(geom) as x, ST_Y(geom) as y from enterprise`
  );
  const dataset = (
    await recordDatabase('nearby', engine, db.sql, ['enterprise'], `${points.length.toLocaleString('en')} sites`)
  ).name;
  const [box] = await trusted(
    db.sql,
    (tx) => tx<{ x0: number; y0: number; x1: number; y1: number }[]>`
    select ST_XMin(geom) as x0, ST_YMin(geom) as y0, ST_XMax(geom) as x1, ST_YMax(geom) as y1 from area where level = 'district' and valid_to is null`
  );
  const token = await createSession(
    db.sql,
    await createUser(db.sql, {
      username: `bench_cmd_${process.pid}`,
      displayName: 'bench',
      role: 'commander',
      homeAreaCode: '370105',
      password: 'bench-password-2026'
    })
  );

  const index = new KDBush(points.length);
  for (const p of points) index.add(p.x, p.y);
  index.finish();

  const rng = createRandom(42).fork('nearby-bench');
  const positions: [number, number][] = Array.from({ length: QUERIES + WARMUP }, () => [
    box!.x0 + rng.next() * (box!.x1 - box!.x0),
    box!.y0 + rng.next() * (box!.y1 - box!.y0)
  ]);

  const knnSql = await latencies(positions, ([lon, lat]) =>
    withCaller(
      db.sql,
      token,
      (tx) => tx`
    select id from enterprise
    order by geom::geography <-> ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)::geography
    limit ${K}`
    )
  );
  const knnKd = await latencies(positions, ([lon, lat]) => around(index, lon, lat, K));
  const nearSql = await latencies(positions, ([lon, lat]) =>
    withCaller(db.sql, token, (tx) => nearbySites(tx, { lon, lat }, RADIUS_M, END))
  );
  const nearKd = await latencies(positions, ([lon, lat]) => around(index, lon, lat, Infinity, RADIUS_M / 1000));

  const add = (query: string, sqlMs: number[], kdMs: number[], kd: string) => {
    for (const p of [50, 99]) {
      const value = percentile(sqlMs, p);
      const baselineValue = percentile(kdMs, p);
      console.log(`  ${query}, p${p}: SQL ${value.toFixed(2)} ms, geokdbush ${baselineValue.toFixed(3)} ms`);
      record({
        bench: 'nearby',
        measure: `${query}, p${p} over ${sqlMs.length} positions`,
        dataset,
        unit: 'ms',
        value,
        baseline: `geokdbush ${kd}, same points (in-memory k-d tree)`,
        baselineValue,
        better: 'lower'
      });
    }
  };
  console.log(`${dataset}:`);
  add(`KNN top ${K} (RLS, app transaction)`, knnSql, knnKd, `${K} nearest`);
  add(`nearby ${RADIUS_M} m, full (hazards, recency, incidents)`, nearSql, nearKd, `all within ${RADIUS_M} m`);
}

await onEmbeddedAndScratchServer('pingan_bench_nearby', measure, 10);
printMeasures();
