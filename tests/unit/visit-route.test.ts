import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  improveRoute,
  nearestNeighbourOrder,
  orderVisitRoute,
  routeLength,
  type Position
} from '../../src/lib/domain/order-visit-route';
import { pickRouteWithinBudget } from '../../src/lib/domain/pick-route-within-budget';
import { routeToGpx } from '../../src/lib/geo/route-to-gpx';

/**
 * Length of the shortest open path from the start through every stop, exactly, by Held–Karp
 * dynamic programming: best[set][j] is the shortest path from the start through the stops in
 * `set` ending at stop j. n² · 2ⁿ steps (41k for 9 stops) instead of the n! orders (363k) of
 * trying every permutation, the same optimum.
 */
function optimum(start: Position, stops: Position[]): number {
  const n = stops.length;
  const fromStart = stops.map((b) => routeLength(start, [b], [0]));
  const d = stops.map((a) => stops.map((b) => routeLength(a, [b], [0])));
  const best = Array.from({ length: 1 << n }, () => new Array<number>(n).fill(Infinity));
  for (let j = 0; j < n; j++) best[1 << j]![j] = fromStart[j]!;
  for (let set = 1; set < 1 << n; set++) {
    for (let j = 0; j < n; j++) {
      const here = best[set]![j]!;
      if (!(set & (1 << j)) || here === Infinity) continue;
      for (let k = 0; k < n; k++) {
        if (set & (1 << k)) continue;
        const next = set | (1 << k);
        best[next]![k] = Math.min(best[next]![k]!, here + d[j]![k]!);
      }
    }
  }
  return Math.min(...best[(1 << n) - 1]!);
}

/** Positions within about 5 km of Tianqiao. */
const position = fc.tuple(
  fc.double({ min: 116.95, max: 117.05, noNaN: true }),
  fc.double({ min: 36.66, max: 36.76, noNaN: true })
);

describe('visit route', () => {
  test('nearest neighbour on a line visits the stops outward, and the length is the sum of the legs', () => {
    // On a meridian, 0.01° of latitude is 1111.95 m on the haversine sphere.
    const start: Position = [117, 36.7];
    const stops: Position[] = [
      [117, 36.73],
      [117, 36.71],
      [117, 36.72]
    ];
    const order = nearestNeighbourOrder(start, stops);

    expect(order).toEqual([1, 2, 0]);
    expect(routeLength(start, stops, order)).toBeCloseTo(3 * 1111.95, 0);
  });

  test('2-opt/Or-opt untangles a crossing that nearest neighbour leaves', () => {
    // Start at the origin of a square; NN zig-zags, the best open path walks around it.
    const start: Position = [117, 36.7];
    const stops: Position[] = [
      [117.01, 36.7],
      [117.0, 36.71],
      [117.011, 36.711],
      [117.02, 36.7]
    ];
    const nn = nearestNeighbourOrder(start, stops);
    const better = orderVisitRoute(start, stops);

    expect(routeLength(start, stops, better)).toBeCloseTo(optimum(start, stops), 6);
    expect(routeLength(start, stops, better)).toBeLessThanOrEqual(routeLength(start, stops, nn));
  });

  test('improvement is never longer than nearest neighbour (random sets)', () => {
    fc.assert(
      fc.property(position, fc.array(position, { minLength: 0, maxLength: 25 }), (start, stops) => {
        const nn = nearestNeighbourOrder(start, stops);
        const improved = improveRoute(start, stops, nn);

        expect([...improved].sort((a, b) => a - b)).toEqual(stops.map((_, i) => i));
        expect(routeLength(start, stops, improved)).toBeLessThanOrEqual(routeLength(start, stops, nn) + 1e-6);
      }),
      { numRuns: 300, seed: 7 }
    );
  });

  test('within 5 % of the exact optimum (Held–Karp) on up to 9 sites (random sets)', () => {
    let worst = 0;
    fc.assert(
      fc.property(position, fc.array(position, { minLength: 1, maxLength: 9 }), (start, stops) => {
        const ratio = routeLength(start, stops, orderVisitRoute(start, stops)) / optimum(start, stops);
        worst = Math.max(worst, ratio);

        expect(ratio).toBeLessThanOrEqual(1.05);
      }),
      { numRuns: 150, seed: 11 }
    );
    console.log(`route: worst ratio to the optimum over 150 random sets of ≤ 9 sites: ${worst.toFixed(4)}`);
  });
});

