import { area as turfArea, centroid } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getisOrdGiStar } from '../../src/lib/domain/getis-ord-gi-star';
import { createSession } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';
import { trusted } from '../../src/lib/server/db/contexts';
import { gridNeighbours } from '../../src/lib/server/queries/grid-neighbours';
import { planChildren } from '../../src/lib/server/queries/plan-children';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { splitPolygonByLine } from '../../src/lib/geo/split-polygon-by-line';
import { loadMigrations, migrate } from '../../src/lib/server/db/migrate';
import { engines, MIGRATIONS_DIR, type TestDatabase } from '../support/db';
import { planText, submitPlan } from '../support/plan-submit';

type Grid = { id: number; code: string; geometry: MultiPolygon };

/** Every invariant of the exact topology over the current areas, as lists that must be empty. */
async function topologyProblems(db: TestDatabase) {
  return trusted(db.sql, async (tx) => {
    const inexactParents = await tx<{ code: string }[]>`
      select p.code from area p
      join (select parent_id, ST_Union(geom) as geom from area where valid_to is null group by parent_id) u on u.parent_id = p.id
      where p.valid_to is null and not (ST_Equals(p.geom, u.geom) and ST_Area(ST_SymDifference(p.geom, u.geom)) = 0)`;
    const overlaps = await tx<{ a: string; b: string }[]>`
      select a.code as a, b.code as b from area a join area b on a.id < b.id and a.geom && b.geom
      where a.level = 'grid' and b.level = 'grid' and a.valid_to is null and b.valid_to is null
        and ST_Relate(a.geom, b.geom, '2********')`;
    const tJunctions = await tx<{ a: string; b: string }[]>`
      with v as (select a.id, a.code, d.geom as p from area a, ST_DumpPoints(a.geom) d where a.level = 'grid' and a.valid_to is null)
      select v.code as a, g.code as b from v
      join area g on g.level = 'grid' and g.valid_to is null and g.id <> v.id and g.geom && v.p and ST_Intersects(ST_Boundary(g.geom), v.p)
      where not exists (select 1 from v w where w.id = g.id and w.p ~= v.p)`;
    return { inexactParents, overlaps, tJunctions };
  });
}

