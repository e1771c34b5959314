import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { engines, type TestDatabase } from '../support/db';

/** A 2 × 1 district: grid 3 (west) and grid 4 (east) share the edge x = 117.01. */
async function createTwoGrids(db: TestDatabase) {
  const square = (x0: number, x1: number) =>
    `MULTIPOLYGON(((${x0} 36.70, ${x1} 36.70, ${x1} 36.71, ${x0} 36.71, ${x0} 36.70)))`;
  await db.sql`
    insert into area (id, code, district_code, level, parent_id, name, geom, valid_from) values
      (1, '370105', '370105', 'district', null, '测试区', ST_GeomFromText(${square(117.0, 117.02)}, 4326), '2020-01-01'),
      (2, '370105-001', '370105', 'subdistrict', 1, '测试街道', ST_GeomFromText(${square(117.0, 117.02)}, 4326), '2020-01-01'),
      (3, '370105-001-001-001', '370105', 'grid', 2, '西网格', ST_GeomFromText(${square(117.0, 117.01)}, 4326), '2020-01-01'),
      (4, '370105-001-001-002', '370105', 'grid', 2, '东网格', ST_GeomFromText(${square(117.01, 117.02)}, 4326), '2020-01-01')`;
}

const insertHazard = (db: TestDatabase, x: number, y: number) => db.sql<{ grid_id: number; district_code: string }[]>`
  insert into hazard (level, status, source, found_on, deadline, geom)
  values ('general', 'open', 'inspection', '2026-01-01', '2026-01-10', ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326))
  returning grid_id, district_code`;

