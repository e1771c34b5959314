import { expect, test } from 'vitest';
import { anchorReference } from '../../src/lib/domain/anchor-reference';

test('anchors Heinrich 1:29:300 on the tier with the most events', () => {
  // near_miss has 60 observed events: k = 60 / 300 = 0.2 → serious 0.2, minor 5.8, near_miss 60.
  const r = anchorReference(
    { serious: 0, minor: 3, near_miss: 60, open_hazard: 500 },
    { serious: 1, minor: 29, near_miss: 300 }
  )!;
  expect(r.serious).toBeCloseTo(0.2, 10);
  expect(r.minor).toBeCloseTo(5.8, 10);
  expect(r.near_miss).toBeCloseTo(60, 10);
  expect(Object.keys(r)).toEqual(['serious', 'minor', 'near_miss']);
});

test('tiers outside the reference do not anchor it', () => {
  // open_hazard is not in the reference; minor (2) beats serious (1): k = 2 / 10 → serious 0.2.
  const r = anchorReference({ serious: 1, minor: 2, open_hazard: 900 }, { serious: 1, minor: 10, near_miss: 600 })!;
  expect(r.serious).toBeCloseTo(0.2, 10);
  expect(r.near_miss).toBeCloseTo(120, 10);
});

test('no compared tier with events: nothing to draw', () => {
  expect(
    anchorReference({ serious: 0, minor: 0, open_hazard: 4 }, { serious: 1, minor: 29, near_miss: 300 })
  ).toBeNull();
});
