import { translator } from '../../src/lib/i18n/messages';
import { area } from '@turf/turf';
import type { Polygon } from 'geojson';
import { describe, expect, test } from 'vitest';
import { splitPolygonByLine } from '../../src/lib/geo/split-polygon-by-line';
import { mergePolygons } from '../../src/lib/geo/merge-polygons';
import { apportionIntegers } from '../../src/lib/domain/apportion-integers';
import { parsePlanGeoJson, PlanInputError } from '../../src/lib/geo/parse-plan-geojson';
import { validatePlanDraft } from '../../src/lib/geo/validate-plan-draft';

const sq = (w: number, s: number, e: number, n: number): Polygon => ({
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
/** Shoelace area in degrees², positive for counter-clockwise. */
const shoelace = (p: Polygon) => {
  const r = p.coordinates[0]!;
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) s += r[i]![0]! * r[i + 1]![1]! - r[i + 1]![0]! * r[i]![1]!;
  return s / 2;
};

describe('splitPolygonByLine', () => {
  test('a vertical line through a 2 × 2 square gives two 1 × 2 halves, counter-clockwise', () => {
    const [a, b] = splitPolygonByLine(sq(0, 0, 2, 2), [
      [1, -1],
      [1, 3]
    ]);
    expect([shoelace(a), shoelace(b)]).toEqual([2, 2]);
    const xs = (p: Polygon) => p.coordinates[0]!.map((c) => c[0]!);
    expect([
      Math.max(...xs(a)) <= 1 || Math.min(...xs(a)) >= 1,
      Math.max(...xs(b)) <= 1 || Math.min(...xs(b)) >= 1
    ]).toEqual([true, true]);
  });

  test('a bent line keeps its inner vertex on both pieces: a 1 × 1 square cut by (0.5,−1)→(0.5,0.5)→(2,0.5)', () => {
    const [a, b] = splitPolygonByLine(sq(0, 0, 1, 1), [
      [0.5, -1],
      [0.5, 0.5],
      [2, 0.5]
    ]);
    // The south-east quarter and the L-shaped rest: 0.25 and 0.75.
    expect([shoelace(a), shoelace(b)].sort()).toEqual([0.25, 0.75]);
    expect(a.coordinates[0]).toContainEqual([0.5, 0.5]);
    expect(b.coordinates[0]).toContainEqual([0.5, 0.5]);
  });

  test('a line through two opposite corners gives two triangles', () => {
    const [a, b] = splitPolygonByLine(sq(0, 0, 1, 1), [
      [-1, -1],
      [2, 2]
    ]);
    expect([shoelace(a), shoelace(b)]).toEqual([0.5, 0.5]);
  });

  test('a line that misses or only enters is refused with the number of crossings', () => {
    expect(() =>
      splitPolygonByLine(sq(0, 0, 1, 1), [
        [2, 2],
        [3, 3]
      ])
    ).toThrow(/exactly twice \(it crosses 0 times\)/);
    expect(() =>
      splitPolygonByLine(sq(0, 0, 1, 1), [
        [0.5, -1],
        [0.5, 0.5]
      ])
    ).toThrow(/crosses 1 times/);
  });
});

describe('mergePolygons', () => {
  test('two halves merge back into the square', () => {
    const m = mergePolygons([sq(117, 36, 117.005, 36.01), sq(117.005, 36, 117.01, 36.01)]);
    expect(area(m) / area(sq(117, 36, 117.01, 36.01))).toBeCloseTo(1, 9);
    expect(m.coordinates).toHaveLength(1);
  });

  test('grids touching only at a corner are refused', () => {
    expect(() => mergePolygons([sq(117, 36, 117.005, 36.005), sq(117.005, 36.005, 117.01, 36.01)])).toThrow(
      /share an edge/
    );
  });
});

describe('apportionIntegers', () => {
  test.each([
    [[1, 1, 1], 10, [4, 3, 3]],
    [[0.5, 0.25, 0.25], 7, [3, 2, 2]],
    [[0, 0], 5, [3, 2]],
    [[3, 1], 0, [0, 0]]
  ])('%j of %i → %j', (w, total, expected) => {
    expect(apportionIntegers(w, total)).toEqual(expected);
  });
});

describe('parsePlanGeoJson', () => {
  test('a clockwise ring is accepted and written counter-clockwise; code and name are read', () => {
    const cw = {
      type: 'Polygon',
      coordinates: [
        [
          [117, 36],
          [117, 36.01],
          [117.01, 36.01],
          [117.01, 36],
          [117, 36]
        ]
      ]
    };
    const [f] = parsePlanGeoJson({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: '370105-001-001-001', name: ' 一 ' }, geometry: cw }]
    });
    expect(f).toEqual({
      code: '370105-001-001-001',
      name: '一',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [117, 36],
              [117.01, 36],
              [117.01, 36.01],
              [117, 36.01],
              [117, 36]
            ]
          ]
        ]
      }
    });
  });

  test('a refusal names the feature and the reason', () => {
    const bad = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0.5]
              ]
            ]
          }
        }
      ]
    };
    try {
      parsePlanGeoJson(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PlanInputError);
      expect([(e as PlanInputError).reason, (e as PlanInputError).status, (e as Error).message]).toEqual([
        'ring-not-closed',
        422,
        'feature 1, ring 1 is not closed: its last position must equal its first.'
      ]);
    }
    // The same refusal in the user's language, naming the same place.
    expect(() => parsePlanGeoJson(bad, translator('zh-CN'))).toThrow(
      '第 1 个网格第 1 个环没有闭合：最后一个点应与第一个点相同。'
    );
  });
});

