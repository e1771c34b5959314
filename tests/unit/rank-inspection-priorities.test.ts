import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { rankInspectionPriorities, type InspectionSite } from '../../src/lib/domain/rank-inspection-priorities';
import { createRandom } from '../../src/lib/core/random';

const CLASSES = ['red', 'orange', 'yellow', 'blue'] as const;

/** `n` sites drawn from a seeded source, so every test builds its own. */
function createSites(n: number, seed = 1): InspectionSite[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `e${String(i).padStart(3, '0')}`,
    kind: rng.chance(0.8) ? 'enterprise' : 'hazard_site',
    riskClass: rng.pick(CLASSES),
    openHazards: Array.from({ length: rng.int(0, 3) }, () => ({
      level: rng.chance(0.15) ? 'major' : 'general',
      daysOverdue: rng.chance(0.5) ? 0 : rng.int(1, 200)
    })),
    daysSinceInspection: rng.chance(0.1) ? null : rng.int(0, 700),
    incidentsLastYear: rng.poisson(0.3)
  }));
}

describe('rankInspectionPriorities', () => {
  test('a score worked by hand: red site, one major hazard 45 days overdue, half a year uninspected, one incident', () => {
    const plan = rankInspectionPriorities(
      [
        {
          id: 'a',
          kind: 'enterprise',
          riskClass: 'red',
          openHazards: [{ level: 'major', daysOverdue: 45 }],
          daysSinceInspection: 182.5,
          incidentsLastYear: 1
        }
      ],
      { visits: 1, seed: 1 }
    );
    // 8 (red) + 10 (major) + 10 × 45/30 = 15 (overdue) + 8 × 0.5 = 4 (staleness) + 2 (incident) = 39.
    expect(plan.picks[0]!.parts).toEqual({ riskClass: 8, hazards: 10, overdue: 15, staleness: 4, incidents: 2 });
    expect(plan.picks[0]!.score).toBeCloseTo(39, 12);
  });

  test('the parts of every score add up to it', () => {
    for (const s of rankInspectionPriorities(createSites(200), { visits: 20, seed: 3 }).ranked) {
      const sum = s.parts.riskClass + s.parts.hazards + s.parts.overdue + s.parts.staleness + s.parts.incidents;
      expect(s.score, s.id).toBeCloseTo(sum, 9);
    }
  });

  test('score picks are the highest scores and random checks come from outside them', () => {
    const plan = rankInspectionPriorities(createSites(200), { visits: 30, seed: 3 });
    const top = plan.picks.filter((p) => p.reason === 'score');
    const random = plan.picks.filter((p) => p.reason === 'random-check');
    expect(top.map((p) => p.id)).toEqual(plan.ranked.slice(0, 27).map((s) => s.id));
    const lowestTop = Math.min(...top.map((p) => p.score));
    expect(plan.ranked.slice(27).every((s) => s.score <= lowestTop)).toBe(true);
    expect(random).toHaveLength(3);
    const topIds = new Set(top.map((p) => p.id));
    expect(random.filter((p) => topIds.has(p.id))).toEqual([]);
  });

  test('the same seed repeats the random checks, whatever the input order; another seed changes them', () => {
    const sites = createSites(300);
    const randomIds = (seed: number, input = sites) =>
      rankInspectionPriorities(input, { visits: 50, randomShare: 0.2, seed })
        .picks.filter((p) => p.reason === 'random-check')
        .map((p) => p.id);
    expect(randomIds(11)).toHaveLength(10);
    expect(randomIds(11)).toEqual(randomIds(11));
    expect(randomIds(11, [...sites].reverse())).toEqual(randomIds(11));
    expect(randomIds(12)).not.toEqual(randomIds(11));
  });

  test('never the same site twice, and min(visits, sites) picks, for any sizes and shares', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        (n, visits, share, seed) => {
          const plan = rankInspectionPriorities(createSites(n, seed), { visits, randomShare: share, seed });
          const ids = plan.picks.map((p) => p.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids).toHaveLength(Math.min(visits, n));
          expect(plan.picks.filter((p) => p.reason === 'random-check').length).toBeLessThanOrEqual(
            Math.round(share * visits)
          );
        }
      )
    );
  });

  test('bad input is refused with the site named', () => {
    const [a] = createSites(1);
    expect(() => rankInspectionPriorities([a!, a!], { visits: 1, seed: 1 })).toThrow(/"e000" appears twice/);
    expect(() => rankInspectionPriorities([{ ...a!, incidentsLastYear: -1 }], { visits: 1, seed: 1 })).toThrow(
      /"e000" has -1 incidents/
    );
    expect(() => rankInspectionPriorities([a!], { visits: 1.5, seed: 1 })).toThrow(/visits is 1.5/);
    expect(() => rankInspectionPriorities([a!], { visits: 1, randomShare: 2, seed: 1 })).toThrow(/randomShare is 2/);
  });
});