describe.each(engines())('exact topology through plan saves on $name', (engine) => {
  let db: TestDatabase;
  let planner: string;
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 5, endDate: '2026-11-23', scale: 0.05 });
    const userId = await createUser(db.sql, {
      username: 'planner_topo',
      displayName: 'planner_topo',
      role: 'planner',
      homeAreaCode: '370105',
      password: 'a-long-test-password'
    });
    planner = await createSession(db.sql, userId);
  });
  afterAll(async () => {
    await db?.close();
  });

  const childrenOf = (code: string) =>
    trusted(db.sql, async (tx) => {
      const [p] = await tx<{ id: number; rev: number }[]>`
        select id::int, (select coalesce(max(revision), 0)::int from plan_revision where parent_code = ${code}) as rev
        from area where code = ${code} and valid_to is null`;
      return { revision: p!.rev, fc: await planChildren(tx, p!.id) };
    });

  test('an exported community imported again is accepted and changes nothing, for three communities', async () => {
    const communities = await trusted(
      db.sql,
      (tx) => tx<{ code: string }[]>`
      select code from area where level = 'community' and valid_to is null order by code limit 3`
    );
    for (const { code } of communities) {
      const before = await trusted(
        db.sql,
        (tx) => tx<{ id: number; g: string }[]>`
        select id::int, encode(ST_AsEWKB(geom), 'hex') as g from area where level = 'grid' and valid_to is null and code like ${code + '-%'} order by id`
      );
      const { revision, fc } = await childrenOf(code);
      const r = await submitPlan(db.sql, planner, code, revision, JSON.stringify(fc));
      expect(r.ok ? r.result.changed : r.body, code).toBe(false);
      const after = await trusted(
        db.sql,
        (tx) => tx<{ id: number; g: string }[]>`
        select id::int, encode(ST_AsEWKB(geom), 'hex') as g from area where level = 'grid' and valid_to is null and code like ${code + '-%'} order by id`
      );
      expect(after, code).toEqual(before);
    }
  });

  test('a split whose line ends on the community boundary keeps every invariant, across the boundary too', async () => {
    // A grid with a neighbour in another community, and the midpoint of their longest shared segment.
    const [pick] = await trusted(
      db.sql,
      (tx) => tx<{ grid: string; community: string; other: string; x: number; y: number }[]>`
      with g as (select id, code, parent_id, geom from area where level = 'grid' and valid_to is null),
      shared as (
        select a.code as grid, (select code from area where id = a.parent_id) as community, b.code as other,
               ST_LineInterpolatePoint(s.geom, 0.5) as mid, ST_Length(s.geom::geography) as m
        from g a join g b on a.parent_id <> b.parent_id and a.geom && b.geom,
             ST_Dump(ST_LineMerge(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom)), 2))) s
        where ST_GeometryType(s.geom) = 'ST_LineString'
      )
      select grid, community, other, ST_X(mid) as x, ST_Y(mid) as y from shared where m > 150 order by grid, m desc limit 1`
    );
    expect(pick).toBeDefined();
    const { revision, fc } = await childrenOf(pick!.community);
    const target = fc.features.find((f) => f.properties.code === pick!.grid)!;
    const polygon: Polygon = { type: 'Polygon', coordinates: target.geometry.coordinates[0]! };
    const c = centroid(polygon).geometry.coordinates;
    const q: Position = [pick!.x, pick!.y];
    const line = [
      [q[0]! + (q[0]! - c[0]!) * 0.2, q[1]! + (q[1]! - c[1]!) * 0.2],
      [c[0]! + (c[0]! - q[0]!) * 3, c[1]! + (c[1]! - q[1]!) * 3]
    ];
    const halves = splitPolygonByLine(polygon, line);
    for (const h of halves) expect(turfArea(h)).toBeGreaterThan(5_000);

    const neighbourBefore = await trusted(
      db.sql,
      (tx) => tx<{ id: number; n: number }[]>`
      select id::int, ST_NPoints(geom) as n from area where code = ${pick!.other} and valid_to is null`
    );
    const rest = fc.features
      .filter((f) => f !== target)
      .map((f) => ({ code: f.properties.code, geometry: f.geometry }));
    const r = await submitPlan(
      db.sql,
      planner,
      pick!.community,
      revision,
      planText([...rest, ...halves.map((geometry) => ({ geometry }))])
    );
    expect(r.ok ? r.status : r.body).toBe(200);

    expect(await topologyProblems(db)).toEqual({ inexactParents: [], overlaps: [], tJunctions: [] });
    // The grid across the boundary keeps its version and gains the point where the new edge meets it.
    const [neighbourAfter] = await trusted(
      db.sql,
      (tx) => tx<{ id: number; n: number }[]>`
      select id::int, ST_NPoints(geom) as n from area where code = ${pick!.other} and valid_to is null`
    );
    expect(neighbourAfter!.id).toBe(neighbourBefore[0]!.id);
    expect(neighbourAfter!.n).toBe(neighbourBefore[0]!.n + 1);
    // The split point lies inside their shared edge, so both halves are its rook neighbours.
    const added = r.ok ? r.result.added.map((a) => a.id) : [];
    const edges = await trusted(db.sql, (tx) => gridNeighbours(tx, '370105', { by: 'edge' }));
    const i = edges.ids.indexOf(neighbourAfter!.id);
    const across = edges.neighbours[i]!.map((j) => edges.ids[j]!).filter((id) => added.includes(id));
    expect(across.sort()).toEqual([...added].sort());
  });

  test('Gi* over a lattice written with 1e-14° gaps equals Gi* over the exact lattice: same neighbours, same z', async () => {
    const lattice = (gap: number): Grid[] => {
      const cells: Grid[] = [];
      for (let r = 0; r < 3; r++) {
        for (let k = 0; k < 3; k++) {
          const w = 118 + k * 0.01 + (k > 0 ? gap : 0);
          const s = 38 + r * 0.01 + (r > 0 ? gap : 0);
          const e = 118 + (k + 1) * 0.01;
          const n = 38 + (r + 1) * 0.01;
          cells.push({
            id: 0,
            code: `${r}${k}`,
            geometry: {
              type: 'MultiPolygon',
              coordinates: [
                [
                  [
                    [w, s],
                    [e, s],
                    [e, n],
                    [w, n],
                    [w, s]
                  ]
                ]
              ]
            }
          });
        }
      }
      return cells;
    };
    const neighboursOf = async (district: string, gap: number) =>
      trusted(db.sql, async (tx) => {
        const whole = JSON.stringify({
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [118, 38],
                [118.03, 38],
                [118.03, 38.03],
                [118, 38.03],
                [118, 38]
              ]
            ]
          ]
        });
        const [d] = await tx<{ id: number }[]>`
          insert into area (code, district_code, level, parent_id, name, geom, valid_from)
          values (${district}, ${district}, 'district', null, '格网', ST_SetSRID(ST_GeomFromGeoJSON(${whole}), 4326), '2025-01-01') returning id::int`;
        const [sd] = await tx<{ id: number }[]>`
          insert into area (code, district_code, level, parent_id, name, geom, valid_from)
          values (${district + '-001'}, ${district}, 'subdistrict', ${d!.id}, '格网', ST_SetSRID(ST_GeomFromGeoJSON(${whole}), 4326), '2025-01-01') returning id::int`;
        const [cm] = await tx<{ id: number }[]>`
          insert into area (code, district_code, level, parent_id, name, geom, valid_from)
          values (${district + '-001-001'}, ${district}, 'community', ${sd!.id}, '格网', ST_SetSRID(ST_GeomFromGeoJSON(${whole}), 4326), '2025-01-01') returning id::int`;
        for (const [i, cell] of lattice(gap).entries()) {
          await tx`
            insert into area (code, district_code, level, parent_id, name, geom, valid_from)
            values (${district + '-001-001-' + String(i + 1).padStart(3, '0')}, ${district}, 'grid', ${cm!.id}, ${'格' + cell.code},
                    ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(cell.geometry)}), 4326), '2025-01-01')`;
        }
        const g = await gridNeighbours(tx, district, { by: 'edge' });
        return g.neighbours;
      });
    const exact = await neighboursOf('990001', 0);
    const gapped = await neighboursOf('990002', 1e-14);
    // Rook neighbours of a 3 × 3 lattice: corners 2, edges 3, the centre 4.
    expect(exact.map((l) => l.length)).toEqual([2, 3, 2, 3, 4, 3, 2, 3, 2]);
    expect(gapped).toEqual(exact);
    const counts = [0, 1, 0, 2, 9, 3, 0, 1, 0];
    const z = (neighbours: number[][]) => getisOrdGiStar(counts, neighbours).map((c) => c.z);
    expect(z(gapped)).toEqual(z(exact));
    expect(z(exact)[4]).toBeGreaterThan(1.5);
  });
  test('the neighbours follow the grids: a moved geometry or a new grid gives new neighbours, never a kept answer', async () => {
    const mp = (w: number, e: number) =>
      JSON.stringify({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [w, 38],
              [e, 38],
              [e, 38.01],
              [w, 38.01],
              [w, 38]
            ]
          ]
        ]
      });
    await trusted(db.sql, async (tx) => {
      const district = '990003';
      let parent: number | null = null;
      for (const [code, level] of [
        [district, 'district'],
        [district + '-001', 'subdistrict'],
        [district + '-001-001', 'community']
      ] as const) {
        const rows: { id: number }[] = await tx<{ id: number }[]>`
          insert into area (code, district_code, level, parent_id, name, geom, valid_from)
          values (${code}, ${district}, ${level}, ${parent}, '格网', ST_SetSRID(ST_GeomFromGeoJSON(${mp(118, 118.03)}), 4326), '2025-01-01')
          returning id::int`;
        parent = rows[0]!.id;
      }
      const grid = async (n: number, w: number, e: number) => {
        const [row] = await tx<{ id: number }[]>`
          insert into area (code, district_code, level, parent_id, name, geom, valid_from)
          values (${district + '-001-001-00' + n}, ${district}, 'grid', ${parent}, ${'格' + n},
                  ST_SetSRID(ST_GeomFromGeoJSON(${mp(w, e)}), 4326), '2025-01-01') returning id::int`;
        return row!.id;
      };
      const west = await grid(1, 118, 118.01);
      await grid(2, 118.01, 118.02);
      const edges = async () => (await gridNeighbours(tx, district, { by: 'edge' })).neighbours;
      expect(await edges()).toEqual([[1], [0]]);
      // Shrink the west grid away from its neighbour: the pair is gone.
      await tx`update area set geom = ST_SetSRID(ST_GeomFromGeoJSON(${mp(118, 118.005)}), 4326) where id = ${west}`;
      expect(await edges()).toEqual([[], []]);
      // Back as it was, and a third grid east of the second.
      await tx`update area set geom = ST_SetSRID(ST_GeomFromGeoJSON(${mp(118, 118.01)}), 4326) where id = ${west}`;
      await grid(3, 118.02, 118.03);
      expect(await edges()).toEqual([[1], [0, 2], [1]]);
      await tx`select 1`.then(() => {
        throw new Error('roll back the test grids');
      });
    }).catch((e: Error) => {
      if (e.message !== 'roll back the test grids') throw e;
    });
  });
});