describe('parsePlanGeoJson screens grid names', () => {
  const square = {
    type: 'Polygon',
    coordinates: [
      [
        [117, 36],
        [117.01, 36],
        [117.01, 36.01],
        [117, 36.01],
        [117, 36]
      ]
    ]
  };
  const withName = (name: string) => ({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { name }, geometry: square }]
  });

  test.each([
    ['明湖社区第3网格１３８ １２３４ ５６７８', 'a mobile number', '138****5678'],
    ['第3网格 370102 19900101 1234', 'an ID number', '370***********1234'],
    ['张三家网格', "a person's name with their home", '张**']
  ])('%s is refused as personal data', (name, what, masked) => {
    try {
      parsePlanGeoJson(withName(name));
      expect.unreachable();
    } catch (e) {
      expect([(e as PlanInputError).reason, (e as PlanInputError).status, (e as Error).message]).toEqual([
        'personal-data',
        422,
        `feature 1: "name" looks like it contains ${what} (${masked}); name the grid by its place, not by a person.`
      ]);
    }
  });

  test.each(['明湖社区第3网格', '王家庄村第2网格'])('%s is accepted', (name) => {
    expect(parsePlanGeoJson(withName(name))[0]!.name).toBe(name);
  });
});

describe('validatePlanDraft', () => {
  const parent = sq(117, 36, 117.01, 36.01);
  test('a tiling of the parent has no problems', () => {
    expect(validatePlanDraft(parent, [sq(117, 36, 117.005, 36.01), sq(117.005, 36, 117.01, 36.01)])).toEqual([]);
  });

  test('a strip left uncovered is a gap of its area; a strip covered twice an overlap of its area', () => {
    const strip = area(sq(117.004, 36, 117.005, 36.01));
    const gap = validatePlanDraft(parent, [sq(117, 36, 117.004, 36.01), sq(117.005, 36, 117.01, 36.01)]);
    expect(gap.map((p) => p.kind)).toEqual(['gap']);
    expect(gap[0]!.areaM2 / strip).toBeCloseTo(1, 6);
    const overlap = validatePlanDraft(parent, [sq(117, 36, 117.006, 36.01), sq(117.005, 36, 117.01, 36.01)]);
    expect(overlap.map((p) => [p.kind, p.features])).toEqual([['overlap', [0, 1]]]);
    expect(overlap[0]!.areaM2 / strip).toBeCloseTo(1, 6);
  });

  test('a bow-tie is invalid at its crossing', () => {
    const bowtie: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [117, 36],
          [117.01, 36.01],
          [117.01, 36],
          [117, 36.01],
          [117, 36]
        ]
      ]
    };
    const [p] = validatePlanDraft(parent, [bowtie]);
    expect(p!.kind).toBe('invalid');
    expect(p!.at[0]).toBeCloseTo(117.005, 9);
    expect(p!.at[1]).toBeCloseTo(36.005, 9);
  });
});

describe('snapPosition', () => {
  const ring = [
    [117, 36],
    [117.01, 36],
    [117.01, 36.01],
    [117, 36.01],
    [117, 36]
  ];
  test('a point 1 m from a vertex snaps to the vertex; 1 m from an edge to its foot on the edge', async () => {
    const { snapPosition } = await import('../../src/lib/geo/snap-position');
    const oneMetreLon = 1 / (111_320 * Math.cos((36 * Math.PI) / 180));
    expect(snapPosition([117 + oneMetreLon, 36], [ring], 3)).toEqual([117, 36]);
    const onEdge = snapPosition([117.005, 36 + 1 / 110_574], [ring], 3)!;
    expect(onEdge[0]).toBeCloseTo(117.005, 12);
    expect(onEdge[1]).toBe(36);
  });

  test('nothing within the tolerance: no snap', async () => {
    const { snapPosition } = await import('../../src/lib/geo/snap-position');
    expect(snapPosition([117.005, 36.005], [ring], 3)).toBeUndefined();
  });
});
