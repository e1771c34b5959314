/**
 * The nearby search against a brute-force haversine ranking over the same rows, on random sets of
 * sites, and its plan (the KNN scans use the GiST indexes), on both engines.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sql } from '../../src/lib/server/db/connect';
import { trusted, withCaller } from '../../src/lib/server/db/contexts';
import { createSession } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { explainNearbySites, KNN_CANDIDATES, nearbySites } from '../../src/lib/server/queries/nearby-sites';
import { inspectionSites } from '../../src/lib/server/queries/inspection-sites';
import { rankInspectionPriorities } from '../../src/lib/domain/rank-inspection-priorities';
import { rankNearbySites } from '../../src/lib/domain/rank-nearby-sites';
import { engines, type TestDatabase } from '../support/db';

const OWN = '370105-008';
const AS_OF = '2026-11-23';
/** Haversine (sphere) against ellipsoidal distances: they differ by less than 0.5 %. */
const REL = 0.006;

/** Great-circle metres on the mean-radius sphere, written out here independently of the app. */
function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const h =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

async function signIn(sql: Sql, username: string, role: 'inspector' | 'commander', area: string): Promise<string> {
  const id = await createUser(sql, {
    username,
    displayName: username,
    role,
    homeAreaCode: area,
    password: 'a-long-test-password'
  });
  return createSession(sql, id);
}

interface Row {
  id: string;
  code: string;
  lon: number;
  lat: number;
}

/** Every site the search can return, read on the trusted path (no row-level security). */
async function allSites(sql: Sql): Promise<Row[]> {
  return trusted(
    sql,
    (tx) => tx<Row[]>`
    select 'enterprise-' || e.id as id, g.code, ST_X(e.geom) as lon, ST_Y(e.geom) as lat
    from enterprise e join area g on g.id = e.grid_id
    union all
    select 'hazard_site-' || h.id, g.code, ST_X(h.geom), ST_Y(h.geom)
    from hazard h join area g on g.id = h.grid_id
    where h.enterprise_id is null and h.status in ('open', 'rectifying')`
  );
}

const inScope = (code: string, scope: string) => code === scope || code.startsWith(`${scope}-`);

/** Random points inside the district's current grids (so the grid trigger accepts them). */
async function insertRandomEnterprises(sql: Sql, points: [number, number][]): Promise<number[]> {
  return trusted(sql, async (tx) => {
    const ids: number[] = [];
    for (const [u, v] of points) {
      // A random grid, then a random point on its surface: (u, v) in [0,1)² picks both.
      const [row] = await tx<{ id: number }[]>`
        with g as (
          select geom from area where level = 'grid' and valid_to is null
          order by id offset floor(${u}::float8 * (select count(*) from area where level = 'grid' and valid_to is null)) limit 1
        )
        insert into enterprise (name, industry, risk_class, geom, created_on)
        select 'prop-test', 'other', 'blue', (ST_Dump(ST_GeneratePoints(geom, 1, ${1 + Math.floor(v * 1e6)}))).geom, '2026-01-01'
        from g
        returning id`;
      ids.push(row!.id);
    }
    return ids;
  });
}