describe.each(engines())('migration 0011 on an existing database on $name', (engine) => {
  test('grids stored with floating-point gaps and T-junctions become an exact tiling, with the neighbour pair found', async () => {
    const db = await engine.create({ migrated: false });
    try {
      const all = loadMigrations(MIGRATIONS_DIR);
      await migrate(
        db.sql,
        all.filter((m) => m.version < 11)
      );
      const mp = (ring: number[][]) => JSON.stringify({ type: 'MultiPolygon', coordinates: [[[...ring, ring[0]]]] });
      const whole = mp([
        [117, 36],
        [117.02, 36],
        [117.02, 36.01],
        [117, 36.01]
      ]);
      // The east grid splits the shared edge at 36.005 and writes its corners 1e-14° off.
      const west = mp([
        [117, 36],
        [117.01, 36],
        [117.01, 36.01],
        [117, 36.01]
      ]);
      const east = mp([
        [117.01 + 1e-14, 36],
        [117.02, 36],
        [117.02, 36.01],
        [117.01, 36.01 - 1e-14],
        [117.01 + 2e-15, 36.005]
      ]);
      await trusted(db.sql, async (tx) => {
        const ins = async (code: string, level: string, parent: number | null, g: string) => {
          const [r] = await tx<{ id: number }[]>`
            insert into area (code, district_code, level, parent_id, name, geom, valid_from)
            values (${code}, '370105', ${level}, ${parent}, ${'区' + code}, ST_SetSRID(ST_GeomFromGeoJSON(${g}), 4326), '2025-01-01') returning id::int`;
          return r!.id;
        };
        const d = await ins('370105', 'district', null, whole);
        const sd = await ins('370105-001', 'subdistrict', d, whole);
        const c = await ins('370105-001-001', 'community', sd, whole);
        await ins('370105-001-001-001', 'grid', c, west);
        await ins('370105-001-001-002', 'grid', c, east);
      });
      expect((await topologyProblems(db)).tJunctions).toEqual([{ a: '370105-001-001-002', b: '370105-001-001-001' }]);
      await migrate(db.sql, all);
      expect(await topologyProblems(db)).toEqual({ inexactParents: [], overlaps: [], tJunctions: [] });
      const edges = await trusted(db.sql, (tx) => gridNeighbours(tx, '370105', { by: 'edge' }));
      expect(edges.neighbours).toEqual([[1], [0]]);
      const [west2] = await trusted(
        db.sql,
        (tx) => tx<{ got: string; want: string }[]>`
        select ST_AsText(ST_Normalize(geom)) as got,
               ST_AsText(ST_Normalize('MULTIPOLYGON(((117 36,117.01 36,117.01 36.005,117.01 36.01,117 36.01,117 36)))'::geometry)) as want
        from area where code = '370105-001-001-001'`
      );
      expect(west2!.got).toBe(west2!.want);
    } finally {
      await db.close();
    }
  });
});
