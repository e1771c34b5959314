import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  allocateMediators,
  DEFAULT_LEVEL_COSTS,
  type AreaNeed,
  type Mediator
} from '../../src/lib/domain/allocate-mediators';
import { minCostFlow } from '../../src/lib/domain/min-cost-flow';

const LEVEL = ['district', 'subdistrict', 'community', 'grid'] as const;
const costPerCase = (m: Mediator, a: AreaNeed) =>
  DEFAULT_LEVEL_COSTS[LEVEL[a.code.split('-').length - 1]!] +
  DEFAULT_LEVEL_COSTS[LEVEL[m.homeAreaCode.split('-').length - 1]!];
const within = (code: string, home: string) => code === home || code.startsWith(`${home}-`);

/** Best (covered, cost) by trying every integer assignment matrix, mediator by mediator. */
function bruteForce(mediators: Mediator[], areas: AreaNeed[]): { covered: number; cost: number } {
  let best = { covered: -1, cost: Infinity };
  const left = areas.map((a) => a.cases);
  const visit = (mi: number, covered: number, cost: number) => {
    if (mi === mediators.length) {
      if (covered > best.covered || (covered === best.covered && cost < best.cost)) best = { covered, cost };
      return;
    }
    const m = mediators[mi]!;
    const eligible = areas.map((a, j) => j).filter((j) => within(areas[j]!.code, m.homeAreaCode));
    const spread = (k: number, capacity: number, covered: number, cost: number) => {
      if (k === eligible.length) return visit(mi + 1, covered, cost);
      const j = eligible[k]!;
      for (let x = 0; x <= Math.min(capacity, left[j]!); x++) {
        left[j]! -= x;
        spread(k + 1, capacity - x, covered + x, cost + x * costPerCase(m, areas[j]!));
        left[j]! += x;
      }
    };
    spread(0, m.capacityPerWeek, covered, cost);
  };
  visit(0, 0, 0);
  return best;
}

const CODES = [
  '370105',
  '370105-001',
  '370105-001-001',
  '370105-001-001-001',
  '370105-001-001-002',
  '370105-001-002',
  '370105-001-002-001',
  '370105-002',
  '370105-002-001-001'
];

const instance: fc.Arbitrary<Instance> = fc.record({
  mediators: fc.array(fc.record({ home: fc.constantFrom(...CODES), capacityPerWeek: fc.integer({ min: 0, max: 3 }) }), {
    minLength: 1,
    maxLength: 4
  }),
  areas: fc.uniqueArray(fc.record({ code: fc.constantFrom(...CODES), cases: fc.integer({ min: 0, max: 3 }) }), {
    minLength: 1,
    maxLength: 4,
    selector: (a) => a.code
  })
});
type Instance = { mediators: { home: string; capacityPerWeek: number }[]; areas: AreaNeed[] };
const build = (i: Instance) => ({
  mediators: i.mediators.map((m, k) => ({ id: `m${k}`, homeAreaCode: m.home, capacityPerWeek: m.capacityPerWeek })),
  areas: i.areas
});

describe('minCostFlow', () => {
  test('a five-arc network whose cheapest maximum flow is worked by hand', () => {
    // s=0, t=3. Arcs (cap, cost): 0→1 (4, 2), 0→2 (2, 2), 1→2 (2, 1), 1→3 (3, 3), 2→3 (5, 1).
    // Max flow 6 (both arcs out of s saturated). Cheapest: 0→2→3 ×2 (cost 3 each = 6),
    // 0→1→2→3 ×2 (cost 4 each = 8), 0→1→3 ×2 (cost 5 each = 10): total 24.
    const r = minCostFlow(
      4,
      [
        { from: 0, to: 1, capacity: 4, cost: 2 },
        { from: 0, to: 2, capacity: 2, cost: 2 },
        { from: 1, to: 2, capacity: 2, cost: 1 },
        { from: 1, to: 3, capacity: 3, cost: 3 },
        { from: 2, to: 3, capacity: 5, cost: 1 }
      ],
      0,
      3
    );
    expect(r).toEqual({ flow: 6, cost: 24, edgeFlows: [4, 2, 2, 2, 4] });
  });

  test('a cheaper path found only through a reverse arc', () => {
    // The first shortest path 0→1→2→3 (cost 3) blocks both direct routes; the second augmentation,
    // 0→2, back along 1→2 (cost −1), 1→3, costs 5 − 1 + 5 = 9 and cancels the middle arc.
    // Optimum: 0→1→3 + 0→2→3 = (1 + 5) + (5 + 1) = 12 = 3 + 9.
    const r = minCostFlow(
      4,
      [
        { from: 0, to: 1, capacity: 1, cost: 1 },
        { from: 0, to: 2, capacity: 1, cost: 5 },
        { from: 1, to: 2, capacity: 1, cost: 1 },
        { from: 1, to: 3, capacity: 1, cost: 5 },
        { from: 2, to: 3, capacity: 1, cost: 1 }
      ],
      0,
      3
    );
    expect(r).toEqual({ flow: 2, cost: 12, edgeFlows: [1, 1, 0, 1, 1] });
  });

  test('maxFlow stops early at the cheapest flow of that value', () => {
    const edges = [
      { from: 0, to: 1, capacity: 1, cost: 1 },
      { from: 1, to: 3, capacity: 1, cost: 1 },
      { from: 0, to: 2, capacity: 1, cost: 2 },
      { from: 2, to: 3, capacity: 1, cost: 2 }
    ];
    expect(minCostFlow(4, edges, 0, 3, { maxFlow: 1 })).toEqual({ flow: 1, cost: 2, edgeFlows: [1, 1, 0, 0] });
  });

  test('a negative-cost cycle is refused', () => {
    const edges = [
      { from: 0, to: 1, capacity: 1, cost: 1 },
      { from: 1, to: 2, capacity: 1, cost: -3 },
      { from: 2, to: 1, capacity: 1, cost: 1 },
      { from: 2, to: 3, capacity: 1, cost: 1 }
    ];
    expect(() => minCostFlow(4, edges, 0, 3)).toThrow(/negative-cost cycle/);
  });
});

