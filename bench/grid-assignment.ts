/**
 * Grid assignment of new events, in points/s, four ways on the same points and the same grids (the
 * current grids of the demo district):
 * - set-based SQL: one INSERT … SELECT of located hazards through the point-in-polygon trigger
 *   (assign_grid: ST_Covers on the GiST index of area.geom, lowest id on shared edges), rolled back;
 * - Node, turf: booleanPointInPolygon over all grids in id order;
 * - Node, flatbush 4.7 (grid bounding boxes) + point-in-polygon-hao 1.2 on the candidates;
 * - the typed-array floor: a 1024 × 1024 uniform raster of the grids' extent in an Int32Array (one
 *   read per point), with flatbush + point-in-polygon-hao only for points in cells a grid edge may
 *   cross (bench/lib/grid-lookups.ts).
 * Every figure's baseline is the floor measured in the same run (ratio = figure ÷ floor: below 1,
 * slower than the floor). Every Node way is checked to give the SQL assignment (assign_grid) point
 * for point, on the random points and on points placed on grid vertices and edge midpoints;
 * disagreements are counted and the first few printed with their distance to the grids' edges.
 *
 * Extra figures: SQL lookup alone (SELECT assign_grid over the points, no insert) and the same
 * INSERT into a copy of the table without the trigger (the write's own cost).
 *
 *   npm run bench -- grid-assignment
 *   node --import tsx bench/grid-assignment.ts
 *   BENCH_DATABASE_URL=postgres://…/any node --import tsx bench/grid-assignment.ts  # also a PostGIS server, in a scratch database created beside the one named (never written) and dropped
 *
 * Knobs: BENCH_ROWS (candidate points, default 20,000; those inside the district are used),
 * BENCH_EDGE_POINTS (vertex and edge-midpoint points for the check, default 4,000), BENCH_REPEAT
 * (timed runs, best taken; default 3).
 */
