import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { suppressSmallCounts, type CountCell, type DisplayedCount } from '../../src/lib/domain/suppress-small-counts';

/** Fixed seed and run count keep the property tests deterministic and fast. */
const RUNS = { seed: 20260101, numRuns: 200 } as const;

function createCell(count: number, inScope = false, key = 'cell'): CountCell {
  return { key, count, inScope };
}

function displayOne(count: number, inScope = false, k?: number): DisplayedCount {
  const [shown] = suppressSmallCounts([createCell(count, inScope)], k === undefined ? {} : { k });
  if (!shown) throw new Error('suppressSmallCounts returned no cell');
  return shown;
}

describe('suppressSmallCounts, examples', () => {
  test('an out-of-scope 7 shows as 5 with the default k', () => {
    expect(displayOne(7)).toEqual({ key: 'cell', value: 5, exact: false });
  });

  test('out-of-scope counts ≥ k round down to a multiple of k', () => {
    expect([12, 15, 19, 20].map((c) => displayOne(c).value)).toEqual([10, 15, 15, 20]);
  });

  test('an out-of-scope 4 is hidden', () => {
    expect(displayOne(4)).toEqual({ key: 'cell', value: null, exact: false });
  });

  test('an in-scope 4 is shown exactly', () => {
    expect(displayOne(4, true)).toEqual({ key: 'cell', value: 4, exact: true });
  });

  test('an out-of-scope 0 is shown as an exact 0', () => {
    expect(displayOne(0)).toEqual({ key: 'cell', value: 0, exact: true });
  });

  test('an out-of-scope 15 is not marked exact, since it stands for 15…19', () => {
    expect(displayOne(15)).toEqual({ key: 'cell', value: 15, exact: false });
  });

  test('k = 10 hides 1…9 and rounds to tens', () => {
    expect([0, 1, 9, 10, 27, 27].map((c, i) => displayOne(c, i === 5, 10).value)).toEqual([0, null, null, 10, 20, 27]);
  });

  test('cells come back in input order with their keys', () => {
    const cells = [createCell(3, false, 'b'), createCell(30, false, 'a'), createCell(2, true, 'c')];
    expect(suppressSmallCounts(cells).map((c) => c.key)).toEqual(['b', 'a', 'c']);
  });

  test('a negative count is refused with the key and value in the message', () => {
    expect(() => suppressSmallCounts([createCell(-1, false, 's02/g07@0-29')])).toThrow(
      'suppressSmallCounts: cell "s02/g07@0-29" has count -1; expected a non-negative integer'
    );
  });

  test('a fractional count is refused with the key and value in the message', () => {
    expect(() => suppressSmallCounts([createCell(2.5, true, 'g1')])).toThrow(
      'suppressSmallCounts: cell "g1" has count 2.5; expected a non-negative integer'
    );
  });

  test('a NaN count is refused', () => {
    expect(() => suppressSmallCounts([createCell(Number.NaN, false, 'g1')])).toThrow('cell "g1" has count NaN');
  });

  test('k below 2 is refused with the value in the message', () => {
    expect(() => suppressSmallCounts([createCell(3)], { k: 1 })).toThrow(
      'suppressSmallCounts: k is 1; expected an integer >= 2'
    );
  });

  test('a fractional k is refused', () => {
    expect(() => suppressSmallCounts([], { k: 2.5 })).toThrow(
      'suppressSmallCounts: k is 2.5; expected an integer >= 2'
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Random petition-case scenarios: district › subdistrict › community › grid, days 0–59.

interface Scenario {
  k: number;
  /** Area paths of every grid, e.g. ['d', 's1', 'c0', 'g2']. */
  grids: string[][];
  /** Every area at every level, as paths. */
  areas: string[][];
  viewerSubdistrict: string;
  cases: { grid: string[]; day: number }[];
  windows: [number, number][];
}

interface ScenarioCell extends CountCell {
  area: string[];
  window: [number, number];
}

const LAST_DAY = 59;

const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
  .record({
    k: fc.integer({ min: 2, max: 8 }),
    // shape[s][c] = number of grids in community c of subdistrict s
    shape: fc.array(fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 1, maxLength: 2 }), {
      minLength: 2,
      maxLength: 4
    }),
    viewer: fc.nat(),
    rawCases: fc.array(fc.record({ grid: fc.nat(), day: fc.integer({ min: 0, max: LAST_DAY }) }), { maxLength: 150 }),
    rawWindows: fc.array(fc.tuple(fc.integer({ min: 0, max: LAST_DAY }), fc.integer({ min: 0, max: LAST_DAY })), {
      minLength: 1,
      maxLength: 5
    })
  })
  .map(({ k, shape, viewer, rawCases, rawWindows }) => {
    const areas: string[][] = [['d']];
    const grids: string[][] = [];
    shape.forEach((communities, s) => {
      areas.push(['d', `s${s}`]);
      communities.forEach((gridCount, c) => {
        areas.push(['d', `s${s}`, `c${c}`]);
        for (let g = 0; g < gridCount; g++) {
          const grid = ['d', `s${s}`, `c${c}`, `g${g}`];
          areas.push(grid);
          grids.push(grid);
        }
      });
    });
    const cases = rawCases.map(({ grid, day }) => ({ grid: grids[grid % grids.length] as string[], day }));
    // Each window also comes with its one-day-shorter neighbours (days a–b against a–(b−1) and
    // (a+1)–b), the overlapping-window attack.
    const windowKeys = new Set<string>();
    for (const [x, y] of rawWindows) {
      const [a, b] = x <= y ? [x, y] : [y, x];
      windowKeys.add(`${a}-${b}`);
      if (b > a) windowKeys.add(`${a}-${b - 1}`).add(`${a + 1}-${b}`);
    }
    const windows = [...windowKeys].map((w) => w.split('-').map(Number) as [number, number]);
    return { k, grids, areas, viewerSubdistrict: `s${viewer % shape.length}`, cases, windows };
  });

function contains(outer: string[], inner: string[]): boolean {
  return outer.length <= inner.length && outer.every((part, i) => inner[i] === part);
}

/** True counts for every (area, window) cell; in scope = inside the viewer's subdistrict. */
function createCells(scenario: Scenario): ScenarioCell[] {
  const scope = ['d', scenario.viewerSubdistrict];
  return scenario.areas.flatMap((area) =>
    scenario.windows.map(([a, b]) => ({
      key: `${area.join('/')}@${a}-${b}`,
      count: scenario.cases.filter((c) => contains(area, c.grid) && c.day >= a && c.day <= b).length,
      inScope: contains(scope, area),
      area,
      window: [a, b] as [number, number]
    }))
  );
}

function isHiddenRange(value: number, k: number): boolean {
  return value >= 1 && value <= k - 1;
}

describe('suppressSmallCounts, properties over random petition cases', () => {
  test('no out-of-scope value, nor any difference of two, falls in 1…k−1 or equals a hidden count', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const { k } = scenario;
        const cells = createCells(scenario);
        const shown = suppressSmallCounts(cells, { k });
        const outValues = new Set<number>();
        const hiddenCounts = new Set<number>();
        shown.forEach((s, i) => {
          const cell = cells[i] as ScenarioCell;
          if (cell.inScope) return;
          if (s.value === null) hiddenCounts.add(cell.count);
          else outValues.add(s.value);
        });
        expect([...outValues].filter((v) => isHiddenRange(v, k))).toEqual([]);
        // Distinct values cover every pair of cells: nested areas, nested or overlapping windows.
        // One assertion per scenario over the offending pairs (an expect per pair costs more than the check).
        const revealing = [...outValues].flatMap((x) =>
          [...outValues]
            .map((y) => Math.abs(x - y))
            .filter((d) => isHiddenRange(d, k) || hiddenCounts.has(d))
            .map((d) => ({ x, difference: d }))
        );
        expect(revealing).toEqual([]);
      }),
      RUNS
    );
  });

  test('each shown out-of-scope value is the largest multiple of k not above the count', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const { k } = scenario;
        const cells = createCells(scenario);
        // One assertion per scenario over the offending cells (an expect per cell costs more than the check).
        const wrong = suppressSmallCounts(cells, { k }).flatMap((s, i) => {
          const cell = cells[i] as ScenarioCell;
          if (cell.inScope || s.value === null) return [];
          const largestMultiple = s.value % k === 0 && cell.count - s.value >= 0 && cell.count - s.value < k;
          return largestMultiple ? [] : [{ key: cell.key, count: cell.count, shown: s.value, k }];
        });
        expect(wrong).toEqual([]);
      }),
      RUNS
    );
  });

  test('in-scope cells show their exact count', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const cells = createCells(scenario);
        const shown = suppressSmallCounts(cells, { k: scenario.k });
        expect(shown.map((s) => s.key)).toEqual(cells.map((c) => c.key));
        const inScope = cells.flatMap((c, i) => (c.inScope ? [{ cell: c, shown: shown[i] }] : []));
        expect(inScope.map(({ shown }) => shown)).toEqual(
          inScope.map(({ cell }) => ({ key: cell.key, value: cell.count, exact: true }))
        );
      }),
      RUNS
    );
  });

  test('out of scope, a larger count never displays below a smaller one', () => {
    // Order of what is displayed: 0 < "<k" (null) < k < 2k < …
    const rank = (value: number | null): number => (value === null ? 0.5 : value);
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.array(fc.nat({ max: 200 }), { minLength: 2, maxLength: 40 }),
        (k, counts) => {
          const sorted = [...counts].sort((a, b) => a - b);
          const ranks = suppressSmallCounts(
            sorted.map((c) => createCell(c)),
            { k }
          ).map((s) => rank(s.value));
          ranks.slice(1).forEach((r, i) => expect(r).toBeGreaterThanOrEqual(ranks[i] as number));
        }
      ),
      RUNS
    );
  });
});
