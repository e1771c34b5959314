import { describe, expect, test } from 'vitest';
import { hazardAttributes } from '../../src/lib/map/layers/create-hazard-layer';
import { HAZARD_OVERDUE_COLOR, HAZARD_STATUS_COLORS } from '../../src/lib/map/colors';

/** Four hazards, one per status, all with a deadline of day 100. */
function createColumns(positions: ArrayLike<number> = [117, 36.7, 117.01, 36.71, 117.02, 36.72, 117.03, 36.73]) {
  return { count: 4, ids: [1, 2, 3, 4], positions, level: [0, 1, 0, 1], status: [0, 1, 2, 3], foundDay: [90, 91, 92, 93], deadlineDay: [100, 100, 100, 100] };
}

const rgb = (colors: Uint8Array, i: number) => Array.from(colors.slice(4 * i, 4 * i + 3));

describe('hazardAttributes', () => {
  test('open and rectifying hazards past their deadline take the overdue colour; rectified and verified keep theirs', () => {
    const { colors } = hazardAttributes(createColumns(), 101);
    expect([0, 1, 2, 3].map((i) => rgb(colors, i))).toEqual([HAZARD_OVERDUE_COLOR, HAZARD_OVERDUE_COLOR, HAZARD_STATUS_COLORS[2], HAZARD_STATUS_COLORS[3]]);
  });

  test('on the deadline day nothing is overdue yet', () => {
    const { colors } = hazardAttributes(createColumns(), 100);
    expect([0, 1, 2, 3].map((i) => rgb(colors, i))).toEqual(HAZARD_STATUS_COLORS);
  });

  test('radius by level and the day found as the filter value', () => {
    const { radii, found } = hazardAttributes(createColumns(), 100);
    expect(Array.from(radii)).toEqual([4, 7, 4, 7]);
    expect(Array.from(found)).toEqual([90, 91, 92, 93]);
  });

  test('Float32 positions from decoded binary columns are used as they are', () => {
    const positions = new Float32Array([117, 36.7, 117.01, 36.71, 117.02, 36.72, 117.03, 36.73]);
    expect(hazardAttributes(createColumns(positions), 100).positions).toBe(positions);
  });
});
