/**
 * A small synthetic world for grid-planner tests: one community (a 0.01° × 0.009° box, about
 * 0.9 km²) cut into 2 × 2 grids, with located facts at seeded random points inside, and a planner
 * whose scope is the district.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Sql } from '../../src/lib/server/db/connect';
import { trusted } from '../../src/lib/server/db/contexts';
import { createSession } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';

export const PARENT_CODE = '370105-001-001';
export const BOX = { w: 117.0, s: 36.0, e: 117.01, n: 36.009 } as const;
export const VALID_FROM = '2025-01-01';

export const box = (w: number, s: number, e: number, n: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s]
    ]
  ]
});
export const multi = (p: Polygon): MultiPolygon => ({ type: 'MultiPolygon', coordinates: [p.coordinates] });

/** The four initial grids, codes -001 … -004: south-west, south-east, north-west, north-east. */
export function initialGrids(): { code: string; geometry: Polygon }[] {
  const mx = (BOX.w + BOX.e) / 2;
  const my = (BOX.s + BOX.n) / 2;
  return [
    { code: `${PARENT_CODE}-001`, geometry: box(BOX.w, BOX.s, mx, my) },
    { code: `${PARENT_CODE}-002`, geometry: box(mx, BOX.s, BOX.e, my) },
    { code: `${PARENT_CODE}-003`, geometry: box(BOX.w, my, mx, BOX.n) },
    { code: `${PARENT_CODE}-004`, geometry: box(mx, my, BOX.e, BOX.n) }
  ];
}

/** A seeded generator of points strictly inside the box (never on a grid edge of the tests' lines). */
export function randomPoints(count: number, seed: number): Position[] {
  // mulberry32 (public domain)
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => [
    BOX.w + (0.0000123 + next() * 0.9999) * (BOX.e - BOX.w),
    BOX.s + (0.0000123 + next() * 0.9999) * (BOX.n - BOX.s)
  ]);
}

export interface PlanWorld {
  planner: string;
  parentId: number;
  /** Every fact's table and point. */
  facts: { table: string; id: number; at: Position }[];
}

const FACT_TABLES = ['enterprise', 'hazard', 'incident', 'petition_case', 'inspection'] as const;

/** Write the world into a fresh migrated database. */
export async function createPlanWorld(
  sql: Sql,
  { perTable = 12, seed = 7, username = 'planner_t' } = {}
): Promise<PlanWorld> {
  const whole = JSON.stringify(multi(box(BOX.w, BOX.s, BOX.e, BOX.n)));
  const parentId = await trusted(sql, async (tx) => {
    const [d] = await tx<{ id: number }[]>`
      insert into area (code, district_code, level, parent_id, name, geom, valid_from)
      values ('370105', '370105', 'district', null, '测试区', ST_SetSRID(ST_GeomFromGeoJSON(${whole}), 4326), ${VALID_FROM})
      returning id::int`;
    const [sd] = await tx<{ id: number }[]>`
      insert into area (code, district_code, level, parent_id, name, geom, valid_from)
      values ('370105-001', '370105', 'subdistrict', ${d!.id}, '测试街道', ST_SetSRID(ST_GeomFromGeoJSON(${whole}), 4326), ${VALID_FROM})
      returning id::int`;
    const [c] = await tx<{ id: number }[]>`
      insert into area (code, district_code, level, parent_id, name, geom, valid_from)
      values (${PARENT_CODE}, '370105', 'community', ${sd!.id}, '测试社区', ST_SetSRID(ST_GeomFromGeoJSON(${whole}), 4326), ${VALID_FROM})
      returning id::int`;
    for (const g of initialGrids()) {
      await tx`
        insert into area (code, district_code, level, parent_id, name, households, population, geom, valid_from)
        values (${g.code}, '370105', 'grid', ${c!.id}, ${'测试社区第' + Number(g.code.slice(-3)) + '网格'}, 400, 1000,
                ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(multi(g.geometry))}), 4326), ${VALID_FROM})`;
    }
    return c!.id;
  });
  const points = randomPoints(perTable * FACT_TABLES.length, seed);
  const facts: PlanWorld['facts'] = [];
  await trusted(sql, async (tx) => {
    for (let i = 0; i < points.length; i++) {
      const table = FACT_TABLES[i % FACT_TABLES.length]!;
      const [x, y] = points[i] as [number, number];
      const pt = tx`ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326)`;
      const risk = ['red', 'orange', 'yellow', 'blue'][i % 4]!;
      const [row] =
        table === 'enterprise'
          ? await tx<{ id: number }[]>`
          insert into enterprise (name, industry, risk_class, geom, created_on) values (${'企业' + i}, 'other', ${risk}, ${pt}, '2025-02-01') returning id::int`
          : table === 'hazard'
            ? await tx<{ id: number }[]>`
          insert into hazard (level, status, source, found_on, deadline, geom) values ('general', 'open', 'inspection', '2025-03-01', '2025-04-01', ${pt}) returning id::int`
            : table === 'incident'
              ? await tx<{ id: number }[]>`
          insert into incident (domain, tier, category, occurred_at, geom) values ('safety', 'near_miss', 'other', '2025-03-02T08:00:00Z', ${pt}) returning id::int`
              : table === 'petition_case'
                ? await tx<{ id: number }[]>`
          insert into petition_case (received_at, channel, category, level_reached, status, geom) values ('2025-03-03T08:00:00Z', 'online', 'other', 'grid', 'received', ${pt}) returning id::int`
                : await tx<{ id: number }[]>`
          insert into inspection (inspected_at, result, geom) values ('2025-03-04T08:00:00Z', 'no_issue', ${pt}) returning id::int`;
      facts.push({ table, id: row!.id, at: [x, y] });
    }
  });
  const userId = await createUser(sql, {
    username,
    displayName: username,
    role: 'planner',
    homeAreaCode: '370105',
    password: 'a-long-test-password'
  });
  return { planner: await createSession(sql, userId), parentId, facts };
}

/** Current grids of the parent and every fact's grid code, read on the trusted path. */
export async function readPlanState(sql: Sql) {
  return trusted(sql, async (tx) => {
    const grids = await tx<{ id: number; code: string; households: number; geometry: MultiPolygon }[]>`
      select id::int, code, households, ST_AsGeoJSON(geom, 15)::json as geometry from area
      where level = 'grid' and valid_to is null order by code`;
    const facts = await tx<{ table: string; id: number; code: string }[]>`
      select t.tbl as table, t.id::int, a.code from (
        select 'enterprise' as tbl, id, grid_id from enterprise union all select 'hazard', id, grid_id from hazard
        union all select 'incident', id, grid_id from incident union all select 'petition_case', id, grid_id from petition_case
        union all select 'inspection', id, grid_id from inspection) t join area a on a.id = t.grid_id
      order by 1, 2`;
    const [rev] = await tx<{ r: number }[]>`select coalesce(max(revision), 0)::int as r from plan_revision`;
    const [versions] = await tx<{ n: number }[]>`select count(*)::int as n from area where level = 'grid'`;
    return { grids, facts, revision: rev!.r, gridVersions: versions!.n };
  });
}