describe.each(engines())('nearby sites on $name', (engine) => {
  let db: TestDatabase;
  let inspector: string;
  let commander: string;
  let bbox: { xmin: number; ymin: number; xmax: number; ymax: number };

  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 11, endDate: AS_OF, scale: 0.1 });
    inspector = await signIn(db.sql, 'insp_near', 'inspector', OWN);
    commander = await signIn(db.sql, 'cmd_near', 'commander', '370105');
    const [box] = await trusted(
      db.sql,
      (tx) => tx<{ xmin: number; ymin: number; xmax: number; ymax: number }[]>`
      select ST_XMin(geom) as xmin, ST_YMin(geom) as ymin, ST_XMax(geom) as xmax, ST_YMax(geom) as ymax
      from area where code = '370105' and valid_to is null`
    );
    bbox = box!;
  });
  afterAll(async () => {
    await db?.close();
  });

  test("returns exactly the sites a brute-force haversine search finds, nearest first, in the caller's area", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 0,
          maxLength: 40
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 100, max: 6000 }),
        fc.boolean(),
        async (points, fx, fy, radius, asInspector) => {
          const added = await insertRandomEnterprises(db.sql, points);
          try {
            const lon = bbox.xmin + fx * (bbox.xmax - bbox.xmin);
            const lat = bbox.ymin + fy * (bbox.ymax - bbox.ymin);
            const { sites, truncated } = await withCaller(db.sql, asInspector ? inspector : commander, (tx) =>
              nearbySites(tx, { lon, lat }, radius, AS_OF)
            );
            const scope = asInspector ? OWN : '370105';
            const brute = (await allSites(db.sql))
              .filter((s) => inScope(s.code, scope))
              .map((s) => ({ id: s.id, d: haversine(lon, lat, s.lon, s.lat) }));
            const got = new Map(sites.map((s) => [s.id, s.distanceM]));

            expect(truncated).toBe(false);
            // Every site clearly inside the radius is found, none clearly outside it is.
            const mustHave = brute
              .filter((b) => b.d <= radius * (1 - REL))
              .map((b) => b.id)
              .sort();
            const mayHave = new Set(brute.filter((b) => b.d <= radius * (1 + REL)).map((b) => b.id));
            expect(mustHave.filter((id) => !got.has(id))).toEqual([]);
            expect([...got.keys()].filter((id) => !mayHave.has(id))).toEqual([]);
            // Distances agree with haversine to 0.6 %, and the list is nearest first.
            const exact = new Map(brute.map((b) => [b.id, b.d]));
            for (const s of sites)
              expect(Math.abs(s.distanceM - exact.get(s.id)!)).toBeLessThanOrEqual(exact.get(s.id)! * REL + 0.01);
            for (let i = 1; i < sites.length; i++) {
              expect(exact.get(sites[i - 1]!.id)!).toBeLessThanOrEqual(exact.get(sites[i]!.id)! * (1 + 2 * REL) + 0.01);
            }
          } finally {
            await trusted(db.sql, (tx) => tx`delete from enterprise where id = any(${added}::bigint[])`);
          }
        }
      ),
      { numRuns: 25, seed: 20261125 }
    );
  });

  test('answers the open hazards and inspection recency of each enterprise it returns', async () => {
    const [site] = await trusted(
      db.sql,
      (tx) => tx<{ id: number; lon: number; lat: number; open: number }[]>`
      select e.id, ST_X(e.geom) as lon, ST_Y(e.geom) as lat,
             (select count(*)::int from hazard h where h.enterprise_id = e.id and h.status in ('open', 'rectifying') and h.found_on <= ${AS_OF}::date) as open
      from enterprise e join area g on g.id = e.grid_id
      where g.code like ${OWN + '-%'}
      order by 4 desc, e.id limit 1`
    );
    const { sites } = await withCaller(db.sql, inspector, (tx) =>
      nearbySites(tx, { lon: site!.lon, lat: site!.lat }, 50, AS_OF)
    );
    const found = sites.find((s) => s.id === `enterprise-${site!.id}`)!;

    expect(site!.open).toBeGreaterThan(0);
    expect(found.distanceM).toBeCloseTo(0, 3);
    expect(found.hazards.length).toBe(site!.open);
    expect(found.openHazards.length).toBe(site!.open);
  });

  test("scores every site with the same priority as the analytics engine's inspection priorities", async () => {
    const [own] = await trusted(
      db.sql,
      (tx) => tx<{ lon: number; lat: number }[]>`
      select ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat from area where code = ${OWN} and valid_to is null`
    );
    // A free major hazard, overdue, with a placeless inspection 30 m away (within the engine's 50 m).
    await trusted(
      db.sql,
      (tx) => tx`
      insert into hazard (level, status, source, found_on, deadline, geom)
      values ('major', 'open', 'public_report', '2026-08-01', '2026-09-01', ST_SetSRID(ST_MakePoint(${own!.lon}, ${own!.lat}), 4326))`
    );
    await trusted(
      db.sql,
      (tx) => tx`
      insert into inspection (inspected_at, result, hazards_found, geom)
      values ('2026-10-01T10:00:00+08:00', 'no_issue', 0, ST_SetSRID(ST_MakePoint(${own!.lon}, ${own!.lat + 30 / 111_000}), 4326))`
    );
    const { sites } = await withCaller(db.sql, inspector, (tx) => nearbySites(tx, own!, 20_000, AS_OF));
    const engine = await withCaller(db.sql, inspector, (tx) => inspectionSites(tx, OWN, AS_OF));
    const priority = new Map(
      rankInspectionPriorities(engine, { visits: 0, seed: 1 }).ranked.map((r) => [r.id, r.score])
    );
    // The engine's ids: enterprise id, or 'h' + hazard id for a free hazard site.
    const engineId = (id: string) =>
      id.startsWith('enterprise-') ? id.slice('enterprise-'.length) : `h${id.slice('hazard_site-'.length)}`;
    const ranked = rankNearbySites(sites);

    expect(sites.some((s) => s.kind === 'hazard_site')).toBe(true);
    expect(ranked.map((r) => r.site.id).sort()).toEqual(
      engine.map((e) => (/^h/.test(e.id) ? `hazard_site-${e.id.slice(1)}` : `enterprise-${e.id}`)).sort()
    );
    for (const r of ranked) expect(r.priority).toBeCloseTo(priority.get(engineId(r.site.id))!, 9);
    expect(
      sites.find((x) => x.kind === 'hazard_site' && x.lon === Math.round(own!.lon * 1e6) / 1e6)?.daysSinceInspection
    ).toBe(53);
  });

  test(`reports truncation when all ${KNN_CANDIDATES} nearest enterprises lie inside the radius`, async () => {
    const [own] = await trusted(
      db.sql,
      (tx) => tx<{ lon: number; lat: number }[]>`
      select ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat from area where code = ${OWN} and valid_to is null`
    );
    const [count] = await trusted(db.sql, (tx) => tx<{ n: number }[]>`select count(*)::int as n from enterprise`);
    const { sites, truncated } = await withCaller(db.sql, commander, (tx) => nearbySites(tx, own!, 100_000, AS_OF));

    expect(truncated).toBe(count!.n >= KNN_CANDIDATES);
    expect(sites.filter((s) => s.kind === 'enterprise').length).toBe(Math.min(count!.n, KNN_CANDIDATES));
  });
  test('the KNN scans use the GiST indexes, also under row-level security', async () => {
    // Free open hazards are few in the demo data, where a sort of them all is cheaper than a KNN
    // scan; with thousands of them (random points in the grids) the planner walks the index.
    await trusted(
      db.sql,
      (tx) => tx`
      insert into hazard (level, status, source, found_on, deadline, geom)
      select 'general', 'open', 'public_report', '2026-11-01', '2026-12-01', (ST_Dump(ST_GeneratePoints(g.geom, 20, g.id::int))).geom
      from area g where g.level = 'grid' and g.valid_to is null`
    );
    await trusted(db.sql, (tx) => tx`analyze enterprise`);
    await trusted(db.sql, (tx) => tx`analyze hazard`);
    const [own] = await trusted(
      db.sql,
      (tx) => tx<{ lon: number; lat: number }[]>`
      select ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat from area where code = ${OWN} and valid_to is null`
    );
    const plan = await withCaller(db.sql, inspector, (tx) => explainNearbySites(tx, own!, 2000, AS_OF));
    // Every index scan ordered by a distance (a KNN scan): index name → its ORDER BY.
    const knn: Record<string, string> = {};
    const walk = (node: { 'Index Name'?: string; 'Order By'?: string; Plans?: unknown[] }) => {
      if (node['Index Name'] && node['Order By']) knn[node['Index Name']] = node['Order By'];
      for (const child of node.Plans ?? []) walk(child as typeof node);
    };
    walk((plan as [{ Plan: Parameters<typeof walk>[0] }])[0].Plan);

    expect(Object.keys(knn).sort()).toEqual(['enterprise_geog_gist', 'hazard_open_free_geog_gist']);
    expect(knn.enterprise_geog_gist).toMatch(/^\(\(geom\)::geography <-> '[0-9A-F]+'::geography\)$/);
    expect(knn.hazard_open_free_geog_gist).toMatch(/^\(\(geom\)::geography <-> '[0-9A-F]+'::geography\)$/);
  });
});