describe('time-budget pick', () => {
  const timing = { visitMinutes: 10, speedKmh: 60, detourFactor: 1 };
  // On a meridian 0.01° of latitude is 1111.95 m: at 60 km/h, 1.11195 minutes.
  const leg = 1.11195;
  const line = [1, 2, 3].map((k) => ({ id: `s${k}`, position: [117, 36.7 + k * 0.01] as Position, score: 1 }));

  test('takes as many stops along a line as the budget holds, nearest first', () => {
    const two = pickRouteWithinBudget([117, 36.7], line, 2 * (leg + 10) + 1, timing);

    expect(two.ids).toEqual(['s1', 's2']);
    expect(two.totalMinutes).toBeCloseTo(2 * (leg + 10), 3);
    expect(two.distanceM).toBeCloseTo(2 * 1111.95, 0);
    expect(pickRouteWithinBudget([117, 36.7], line, 3 * (leg + 10) + 0.01, timing).ids).toEqual(['s1', 's2', 's3']);
    expect(pickRouteWithinBudget([117, 36.7], line, 5, timing).ids).toEqual([]);
  });

  test('prefers a far site worth much over a near one worth little when only one fits', () => {
    const sites = [
      { id: 'near', position: [117, 36.71] as Position, score: 1 },
      { id: 'far', position: [117, 36.73] as Position, score: 40 }
    ];

    expect(pickRouteWithinBudget([117, 36.7], sites, 3 * leg + 10 + 1, timing).ids).toEqual(['far']);
  });

  test('never exceeds the budget, and visits each picked site once (random sets)', () => {
    const candidate = fc.record({ position, score: fc.double({ min: 0, max: 50, noNaN: true }) });
    fc.assert(
      fc.property(
        position,
        fc.array(candidate, { minLength: 0, maxLength: 15 }),
        fc.double({ min: 0, max: 480, noNaN: true }),
        fc.record({
          visitMinutes: fc.integer({ min: 0, max: 60 }),
          speedKmh: fc.double({ min: 3, max: 40, noNaN: true }),
          detourFactor: fc.double({ min: 1, max: 2, noNaN: true })
        }),
        (start, raw, budget, t) => {
          const sites = raw.map((c, i) => ({ ...c, id: `c${i}` }));
          const route = pickRouteWithinBudget(start, sites, budget, t);

          expect(route.totalMinutes).toBeLessThanOrEqual(budget + 1e-9);
          expect(new Set(route.ids).size).toBe(route.ids.length);
          expect(route.totalMinutes).toBeCloseTo(route.travelMinutes + route.ids.length * t.visitMinutes, 9);
        }
      ),
      { numRuns: 200, seed: 3 }
    );
  });

  test('refuses a speed of zero and a negative budget', () => {
    expect(() => pickRouteWithinBudget([117, 36.7], line, 60, { ...timing, speedKmh: 0 })).toThrow(
      'speedKmh is 0: must be more than 0'
    );
    expect(() => pickRouteWithinBudget([117, 36.7], line, -1, timing)).toThrow(
      'budgetMinutes is -1: must be 0 or more'
    );
  });
});

describe('GPX export', () => {
  test('writes a GPX 1.1 route through the start and the stops, with names escaped', () => {
    const gpx = routeToGpx('今日路线 <1>', '2026-11-25T01:00:00Z', { name: 'start', lon: 117, lat: 36.7 }, [
      { name: 'A & B 化工', lon: 117.0123456, lat: 36.71, description: '重大隐患 1' }
    ]);

    expect(gpx).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gpx version="1.1" creator="pingan-yizhangtu" xmlns="http://www.topografix.com/GPX/1/1">',
        '<metadata><name>今日路线 &lt;1&gt;</name><time>2026-11-25T01:00:00Z</time></metadata>',
        '<wpt lat="36.710000" lon="117.012346"><name>A &amp; B 化工</name><desc>重大隐患 1</desc></wpt>',
        '<rte><name>今日路线 &lt;1&gt;</name>',
        '<rtept lat="36.700000" lon="117.000000"><name>start</name></rtept>',
        '<rtept lat="36.710000" lon="117.012346"><name>A &amp; B 化工</name><desc>重大隐患 1</desc></rtept>',
        '</rte>',
        '</gpx>',
        ''
      ].join('\n')
    );
  });

  test('refuses a latitude out of range', () => {
    expect(() => routeToGpx('r', 't', { name: 's', lon: 117, lat: 91 }, [])).toThrow(
      'Invalid latitude 91: must be between -90 and 90'
    );
  });
});