import { join } from 'node:path';
import type { MultiPolygon } from 'geojson';
import type { Database } from '../src/lib/server/db/connect';
import { loadMigrations, migrate } from '../src/lib/server/db/migrate';
import { seedDemo } from '../src/lib/server/seed/seed-demo';
import { countRows } from '../src/lib/server/seed/write-dataset';
import { createRandom } from '../src/lib/core/random';
import { projectRoot } from '../src/lib/server/project-root';
import { record, recordDataset, printMeasures, fmt } from './lib/report';
import { onEmbeddedAndScratchServer } from './lib/scratch-database';
import {
  assignWithFlatbush,
  assignWithRaster,
  assignWithTurf,
  buildRaster,
  createGrids,
  indexGrids,
  type Grid
} from './lib/grid-lookups';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const EDGE_POINTS = Number(process.env.BENCH_EDGE_POINTS ?? 4_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

async function prepare(db: Database) {
  await migrate(db.sql, loadMigrations(join(projectRoot(), 'db', 'migrations')));
  const [areas] = await db.sql<{ n: number }[]>`select count(*)::int as n from area where level = 'grid'`;
  if (areas!.n === 0) await seedDemo(db.sql, { seed: 1, endDate: '2026-11-23', scale: 0.01 });
  await db.sql`drop table if exists bench_floor`;
  await db.sql`create table bench_floor (like hazard including all)`;
}

/** Candidate points uniform in the district's bounding box; the caller keeps those inside. */
function candidates(seed: number) {
  const r = createRandom(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  while (xs.length < ROWS) {
    xs.push(r.uniform(116.93, 117.06));
    ys.push(r.uniform(36.67, 36.84));
  }
  return { xs, ys };
}

/** Points on the grids' boundaries: vertices and edge midpoints, where two grids meet. */
function edgePoints(grids: Grid[], seed: number) {
  const r = createRandom(seed);
  const xs = new Float64Array(EDGE_POINTS);
  const ys = new Float64Array(EDGE_POINTS);
  for (let i = 0; i < EDGE_POINTS; i++) {
    const g = grids[r.int(0, grids.length - 1)]!;
    const ring = g.polygons[r.int(0, g.polygons.length - 1)]![0]!;
    const k = r.int(1, ring.length - 1);
    const [ax, ay] = ring[k - 1]!;
    const [bx, by] = ring[k]!;
    const t = i % 2 === 0 ? 0 : 0.5;
    xs[i] = ax! + t * (bx! - ax!);
    ys[i] = ay! + t * (by! - ay!);
  }
  return { xs, ys };
}

async function sqlAssignment(db: Database, xs: Float64Array, ys: Float64Array): Promise<Int32Array> {
  const rows = await db.sql<{ id: number | null }[]>`
    select assign_grid(ST_SetSRID(ST_MakePoint(x, y), 4326)) as id
    from unnest(${Array.from(xs)}::float8[], ${Array.from(ys)}::float8[]) with ordinality as t(x, y, ord)
    order by ord`;
  return Int32Array.from(rows, (r) => (r.id === null ? -1 : Number(r.id)));
}

async function timeInsert(db: Database, table: 'hazard' | 'bench_floor', xs: number[], ys: number[]) {
  const t0 = performance.now();
  await db.sql
    .begin(async (tx) => {
      await tx`
        insert into ${tx(table)} (district_code, grid_id, level, status, source, found_on, deadline, geom)
        select '370105', 0, 'general', 'open', 'public_report', date '2026-11-01', date '2026-11-20',
               ST_SetSRID(ST_MakePoint(x, y), 4326)
        from unnest(${xs}::float8[], ${ys}::float8[]) as t(x, y)`;
      // Measure, then leave the tables as they were.
      throw Object.assign(new Error('rollback'), { rollback: true });
    })
    .catch((e) => {
      if (!(e as { rollback?: boolean }).rollback) throw e;
    });
  return performance.now() - t0;
}

async function timeLookup(db: Database, xs: number[], ys: number[]) {
  const t0 = performance.now();
  await db.sql`
    select count(assign_grid(ST_SetSRID(ST_MakePoint(x, y), 4326)))
    from unnest(${xs}::float8[], ${ys}::float8[]) as t(x, y)`;
  return performance.now() - t0;
}

function best(fn: () => void): number {
  let ms = Infinity;
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

/** Metres from (x, y) to the nearest edge of a grid (local equirectangular projection). */
function metresToEdge(g: Grid, x: number, y: number): number {
  const kx = 111_320 * Math.cos((y * Math.PI) / 180);
  const ky = 110_574;
  let d = Infinity;
  for (const poly of g.polygons)
    for (const ring of poly)
      for (let k = 1; k < ring.length; k++) {
        const ax = (ring[k - 1]![0]! - x) * kx,
          ay = (ring[k - 1]![1]! - y) * ky;
        const bx = (ring[k]![0]! - x) * kx,
          by = (ring[k]![1]! - y) * ky;
        const vx = bx - ax,
          vy = by - ay;
        const t = Math.max(0, Math.min(1, -(ax * vx + ay * vy) / (vx * vx + vy * vy || 1)));
        d = Math.min(d, Math.hypot(ax + t * vx, ay + t * vy));
      }
  return d;
}

/** Disagreements of a Node way with SQL, as a count and a few examples. */
function compare(grids: Grid[], name: string, sqlIds: Int32Array, got: Int32Array, xs: Float64Array, ys: Float64Array) {
  const idOf = (g: number) => (g < 0 ? null : grids[g]!.id);
  const byId = new Map(grids.map((g) => [g.id, g]));
  const bad: string[] = [];
  let n = 0;
  for (let i = 0; i < got.length; i++) {
    const mine = idOf(got[i]!);
    const theirs = sqlIds[i]! < 0 ? null : sqlIds[i]!;
    if (mine === theirs) continue;
    n++;
    if (bad.length < 5) {
      const d = [mine, theirs].filter((v) => v !== null).map((id) => metresToEdge(byId.get(id!)!, xs[i]!, ys[i]!));
      bad.push(
        `(${xs[i]}, ${ys[i]}): ${name} grid ${mine}, SQL grid ${theirs}; ${d.map((m) => `${m.toExponential(1)} m`).join(' / ')} from their edges`
      );
    }
  }
  return { n, bad };
}

async function measure(engine: string, db: Database) {
  await prepare(db);
  const counts = await countRows(db.sql);
  const gridRows = await db.sql<{ id: number; geom: MultiPolygon }[]>`
    select id, ST_AsGeoJSON(geom, 15)::json as geom from area where level = 'grid' and valid_to is null order by id`;
  const grids = createGrids(gridRows.map((r) => ({ id: Number(r.id), geom: r.geom })));
  const dataset = `${engine}, ${grids.length} grids`;
  recordDataset({
    bench: 'grid-assignment',
    dataset,
    engine,
    events: counts.hazard! + counts.incident! + counts.petition_case! + counts.inspection!,
    tables: { grids: grids.length, ...counts }
  });

  const cand = candidates(7);
  const [inside] = await db.sql<{ ords: number[] }[]>`
    select coalesce(array_agg(ord order by ord), '{}') as ords
    from unnest(${cand.xs}::float8[], ${cand.ys}::float8[]) with ordinality as t(x, y, ord)
    where ST_Covers((select geom from area where level = 'district' and valid_to is null), ST_SetSRID(ST_MakePoint(x, y), 4326))`;
  const ords = inside!.ords.map(Number);
  const xs = Float64Array.from(ords, (o) => cand.xs[o - 1]!);
  const ys = Float64Array.from(ords, (o) => cand.ys[o - 1]!);
  const n = xs.length;
  const xl = Array.from(xs);
  const yl = Array.from(ys);

  // SQL, alternating sides so drift in machine load hits both alike.
  const sql = { insert: Infinity, noTrigger: Infinity, lookup: Infinity };
  for (let i = 0; i < REPEAT; i++) {
    sql.noTrigger = Math.min(sql.noTrigger, await timeInsert(db, 'bench_floor', xl, yl));
    sql.insert = Math.min(sql.insert, await timeInsert(db, 'hazard', xl, yl));
    sql.lookup = Math.min(sql.lookup, await timeLookup(db, xl, yl));
  }
  await db.sql`drop table bench_floor`;

  // Node.
  const index = indexGrids(grids);
  const t0 = performance.now();
  const raster = buildRaster(grids, index);
  const rasterBuildMs = performance.now() - t0;
  let turf: Int32Array = new Int32Array(0);
  let flat: Int32Array = new Int32Array(0);
  let floor: { out: Int32Array; fallbacks: number } = { out: new Int32Array(0), fallbacks: 0 };
  const node = {
    turf: best(() => (turf = assignWithTurf(grids, xs, ys))),
    flatbush: best(() => (flat = assignWithFlatbush(grids, index, xs, ys))),
    floor: best(() => (floor = assignWithRaster(grids, index, raster, xs, ys)))
  };

  // Same assignment? On the random points and on points placed on edges.
  const edge = edgePoints(grids, 11);
  const sqlIds = await sqlAssignment(db, xs, ys);
  const sqlEdge = await sqlAssignment(db, edge.xs, edge.ys);
  const ways = {
    turf: [turf, assignWithTurf(grids, edge.xs, edge.ys)],
    'flatbush + pip-hao': [flat, assignWithFlatbush(grids, index, edge.xs, edge.ys)],
    'typed-array floor': [floor.out, assignWithRaster(grids, index, raster, edge.xs, edge.ys).out]
  } as const;
  const agreement: Record<string, string> = {};
  for (const [name, [onRandom, onEdges]] of Object.entries(ways)) {
    const a = compare(grids, name, sqlIds, onRandom, xs, ys);
    const b = compare(grids, name, sqlEdge, onEdges, edge.xs, edge.ys);
    agreement[name] = `${a.n} of ${n} random, ${b.n} of ${EDGE_POINTS} on edges`;
    for (const line of [...a.bad, ...b.bad]) console.log(`  disagreement: ${line}`);
  }
  const unassigned = sqlIds.filter((g) => g < 0).length;

  console.log(
    `${dataset}: ${n} points; agreement with SQL (disagreements): ${JSON.stringify(agreement)}; ` +
      `raster ${raster.edgeCells} edge cells of ${raster.nx * raster.ny}, ${floor.fallbacks} points fell back to pip, built in ${fmt(rasterBuildMs)} ms`
  );
  const rate = (ms: number) => n / (ms / 1000);
  const floorRate = rate(node.floor);
  const base = { bench: 'grid-assignment', dataset, unit: 'points/s', better: 'higher' as const };
  const floorName = 'typed-array floor (1024² raster + pip-hao on edge cells), same points';
  record({
    ...base,
    measure: 'set-based SQL: INSERT … SELECT through the point-in-polygon trigger',
    value: rate(sql.insert),
    baseline: floorName,
    baselineValue: floorRate,
    extra: {
      points: n,
      'SQL lookup alone (SELECT assign_grid) points/s': fmt(rate(sql.lookup)),
      'same INSERT without trigger points/s': fmt(rate(sql.noTrigger)),
      'trigger INSERT ÷ plain INSERT time': fmt(sql.insert / sql.noTrigger),
      'points outside every grid': unassigned
    }
  });
  record({
    ...base,
    measure: 'Node turf booleanPointInPolygon over all grids',
    value: rate(node.turf),
    baseline: floorName,
    baselineValue: floorRate,
    extra: { points: n, disagreements: agreement.turf! }
  });
  record({
    ...base,
    measure: 'Node flatbush 4.7 + point-in-polygon-hao 1.2',
    value: rate(node.flatbush),
    baseline: floorName,
    baselineValue: floorRate,
    extra: { points: n, disagreements: agreement['flatbush + pip-hao']! }
  });
  record({
    ...base,
    measure: 'typed-array floor itself, against flatbush + pip-hao',
    value: floorRate,
    baseline: 'Node flatbush 4.7 + point-in-polygon-hao 1.2',
    baselineValue: rate(node.flatbush),
    extra: {
      points: n,
      disagreements: agreement['typed-array floor']!,
      'edge cells': `${raster.edgeCells} of ${raster.nx * raster.ny}`,
      'points falling back to pip': floor.fallbacks,
      'raster build ms': fmt(rasterBuildMs)
    }
  });
}

await onEmbeddedAndScratchServer('pingan_bench_grid', measure);
console.log(`grid assignment, best of ${REPEAT}, ${ROWS} candidate points (those inside the district used)`);
printMeasures();
