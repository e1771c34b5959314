import { describe, expect, test } from 'vitest';
import { rankNearbySites, type SiteAtDistance } from '../../src/lib/domain/rank-nearby-sites';

function site(id: string, distanceM: number, over: Partial<SiteAtDistance> = {}): SiteAtDistance {
  return {
    id,
    kind: 'enterprise',
    riskClass: 'blue',
    openHazards: [],
    daysSinceInspection: 0,
    incidentsLastYear: 0,
    distanceM,
    ...over
  };
}

describe('rankNearbySites', () => {
  test("a site at the half distance counts half its priority, one at the inspector's feet all of it", () => {
    // Blue class (1 point), inspected today (no staleness), nothing else: priority 1.
    const [a, b] = rankNearbySites([site('near', 0), site('half', 1000)]);

    expect(a).toMatchObject({ site: { id: 'near' }, priority: 1, distanceFactor: 1, score: 1 });
    expect(b!.site.id).toBe('half');
    expect(b!.score).toBeCloseTo(0.5, 12);
  });

  test('an overdue major hazard 2 km away ranks above a blue enterprise next door', () => {
    // red 8 + major 10 + overdue 10 × 60/30 = 20 + staleness 8 × 365/365 = 8 → 46; × 1000/3000.
    const far = site('far', 2000, {
      riskClass: 'red',
      openHazards: [{ level: 'major', daysOverdue: 60 }],
      daysSinceInspection: 400
    });
    const ranked = rankNearbySites([site('door', 10), far]);

    expect(ranked.map((r) => r.site.id)).toEqual(['far', 'door']);
    expect(ranked[0]!.priority).toBeCloseTo(46, 12);
    expect(ranked[0]!.score).toBeCloseTo(46 / 3, 12);
  });

  test('the half distance is configurable and equal scores fall back to distance', () => {
    const ranked = rankNearbySites([site('b', 300), site('a', 300), site('c', 100)], { halfDistanceM: 100 });

    expect(ranked.map((r) => r.site.id)).toEqual(['c', 'a', 'b']);
    expect(ranked[0]!.score).toBeCloseTo(0.5, 12);
  });

  test('refuses a negative distance and a non-positive half distance', () => {
    expect(() => rankNearbySites([site('x', -1)])).toThrow('Site "x" is -1 m away: must be 0 or more');
    expect(() => rankNearbySites([site('x', 1)], { halfDistanceM: 0 })).toThrow(
      'halfDistanceM is 0: must be a positive number of metres'
    );
  });
});
