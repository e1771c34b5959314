import { describe, expect, test } from 'vitest';
import { computePyramid, growingBase } from '../../src/lib/domain/compute-pyramid';
import { SAFETY_PYRAMID, STABILITY_PYRAMID } from '../../src/lib/domain/pyramid-config';

describe('computePyramid', () => {
  test("Heinrich's own counts sit at distance 0 from Heinrich and are nearest to it", () => {
    const p = computePyramid({ serious: 1, minor: 29, near_miss: 300, open_hazard: 0 }, SAFETY_PYRAMID);
    expect(p.tiers.map((t) => t.ratio)).toEqual([1, 29, 300, 0]);
    expect(p.references.find((r) => r.id === 'heinrich')!.distance).toBeCloseTo(0, 12);
    expect(p.nearest).toBe('heinrich');
    expect(p.thinBase!.flagged).toBe(false);
  });

  test('distance to Bird, worked by hand', () => {
    // Steps observed: minor/serious = 29, near/minor = 300/29 ≈ 10.345.
    // Bird's steps: 10 and 600/10 = 60. log10(29/10) = 0.46240, log10(10.345/60) = −0.76343.
    // RMS = sqrt((0.46240² + 0.76343²) / 2) = sqrt((0.21381 + 0.58283) / 2) = 0.63113.
    const p = computePyramid({ serious: 1, minor: 29, near_miss: 300 }, SAFETY_PYRAMID);
    expect(p.references.find((r) => r.id === 'bird')!.distance).toBeCloseTo(0.63113, 4);
  });

  test('ConocoPhillips compares open hazards too, and skips pairs with an empty tier', () => {
    const p = computePyramid({ serious: 0, minor: 30, near_miss: 300, open_hazard: 30000 }, SAFETY_PYRAMID);
    const cp = p.references.find((r) => r.id === 'conocophillips')!;
    // Steps: near/minor 10 (reference 10) and hazards/near 100 (reference 100): the same shape.
    expect(cp.pairs).toEqual([
      ['minor', 'near_miss'],
      ['near_miss', 'open_hazard']
    ]);
    expect(cp.distance).toBeCloseTo(0, 12);
    expect(p.tiers[0]).toEqual({ id: 'serious', count: 0, ratio: null });
  });

  test('a thin base is flagged: 2 near misses per minor injury against Heinrich’s 10.3', () => {
    const p = computePyramid({ serious: 1, minor: 10, near_miss: 20 }, SAFETY_PYRAMID);
    expect(p.thinBase).toEqual({
      flagged: true,
      judged: true,
      observedRatio: 2,
      referenceRatio: 300 / 29,
      threshold: (300 / 29) * 0.25
    });
  });

  test('too few minor injuries are not judged', () => {
    const p = computePyramid({ minor: 2, near_miss: 0 }, SAFETY_PYRAMID);
    expect(p.thinBase!.judged).toBe(false);
    expect(p.thinBase!.flagged).toBe(false);
  });

  test('an empty area has no distance, no nearest reference, and no NaN anywhere', () => {
    const p = computePyramid({}, SAFETY_PYRAMID);
    expect(p.nearest).toBeNull();
    expect(p.references.every((r) => r.distance === null)).toBe(true);
    expect(JSON.stringify(p)).not.toMatch(/NaN|Infinity/);
  });

  test('the stability pyramid has no reference and no thin-base rule', () => {
    const p = computePyramid(
      { mass_incident: 1, group_or_escalated: 12, individual: 400, screening: 90 },
      STABILITY_PYRAMID
    );
    expect(p.tiers.map((t) => t.count)).toEqual([1, 12, 400, 90]);
    expect(p.references).toEqual([]);
    expect(p.thinBase).toBeNull();
  });

  test.each([
    [{ serious: -1 }, 'Tier "serious" has count -1: counts are non-negative integers'],
    [{ minor: 1.5 }, 'Tier "minor" has count 1.5: counts are non-negative integers'],
    [{ petition: 3 }, 'Unknown tier "petition" for the safety pyramid']
  ])('refuses %o', (counts, message) => {
    expect(() => computePyramid(counts, SAFETY_PYRAMID)).toThrow(message);
  });
});

describe('growingBase', () => {
  test.each([
    [30, 20, true],
    [22, 20, false], // +2: below the minimum increase
    [23, 20, false], // +15 %: below the factor
    [4, 0, true],
    [0, 0, false]
  ])('%i overdue now against %i before → %s', (current, previous, flagged) => {
    expect(growingBase(current, previous).flagged).toBe(flagged);
  });
});
