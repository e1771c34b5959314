import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { area, feature, featureCollection, intersect } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { describe, expect, test } from 'vitest';
import { partitionPolygon } from '../../src/lib/geo/partition-polygon';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'partition-polygon');
const fixtures = readdirSync(join(DIR, 'in')).filter((f) => f.endsWith('.geojson'));
const PALETTE = ['#e41a1c', '#377eb8', '#4daf4a', '#984ea3', '#ff7f00', '#a65628'];

function round(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e6) / 1e6;
  if (Array.isArray(value)) return value.map(round);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]));
  return value;
}

function run(input: FeatureCollection) {
  const areaFeature = input.features.find((f) => f.properties?.role === 'area') as Feature<Polygon | MultiPolygon>;
  const sites = input.features.filter((f) => f.properties?.role === 'site') as Feature<Point>[];
  const pieces = partitionPolygon(
    areaFeature,
    sites.map((s) => s.geometry.coordinates)
  );
  return { areaFeature, pieces };
}

describe('partitionPolygon', () => {
  test.each(fixtures)('%s matches its golden output', (name) => {
    const input = JSON.parse(readFileSync(join(DIR, 'in', name), 'utf8')) as FeatureCollection;
    const { pieces } = run(input);
    const output = round(
      featureCollection([
        ...input.features,
        ...pieces.map((g, i) =>
          feature(g!, {
            role: 'piece',
            site: i,
            fill: PALETTE[i % PALETTE.length],
            'fill-opacity': 0.5,
            stroke: '#000000'
          })
        )
      ])
    );
    const outPath = join(DIR, 'out', name);
    if (process.env.UPDATE_GOLDEN) writeFileSync(outPath, JSON.stringify(output, null, 1) + '\n');
    expect(output).toEqual(JSON.parse(readFileSync(outPath, 'utf8')));
  });

  test.each(fixtures)('%s: pieces tile the polygon (areas add up, no overlaps)', (name) => {
    const input = JSON.parse(readFileSync(join(DIR, 'in', name), 'utf8')) as FeatureCollection;
    const { areaFeature, pieces } = run(input);
    const total = pieces.reduce((sum, p) => sum + area(feature(p!)), 0);
    expect(total / area(areaFeature)).toBeCloseTo(1, 9);
    for (let i = 0; i < pieces.length; i++)
      for (let j = i + 1; j < pieces.length; j++) {
        const overlap = intersect(featureCollection([feature(pieces[i]!), feature(pieces[j]!)]));
        expect(overlap ? area(overlap) : 0).toBeCloseTo(0, 3);
      }
  });

  test('one site returns the whole polygon', () => {
    const square = feature<Polygon>({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0]
        ]
      ]
    });
    expect(partitionPolygon(square, [[0.5, 0.5]])).toEqual([
      { type: 'MultiPolygon', coordinates: [square.geometry.coordinates] }
    ]);
  });

  test('no sites is an error that says so', () => {
    const square = feature<Polygon>({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0]
        ]
      ]
    });
    expect(() => partitionPolygon(square, [])).toThrow('partitionPolygon: at least one site is needed');
  });
});
