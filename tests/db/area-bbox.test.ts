/**
 * areaBbox: the bounding box a map opens on is the area's own outline's, recomputed here from the
 * outline's GeoJSON coordinates; an unknown or closed code has none. Both engines.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MultiPolygon } from 'geojson';
import { trusted } from '../../src/lib/server/db/contexts';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { areaBbox } from '../../src/lib/server/queries/area-bbox';
import { engines, type TestDatabase } from '../support/db';

describe.each(engines())('areaBbox on $name', (engine) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 11, endDate: '2026-11-23', scale: 0.1 });
  }, 300_000);

  afterAll(async () => {
    await db?.close();
  });

  test.each(['370105', '370105-008', '370105-008-002'])('the box of %s bounds its outline exactly', async (code) => {
    const [box, [row]] = await trusted(db.sql, (tx) =>
      Promise.all([
        areaBbox(tx, code),
        tx<
          { geom: MultiPolygon }[]
        >`select ST_AsGeoJSON(geom)::json as geom from area where code = ${code} and valid_to is null`
      ])
    );
    const points = row!.geom.coordinates.flat(2);
    const expected = [
      Math.min(...points.map((p) => p[0]!)),
      Math.min(...points.map((p) => p[1]!)),
      Math.max(...points.map((p) => p[0]!)),
      Math.max(...points.map((p) => p[1]!))
    ];
    expect(box).toHaveLength(4);
    box!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
  });

  test('an unknown code has no box', async () => {
    expect(await trusted(db.sql, (tx) => areaBbox(tx, '370105-999'))).toBeNull();
  });
});
