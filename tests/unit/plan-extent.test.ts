import { describe, expect, test } from 'vitest';
import { parsePlanGeoJson, PlanInputError } from '../../src/lib/geo/parse-plan-geojson';

const one = (coordinates: number[][][]) => ({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates } }]
});

function refusal(value: unknown): [string, number, string] {
  try {
    parsePlanGeoJson(value);
  } catch (e) {
    if (e instanceof PlanInputError) return [e.reason, e.status, e.message];
    throw e;
  }
  throw new Error('accepted');
}

describe('parsePlanGeoJson refuses grids no district could have, before GEOS sees them', () => {
  test('a whole-world polygon', () => {
    expect(
      refusal(
        one([
          [
            [-180, -90],
            [180, -90],
            [180, 90],
            [-180, 90],
            [-180, -90]
          ]
        ])
      )
    ).toEqual([
      'outside-china',
      422,
      'feature 1 has the position (-180, -90) outside China (longitude 73…136° E, latitude 3…54° N): is it longitude first, in WGS 84 degrees?'
    ]);
  });

  test('an edge between antipodes', () => {
    expect(
      refusal(
        one([
          [
            [-90, 0],
            [90, 0],
            [90, 1],
            [-90, 1],
            [-90, 0]
          ]
        ])
      )[0]
    ).toBe('outside-china');
  });

  test('latitude first (36.6, 53.5) is outside China', () => {
    expect(
      refusal(
        one([
          [
            [36.6, 53.5],
            [36.61, 53.5],
            [36.61, 53.51],
            [36.6, 53.51],
            [36.6, 53.5]
          ]
        ])
      )[0]
    ).toBe('outside-china');
  });

  test('a grid wider than 2° inside China', () => {
    expect(
      refusal(
        one([
          [
            [100, 30],
            [110, 30],
            [110, 31],
            [100, 31],
            [100, 30]
          ]
        ])
      )
    ).toEqual([
      'too-wide',
      422,
      'feature 1 spans 10.000° of longitude and 1.000° of latitude; a grid spans at most 2° (about 200 km).'
    ]);
  });

  test('a grid of Tianqiao is accepted', () => {
    expect(
      parsePlanGeoJson(
        one([
          [
            [117.0, 36.0],
            [117.005, 36.0],
            [117.005, 36.0045],
            [117.0, 36.0045],
            [117.0, 36.0]
          ]
        ])
      )
    ).toHaveLength(1);
  });
});