describe('allocateMediators', () => {
  test('covers as many cases as brute force, at the same minimal cost, on small random instances', () => {
    fc.assert(
      fc.property(instance, (i) => {
        const { mediators, areas } = build(i);
        const got = allocateMediators(mediators, areas);
        const best = bruteForce(mediators, areas);
        expect({ covered: got.covered, cost: got.cost }).toEqual(best);
      }),
      { numRuns: 300 }
    );
  });

  test('capacities and scopes are never violated, and the books balance', () => {
    fc.assert(
      fc.property(instance, (i) => {
        const { mediators, areas } = build(i);
        const got = allocateMediators(mediators, areas);
        let cost = 0;
        got.mediators.forEach((plan, k) => {
          const m = mediators[k]!;
          expect(plan.id).toBe(m.id);
          expect(plan.load).toBeLessThanOrEqual(m.capacityPerWeek);
          expect(plan.assignments.reduce((s, a) => s + a.cases, 0)).toBe(plan.load);
          for (const a of plan.assignments) {
            expect(within(a.areaCode, m.homeAreaCode), `${m.homeAreaCode} ⊉ ${a.areaCode}`).toBe(true);
            cost += a.cases * a.costPerCase;
          }
        });
        got.areas.forEach((a, j) => {
          expect(a.covered + a.uncovered).toBe(areas[j]!.cases);
          const assigned = got.mediators
            .flatMap((p) => p.assignments)
            .filter((x) => x.areaCode === a.code)
            .reduce((s, x) => s + x.cases, 0);
          expect(assigned).toBe(a.covered);
        });
        expect(got.cost).toBe(cost);
      }),
      { numRuns: 300 }
    );
  });

  test('the grid mediator takes the grid case; the sub-district mediator the rest', () => {
    const got = allocateMediators(
      [
        { id: 'sub', homeAreaCode: '370105-001', capacityPerWeek: 5 },
        { id: 'grid', homeAreaCode: '370105-001-001-001', capacityPerWeek: 1 }
      ],
      [
        { code: '370105-001-001-001', cases: 2 },
        { code: '370105-002-001-001', cases: 4 }
      ]
    );
    expect(got.mediators).toEqual([
      { id: 'sub', capacity: 5, load: 1, assignments: [{ areaCode: '370105-001-001-001', cases: 1, costPerCase: 4 }] },
      { id: 'grid', capacity: 1, load: 1, assignments: [{ areaCode: '370105-001-001-001', cases: 1, costPerCase: 2 }] }
    ]);
    expect(got.areas[1]).toEqual({ code: '370105-002-001-001', cases: 4, covered: 0, uncovered: 4 });
  });

  test('the same allocation whatever the input order', () => {
    fc.assert(
      fc.property(instance, (i) => {
        const { mediators, areas } = build(i);
        const a = allocateMediators(mediators, areas);
        const b = allocateMediators([...mediators].reverse(), [...areas].reverse());
        expect([...b.mediators].reverse()).toEqual(a.mediators);
        expect([...b.areas].reverse()).toEqual(a.areas);
      })
    );
  });

  test('bad input is refused with a message naming it', () => {
    expect(() => allocateMediators([{ id: 'm', homeAreaCode: '3701', capacityPerWeek: 1 }], [])).toThrow(
      /"m" has the area code "3701"/
    );
    expect(() => allocateMediators([{ id: 'm', homeAreaCode: '370105', capacityPerWeek: -1 }], [])).toThrow(
      /capacity -1/
    );
    expect(() =>
      allocateMediators(
        [],
        [
          { code: '370105', cases: 1 },
          { code: '370105', cases: 2 }
        ]
      )
    ).toThrow(/"370105" appears twice/);
  });
});
