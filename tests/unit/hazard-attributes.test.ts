import { describe, expect, test } from 'vitest';
import { hazardAttributes, hazardFilterRange, STILL_OPEN_DAY } from '../../src/lib/map/layers/create-hazard-layer';
import { HAZARD_OVERDUE_COLOR, HAZARD_STATUS_COLORS } from '../../src/lib/map/colors';

/** Four hazards, one per status, all with a deadline of day 100; the rectified one rectified on day 95, the verified one on 96. */
function createColumns(positions: ArrayLike<number> = [117, 36.7, 117.01, 36.71, 117.02, 36.72, 117.03, 36.73]) {
  return {
    count: 4,
    ids: [1, 2, 3, 4],
    positions,
    level: [0, 1, 0, 1],
    status: [0, 1, 2, 3],
    foundDay: [90, 91, 92, 93],
    deadlineDay: [100, 100, 100, 100],
    rectifiedDay: [-1, -1, 95, 96]
  };
}

/** Whether deck.gl's DataFilterExtension keeps a point: every filter value within its range (inclusive). */
const kept = (filter: Float32Array, i: number, range: [[number, number], [number, number]]) =>
  filter[2 * i]! >= range[0][0] &&
  filter[2 * i]! <= range[0][1] &&
  filter[2 * i + 1]! >= range[1][0] &&
  filter[2 * i + 1]! <= range[1][1];

const rgb = (colors: Uint8Array, i: number) => Array.from(colors.slice(4 * i, 4 * i + 3));

describe('hazardAttributes', () => {
  test('open and rectifying hazards past their deadline take the overdue colour; rectified and verified keep theirs', () => {
    const { colors } = hazardAttributes(createColumns(), 101);
    expect([0, 1, 2, 3].map((i) => rgb(colors, i))).toEqual([
      HAZARD_OVERDUE_COLOR,
      HAZARD_OVERDUE_COLOR,
      HAZARD_STATUS_COLORS[2],
      HAZARD_STATUS_COLORS[3]
    ]);
  });

  test('on the deadline day nothing is overdue yet', () => {
    const { colors } = hazardAttributes(createColumns(), 100);
    expect([0, 1, 2, 3].map((i) => rgb(colors, i))).toEqual(HAZARD_STATUS_COLORS);
  });

  test('hazards rectified after the day the colours describe are drawn as open there (and overdue when past the deadline)', () => {
    expect([2, 3].map((i) => rgb(hazardAttributes(createColumns(), 94).colors, i))).toEqual([
      HAZARD_STATUS_COLORS[0],
      HAZARD_STATUS_COLORS[0]
    ]);
    const late = { ...createColumns(), rectifiedDay: [-1, -1, 105, 106] };
    expect([2, 3].map((i) => rgb(hazardAttributes(late, 101).colors, i))).toEqual([
      HAZARD_OVERDUE_COLOR,
      HAZARD_OVERDUE_COLOR
    ]);
  });

  test('radius by level; the day found and the day rectified (or STILL_OPEN_DAY) as the two filter values', () => {
    const { radii, filter, data } = hazardAttributes(createColumns(), 100);
    expect(Array.from(radii)).toEqual([4, 7, 4, 7]);
    expect(Array.from(filter)).toEqual([90, STILL_OPEN_DAY, 91, STILL_OPEN_DAY, 92, 95, 93, 96]);
    expect(data.attributes.getFilterValue.size).toBe(2);
  });

  test('a day range keeps the hazards found by its end and not rectified before its start', () => {
    const { filter } = hazardAttributes(createColumns(), 100);
    const keptIn = (from: number, to: number) =>
      [0, 1, 2, 3].filter((i) => kept(filter, i, hazardFilterRange([from, to])));
    // Days 96…120: the rectified one (95) is gone; the verified one was open on day 96, its rectification day.
    expect(keptIn(96, 120)).toEqual([0, 1, 3]);
    // Days 80…91: only the hazards found by day 91.
    expect(keptIn(80, 91)).toEqual([0, 1]);
    // Long after: the two never rectified, found years before, are still there.
    expect(keptIn(5000, 5030)).toEqual([0, 1]);
  });

  test('Float32 positions from decoded binary columns are used as they are', () => {
    const positions = new Float32Array([117, 36.7, 117.01, 36.71, 117.02, 36.72, 117.03, 36.73]);
    expect(hazardAttributes(createColumns(positions), 100).positions).toBe(positions);
  });
});