describe.each(engines())('schema on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.create();
    await createTwoGrids(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  test('a point is assigned to the grid that contains it, with the district code', async () => {
    const [west] = await insertHazard(db, 117.005, 36.705);
    const [east] = await insertHazard(db, 117.015, 36.705);
    expect(west).toEqual({ grid_id: 3, district_code: '370105' });
    expect(east).toEqual({ grid_id: 4, district_code: '370105' });
  });

  test('a point on the shared edge counts once, in the grid with the lower id', async () => {
    const [onEdge] = await insertHazard(db, 117.01, 36.705);
    expect(onEdge!.grid_id).toBe(3);
    const [covering] = await db.sql`
      select count(*)::int as n from area where level = 'grid' and ST_Covers(geom, ST_SetSRID(ST_MakePoint(117.01, 36.705), 4326))`;
    expect(covering!.n).toBe(2);
  });

  test('moving a point re-assigns its grid', async () => {
    const [h] = await db.sql<{ id: number }[]>`
      insert into hazard (level, status, source, found_on, deadline, geom)
      values ('general', 'open', 'inspection', '2026-01-01', '2026-01-10', ST_SetSRID(ST_MakePoint(117.005, 36.705), 4326))
      returning id`;
    const [moved] = await db.sql<{ grid_id: number }[]>`
      update hazard set geom = ST_SetSRID(ST_MakePoint(117.019, 36.709), 4326) where id = ${h!.id} returning grid_id`;
    expect(moved!.grid_id).toBe(4);
  });

  test('a point outside every grid is refused with its coordinates in the message', async () => {
    await expect(insertHazard(db, 116.5, 36.5)).rejects.toThrow(
      'location (116.500000 36.500000) is outside every grid of the district'
    );
  });

  test('geometry columns are typed: a polygon or another SRID is refused', async () => {
    await expect(db.sql`
      insert into enterprise (name, industry, risk_class, created_on, geom)
      values ('x', 'other', 'blue', '2020-01-01', ST_GeomFromText('POLYGON((117 36.7,117.01 36.7,117.01 36.71,117 36.7))', 4326))`).rejects.toThrow(
      /Geometry type \(Polygon\) does not match column type \(Point\)/
    );
    await expect(db.sql`
      insert into enterprise (name, industry, risk_class, created_on, geom)
      values ('x', 'other', 'blue', '2020-01-01', ST_SetSRID(ST_MakePoint(117.005, 36.705), 3857))`).rejects.toThrow(
      /SRID \(3857\) does not match column SRID \(4326\)/
    );
  });

  test('an invalid (self-intersecting) area is refused', async () => {
    await expect(db.sql`
      insert into area (code, district_code, level, parent_id, name, geom, valid_from)
      values ('370105-002', '370105', 'subdistrict', 1, '蝴蝶', ST_GeomFromText('MULTIPOLYGON(((0 0, 1 1, 1 0, 0 1, 0 0)))', 4326), '2020-01-01')`).rejects.toThrow(
      /area_geom_check/
    );
  });

  test.each([
    [
      'an unknown risk class',
      `insert into enterprise (name, industry, risk_class, created_on, geom) values ('x', 'other', 'purple', '2020-01-01', ST_SetSRID(ST_MakePoint(117.005, 36.705), 4326))`
    ],
    [
      'a deadline before the finding',
      `insert into hazard (level, status, source, found_on, deadline, geom) values ('general', 'open', 'inspection', '2026-02-01', '2026-01-01', ST_SetSRID(ST_MakePoint(117.005, 36.705), 4326))`
    ],
    [
      'a rectified hazard without a rectification date',
      `insert into hazard (level, status, source, found_on, deadline, geom) values ('general', 'rectified', 'inspection', '2026-01-01', '2026-01-10', ST_SetSRID(ST_MakePoint(117.005, 36.705), 4326))`
    ],
    [
      'an extension longer than 30 days',
      `insert into petition_case (received_at, channel, category, level_reached, status, accepted_at, extension_days, geom) values ('2026-01-01', 'visit', 'other', 'grid', 'accepted', '2026-01-02', 31, ST_SetSRID(ST_MakePoint(117.005, 36.705), 4326))`
    ],
    [
      'a resolved case without a resolution method',
      `insert into petition_case (received_at, channel, category, level_reached, status, accepted_at, closed_at, geom) values ('2026-01-01', 'visit', 'other', 'grid', 'resolved', '2026-01-02', '2026-01-20', ST_SetSRID(ST_MakePoint(117.005, 36.705), 4326))`
    ],
    [
      'a near miss with injuries',
      `insert into incident (domain, tier, category, occurred_at, minor_injuries, geom) values ('safety', 'near_miss', 'fall', '2026-01-01', 1, ST_SetSRID(ST_MakePoint(117.005, 36.705), 4326))`
    ],
    [
      'a mass incident in the safety domain',
      `insert into incident (domain, tier, category, occurred_at, participants, geom) values ('safety', 'mass_incident', 'mass_gathering', '2026-01-01', 50, ST_SetSRID(ST_MakePoint(117.005, 36.705), 4326))`
    ]
  ])('a check constraint refuses %s', async (_label, statement) => {
    await expect(db.sql.unsafe(statement)).rejects.toMatchObject({ code: '23514' });
  });

  test('accident grade follows deaths and serious injuries (生产安全事故报告和调查处理条例)', async () => {
    const rows = await db.sql<{ deaths: number; grade: string | null }[]>`
      insert into incident (domain, tier, category, occurred_at, deaths, serious_injuries, geom)
      select 'safety', 'serious', 'fire', '2026-01-01', d, s, ST_SetSRID(ST_MakePoint(117.005, 36.705), 4326)
      from (values (1, 0), (3, 0), (0, 10), (10, 0), (0, 50), (30, 0), (0, 100)) v(d, s)
      returning deaths, grade`;
    expect(rows.map((r) => r.grade)).toEqual([
      'general',
      'larger',
      'larger',
      'major',
      'major',
      'especially_major',
      'especially_major'
    ]);
  });

  test('petition cases have no column for names, phone numbers or ID numbers', async () => {
    const cols = await db.sql<{ column_name: string }[]>`
      select column_name from information_schema.columns where table_name = 'petition_case' order by ordinal_position`;
    const names = cols.map((c) => c.column_name);
    expect(names).toContain('geom');
    expect(
      names.filter((n) => /name|phone|mobile|tel|id_card|id_number|identity|address|person|petitioner/.test(n))
    ).toEqual([]);
  });
});
