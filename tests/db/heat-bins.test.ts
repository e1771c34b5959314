import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trusted } from '../../src/lib/server/db/contexts';
import { heatBins } from '../../src/lib/server/queries/heat-bins';
import { heatBinSize } from '../../src/lib/geo/heat-bin-size';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { engines, type TestDatabase } from '../support/db';

const BBOX: [number, number, number, number] = [116.95, 36.66, 117.06, 36.75];

describe.each(engines())('heat bins on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 4, endDate: '2026-11-23', scale: 0.1 });
  });
  afterAll(async () => {
    await db?.close();
  });

  test.each([12, 14])('petition bins at zoom %i equal a TypeScript binning of the raw points', async (zoom) => {
    const size = heatBinSize(zoom);
    const bins = await trusted(db.sql, (tx) => heatBins(tx, 'petition', BBOX, size, '2026-01-01', '2026-07-01'));
    const points = await trusted(
      db.sql,
      (tx) => tx<{ x: number; y: number }[]>`
      select ST_X(geom) as x, ST_Y(geom) as y from petition_case
      where received_at >= '2026-01-01T00:00:00+08:00' and received_at < '2026-07-01T00:00:00+08:00'`
    );
    const expected = new Map<string, number>();
    for (const p of points) {
      if (p.x < BBOX[0] || p.x > BBOX[2] || p.y < BBOX[1] || p.y > BBOX[3]) continue;
      const key = `${Math.floor((p.x - bins.x0) / size)}:${Math.floor((p.y - bins.y0) / size)}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const got = new Map(bins.ix.map((ix, i) => [`${ix}:${bins.iy[i]}`, bins.n[i]!]));
    expect(got).toEqual(expected);
    expect(bins.x0 % size).toBeCloseTo(0, 9);
    expect([...got.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});

describe('heatBinSize', () => {
  test('16 px of a 256 px tile: 360/16 degrees at zoom 0, halving per level', () => {
    expect(heatBinSize(0)).toBe(22.5);
    expect(heatBinSize(12)).toBeCloseTo(22.5 / 4096, 12);
    expect(() => heatBinSize(30)).toThrow('zoom is 30: it must be between 0 and 22');
  });
});
