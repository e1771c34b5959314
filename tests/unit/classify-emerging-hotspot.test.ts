import { describe, expect, test } from 'vitest';
import { classifyEmergingHotspot, type GiSlice } from '../../src/lib/domain/classify-emerging-hotspot';

/**
 * A series from a compact code, one character per slice: 'H' significant hot (z = 3), 'C'
 * significant cold (z = −3), '.' not significant (z = 0.5). Trend cases pass explicit z values.
 */
function createSeries(code: string): GiSlice[] {
  return [...code].map((ch) =>
    ch === 'H'
      ? { z: 3, significant: true }
      : ch === 'C'
        ? { z: -3, significant: true }
        : { z: 0.5, significant: false }
  );
}
const hotRamp = (from: number, step: number): GiSlice[] =>
  Array.from({ length: 10 }, (_, i) => ({ z: from + step * i, significant: true }));
const mirror = (s: GiSlice[]): GiSlice[] =>
  s.map((x) => ({ z: x.z === null ? null : -x.z, significant: x.significant }));

// Ten slices throughout; 90 % of 10 is 9.
const HOT_CASES: [string, GiSlice[]][] = [
  // Hot only in the last slice, never significant before.
  ['new', createSeries('.........H')],
  // One run of 3 at the end (30 % < 90 %), nothing hot before it.
  ['consecutive', createSeries('.......HHH')],
  // Hot in all 10; z = 2.0, 2.2, …, 3.8 strictly rises: S = 45, Var = 10·9·25/18 = 125, z = 44/11.18 = 3.94.
  ['intensifying', hotRamp(2, 0.2)],
  // Hot in all 10 with z wandering between 2.3 and 3.2 without a trend.
  ['persistent', [3, 2.5, 3.1, 2.4, 2.9, 2.6, 3.2, 2.3, 2.8, 2.7].map((z) => ({ z, significant: true }))],
  // Hot in all 10; z = 4.0, 3.8, …, 2.2 strictly falls: S = −45, z = −3.94.
  ['diminishing', hotRamp(4, -0.2)],
  // Hot in 4 of 10 on and off, the final slice hot, never cold.
  ['sporadic', createSeries('H.H..H...H')],
  // Hot in the final slice, cold earlier, 2 of 10 hot.
  ['oscillating', createSeries('C..H.....H')],
  // Hot in 9 of 10 (exactly 90 %), but not in the final slice.
  ['historical', createSeries('HHHHHHHHH.')]
];

describe('classifyEmergingHotspot', () => {
  test.each(HOT_CASES)('%s hot spot', (name, series) => {
    expect(classifyEmergingHotspot(series).pattern).toBe(`${name}_hot`);
  });

  test.each(HOT_CASES)('%s cold spot (the hot series with every z negated)', (name, series) => {
    expect(classifyEmergingHotspot(mirror(series)).pattern).toBe(`${name}_cold`);
  });

  test('the trend of an intensifying hot spot is the Mann–Kendall test of its z series', () => {
    const { trend } = classifyEmergingHotspot(hotRamp(2, 0.2));
    expect(trend.s).toBe(45);
    expect(trend.variance).toBeCloseTo(125, 10);
    expect(trend.z).toBeCloseTo(44 / Math.sqrt(125), 10);
    expect(trend.trend).toBe('up');
  });

  test('9 of 10 hot including the final slice, without a trend, is persistent (the 90 % bound is inclusive)', () => {
    expect(classifyEmergingHotspot(createSeries('HHHH.HHHHH')).pattern).toBe('persistent_hot');
  });

  test('8 of 10 hot is below 90 %: with hot before the final run it is sporadic, not persistent', () => {
    expect(classifyEmergingHotspot(createSeries('HHH.HHH.HH')).pattern).toBe('sporadic_hot');
  });

  test('a past cold slice makes a newly hot cell oscillating rather than new', () => {
    expect(classifyEmergingHotspot(createSeries('C........H')).pattern).toBe('oscillating_hot');
  });

  test.each([
    ['never significant', '..........'],
    ['hot once in the past, not now, under 90 %', '..H.......'],
    ['hot for most but not 90 % of slices, not now', 'HHHHHHHH..']
  ])('no pattern: %s', (_, code) => {
    expect(classifyEmergingHotspot(createSeries(code)).pattern).toBe('no_pattern');
  });

  test('a slice with no defined z counts as not significant and as 0 in the trend', () => {
    const r = classifyEmergingHotspot([
      { z: null, significant: false },
      { z: null, significant: false },
      { z: 3, significant: true }
    ]);
    expect(r.pattern).toBe('new_hot');
    expect(r.trend.s).toBe(2);
  });

  test('refuses an empty series', () => {
    expect(() => classifyEmergingHotspot([])).toThrow('No time slices: emerging hot-spot analysis needs at least one');
  });
});
