/**
 * Grid planner: (1) the authoritative PostGIS validation of a 600-grid district (the demo
 * district's outline cut into 600 Voronoi grids) against the browser's turf check of the same
 * grids measured in the same run; (2) the versioned save of a split (validate, close, insert,
 * reassign every fact, recount, revision) against validating the same proposal alone. Each is
 * record()ed with its baseline; never asserts.
 *
 * Environment (all optional):
 *   BENCH_GRIDS         grids the district is cut into (default 600; turf takes ~10 s on 600)
 *   BENCH_SPLITS        communities whose largest grid is split and saved (default 5)
 *   BENCH_DATABASE_URL  a PostGIS server: also measured there, in a scratch database created beside
 *                       the one named (which is not written) and dropped afterwards
 *
 *   npm run bench -- grid-plan          # embedded PGlite, ~45 s
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { area, centroid, bbox, feature } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Database } from '../src/lib/server/db/connect';
import { loadMigrations, migrate } from '../src/lib/server/db/migrate';
import { seedDemo } from '../src/lib/server/seed/seed-demo';
import { trusted } from '../src/lib/server/db/contexts';
import { projectRoot } from '../src/lib/server/project-root';
import { createRandom } from '../src/lib/core/random';
import { partitionPolygon } from '../src/lib/geo/partition-polygon';
import { randomPointInPolygon } from '../src/lib/geo/random-point-in-polygon';
import { splitPolygonByLine } from '../src/lib/geo/split-polygon-by-line';
import { validatePlanDraft } from '../src/lib/geo/validate-plan-draft';
import { parsePlanGeoJson } from '../src/lib/geo/parse-plan-geojson';
import { validatePlan } from '../src/lib/server/queries/validate-plan';
import { findPlanParent, planChildren, planRevision } from '../src/lib/server/queries/plan-children';
import { savePlan } from '../src/lib/server/queries/save-plan';
import { withPlanTx } from '../src/lib/server/plan-http';
import { createUser } from '../src/lib/server/auth/users';
import { createSession } from '../src/lib/server/auth/sessions';
import { record, printMeasures, fmt } from './lib/report';
import { recordDatabase, type Engine } from './lib/datasets';
import { onEmbeddedAndScratchServer } from './lib/scratch-database';

const GRIDS = Number(process.env.BENCH_GRIDS ?? 600);
const REPEAT = 3;
const SPLITS = Number(process.env.BENCH_SPLITS ?? 5);

const best = async (n: number, f: () => Promise<unknown>) => {
  let t = Infinity;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(engine: Engine, db: Database) {
  await migrate(db.sql, loadMigrations(join(projectRoot(), 'db', 'migrations')));
  await seedDemo(db.sql, { seed: 3, endDate: '2026-11-23', scale: 0.1 });
  await trusted(db.sql, (tx) => tx`analyze`); // as autovacuum would (PGlite has none)
  const dataset = (await recordDatabase('grid-plan', engine, db.sql, ['area'])).name;
  const [district] = await trusted(
    db.sql,
    (tx) => tx<{ id: number; geometry: MultiPolygon }[]>`
    select id::int, ST_AsGeoJSON(geom, 9)::json as geometry from area where level = 'district' and valid_to is null`
  );
  const outline = feature(district!.geometry);
  const r = createRandom(600);
  const sites = Array.from({ length: GRIDS }, () => randomPointInPolygon(outline, r.next));
  const pieces = partitionPolygon(outline, sites).filter((p): p is MultiPolygon => p !== null);
  const vertices = pieces.reduce((s, p) => s + p.coordinates.flat(2).length, 0);

  let problems = '';
  const postgis = await best(REPEAT, () =>
    trusted(db.sql, async (tx) => {
      // Found problems are real: turf's Voronoi cells clipped to the outline leave slivers (m²).
      problems =
        (await validatePlan(tx, district!.id, pieces, { minGridAreaM2: 0 })).problems
          .map((p) => `${p.kind} ${p.areaM2.toFixed(1)} m²`)
          .join(', ') || 'none';
    })
  );
  // turf takes tens of seconds on 600 grids: once.
  const turfMs = await best(1, async () =>
    validatePlanDraft(district!.geometry, pieces, {
      areaM2: 1,
      liveAreaM2: 100,
      minGridAreaM2: 0,
      maxGridAreaM2: 1e12,
      snapMetres: 3,
      unchangedMetres: 0.05
    })
  );

  // Splits: the largest single-part grid of a community, cut through its centre.
  const userId = await createUser(db.sql, {
    username: `bench_${randomBytes(3).toString('hex')}`,
    displayName: 'bench',
    role: 'planner',
    homeAreaCode: '370105',
    password: 'a-long-bench-password'
  });
  const token = await createSession(db.sql, userId);
  const communities = await trusted(
    db.sql,
    (tx) => tx<{ code: string }[]>`
    select code from area where level = 'community' and valid_to is null order by code limit ${SPLITS}`
  );
  const saves: number[] = [];
  const validations: number[] = [];
  let facts = 0;
  for (const { code } of communities) {
    const proposal = await withPlanTx(db.sql, token, async (tx) => {
      const parent = (await findPlanParent(tx, code))!;
      const children = await planChildren(tx, parent.id);
      const single = children.features.filter((f) => f.geometry.coordinates.length === 1);
      const target = single.reduce((a, b) => (area(b.geometry) > area(a.geometry) ? b : a));
      const [, minY, , maxY] = bbox(target.geometry);
      const [cx] = centroid(target.geometry).geometry.coordinates as [number, number];
      const poly: Polygon = { type: 'Polygon', coordinates: target.geometry.coordinates[0]! };
      const [a, b] = splitPolygonByLine(poly, [
        [cx, minY - 1e-4],
        [cx, maxY + 1e-4]
      ]);
      const fc = {
        type: 'FeatureCollection',
        features: [
          ...children.features
            .filter((f) => f !== target)
            .map((f) => ({ type: 'Feature', properties: { code: f.properties.code }, geometry: f.geometry })),
          { type: 'Feature', properties: {}, geometry: a },
          { type: 'Feature', properties: {}, geometry: b }
        ]
      };
      return { features: parsePlanGeoJson(fc), revision: await planRevision(tx, code) };
    });
    validations.push(
      await best(1, () =>
        withPlanTx(db.sql, token, async (tx) => {
          const parent = (await findPlanParent(tx, code))!;
          await validatePlan(
            tx,
            parent.id,
            proposal.features.map((f) => f.geometry)
          );
        })
      )
    );
    const t0 = performance.now();
    const saved = await withPlanTx(db.sql, token, async (tx) =>
      savePlan(tx, (await findPlanParent(tx, code))!, proposal.revision, proposal.features, 'bench')
    );
    saves.push(performance.now() - t0);
    facts += saved.reassigned;
  }
  const save = median(saves);
  const validate = median(validations);
  console.log(
    `${dataset}: validate ${pieces.length} grids PostGIS ${fmt(postgis)} ms, turf ${fmt(turfMs)} ms (problems: ${problems}); save a split ${fmt(save)} ms, validate alone ${fmt(validate)} ms`
  );
  record({
    bench: 'grid-plan',
    measure: `validate a plan of ${pieces.length} grids (${vertices.toLocaleString('en')} vertices), PostGIS, best of ${REPEAT}`,
    dataset,
    unit: 'ms',
    value: postgis,
    baseline: 'same grids checked by turf (the browser check), once',
    baselineValue: turfMs,
    better: 'lower',
    extra: { 'problems found': problems }
  });
  record({
    bench: 'grid-plan',
    measure: `save a split (validate, version, reassign facts, recount), median of ${saves.length} communities`,
    dataset,
    unit: 'ms',
    value: save,
    baseline: 'validating the same proposal alone',
    baselineValue: validate,
    better: 'lower',
    extra: { 'facts reassigned per split (mean)': Math.round(facts / saves.length) }
  });
}

await onEmbeddedAndScratchServer('pingan_bench_plan', measure);
printMeasures();
