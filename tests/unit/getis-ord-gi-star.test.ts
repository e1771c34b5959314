import { describe, expect, test } from 'vitest';
import { benjaminiHochberg } from '../../src/lib/domain/benjamini-hochberg';
import { getisOrdGiStar } from '../../src/lib/domain/getis-ord-gi-star';
import { normalTwoSidedP } from '../../src/lib/domain/normal-two-sided-p';

/** Rook (shared-edge) neighbours of a rows × cols lattice, row-major indices. */
function createRookLattice(rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const list: number[] = [];
      if (r > 0) list.push((r - 1) * cols + c);
      if (r < rows - 1) list.push((r + 1) * cols + c);
      if (c > 0) list.push(r * cols + c - 1);
      if (c < cols - 1) list.push(r * cols + c + 1);
      out.push(list);
    }
  }
  return out;
}

/** 5 × 5 lattice, value 5 in the 2 × 2 block at the top-left (cells 0, 1, 5, 6), 0 elsewhere. */
function createBlockValues(): number[] {
  const v = new Array<number>(25).fill(0);
  for (const i of [0, 1, 5, 6]) v[i] = 5;
  return v;
}

describe('normalTwoSidedP', () => {
  test.each([
    // Reference values of 2·(1 − Φ(|z|)) = erfc(|z|/√2) from the C library's erfc (Python math.erfc).
    [0, 1],
    [1, 0.3173105078629141],
    [1.959963984540054, 0.05],
    [-3, 0.002699796063260207],
    [6, 1.9731752900754024e-9],
    [8, 1.2441921148543639e-15]
  ])('z = %d gives p = %d within the stated relative error 1.2e-7', (z, p) => {
    expect(Math.abs(normalTwoSidedP(z) - p) / p).toBeLessThan(1.2e-7);
  });

  test('an infinite z has p = 0 and NaN is refused', () => {
    expect(normalTwoSidedP(Infinity)).toBe(0);
    expect(() => normalTwoSidedP(NaN)).toThrow('Invalid z-score NaN: must be a number');
  });
});

describe('benjaminiHochberg', () => {
  test('rejects up to the largest rank k with p(k) ≤ k·α/m', () => {
    // m = 6, α = 0.05. Sorted: 0.005 ≤ 1·0.05/6 = 0.00833 yes; 0.01 ≤ 2·0.05/6 = 0.01667 yes;
    // 0.03 > 0.025, 0.04 > 0.0333, 0.045 > 0.04167, 0.2 > 0.05: k = 2, so 0.005 and 0.01 only.
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2, 0.045])).toEqual([true, false, false, true, false, false]);
  });

  test('is a step-up procedure: a pass at a higher rank carries the smaller p-values with it', () => {
    // m = 3: 0.02 > 1·0.05/3 = 0.0167 fails on its own, but 0.03 ≤ 3·0.05/3 = 0.05 so all three pass.
    expect(benjaminiHochberg([0.03, 0.02, 0.024])).toEqual([true, true, true]);
  });

  test('null entries are not tests and do not count in m', () => {
    // m = 2 (not 3): 0.04 ≤ 2·0.05/2 = 0.05.
    expect(benjaminiHochberg([0.04, null, 0.01])).toEqual([true, false, true]);
  });

  test('refuses a p-value outside 0…1', () => {
    expect(() => benjaminiHochberg([0.1, 1.5])).toThrow('Invalid p-value 1.5 at index 1: must be between 0 and 1');
  });
});

describe('getisOrdGiStar on a 5 × 5 lattice with rook neighbours', () => {
  // Worked by hand. n = 25, Σx = 4·5 = 20, X̄ = 20/25 = 0.8.
  // Σx² = 4·25 = 100, Σx²/n = 4, S² = 4 − 0.8² = 3.36, S = 1.833030.
  // Binary weights with the cell itself: w = k + 1 = Σw = Σw², denominator S·√((25w − w²)/24).
  const results = () => getisOrdGiStar(createBlockValues(), createRookLattice(5, 5));

  test('corner cell 0 of the block: k = 2, w = 3', () => {
    // Σwx = x0 + x1 + x5 = 15; numerator 15 − 0.8·3 = 12.6.
    // (25·3 − 9)/24 = 66/24 = 2.75, √2.75 = 1.658312; denominator 1.833030·1.658312 = 3.039737.
    // z = 12.6 / 3.039737 = 4.14510.
    const r = results()[0]!;
    expect(r.z).toBeCloseTo(4.1451, 4);
    expect(r.p).toBeCloseTo(3.3967e-5, 8);
    expect(r.kind).toBe('hot');
  });

  test('edge cell 1 of the block: k = 3, w = 4', () => {
    // Neighbours 0, 2, 6: Σwx = 5 + 5 + 0 + 5 = 15; numerator 15 − 3.2 = 11.8.
    // (100 − 16)/24 = 3.5, √3.5 = 1.870829; denominator 3.429290; z = 3.44095.
    expect(results()[1]!.z).toBeCloseTo(3.44095, 4);
  });

  test('inner cell 6 of the block: k = 4, w = 5', () => {
    // Neighbours 1, 11, 5, 7: Σwx = 5 + 5 + 0 + 5 + 0 = 15; numerator 15 − 4 = 11.
    // (125 − 25)/24 = 4.166667, √ = 2.041241; denominator 3.741657; z = 2.93987, p = 0.003283.
    const r = results()[6]!;
    expect(r.z).toBeCloseTo(2.93987, 4);
    expect(r.p).toBeCloseTo(0.003283, 5);
    expect(r.kind).toBe('hot');
  });

  test('cells near and far from the block are not significant', () => {
    const r = results();
    // Cell 2: neighbours 1, 7, 3: Σwx = 5; (5 − 3.2)/3.429290 = 0.52489.
    expect(r[2]!.z).toBeCloseTo(0.52489, 4);
    // Centre cell 12: all zeros, w = 5: (0 − 4)/3.741657 = −1.06904.
    expect(r[12]!.z).toBeCloseTo(-1.06904, 4);
    // Corner cell 24: w = 3: (0 − 2.4)/3.039737 = −0.78954.
    expect(r[24]!.z).toBeCloseTo(-0.78954, 4);
    expect(r.map((c, i) => (c.kind === 'hot' ? i : -1)).filter((i) => i >= 0)).toEqual([0, 1, 5, 6]);
    expect(r.some((c) => c.kind === 'cold')).toBe(false);
  });

  test('with FDR the block stays hot: its p-values pass 0.002·k for k = 1…4', () => {
    // Sorted p: 3.4e-5 ≤ 0.002, 5.8e-4 ≤ 0.004, 5.8e-4 ≤ 0.006, 0.00328 ≤ 0.008; the fifth
    // smallest (|z| = 1.069, p = 0.285) is far above 0.010.
    const r = getisOrdGiStar(createBlockValues(), createRookLattice(5, 5), { fdr: true });
    expect(r.map((c, i) => (c.significant ? i : -1)).filter((i) => i >= 0)).toEqual([0, 1, 5, 6]);
  });

  test('FDR can take away significance that a per-cell test gives', () => {
    // One 5 among 24 zeros at the corner: X̄ = 0.2, S² = 25/25 − 0.04 = 0.96, S = 0.979796.
    // Cell 0, w = 3: (5 − 0.6)/(0.979796·1.658312) = 2.70801, p = 0.00677 < 0.05 but > 1·0.05/25.
    const values = new Array<number>(25).fill(0);
    values[0] = 5;
    const lattice = createRookLattice(5, 5);
    expect(getisOrdGiStar(values, lattice)[0]!.z).toBeCloseTo(2.70801, 4);
    expect(getisOrdGiStar(values, lattice)[0]!.kind).toBe('hot');
    expect(getisOrdGiStar(values, lattice, { fdr: true })[0]!.kind).toBe('none');
  });
});

describe('getisOrdGiStar on the 1 × 5 strip of its @example', () => {
  // [0, 0, 9, 0, 0] with edge neighbours: n = 5, X̄ = 1.8, S = √(81/5 − 1.8²) = 3.6. Cells 1–3 have
  // w = 3 and the 9 in their neighbourhood: (9 − 5.4) / (3.6 · √((15 − 9)/4)) = √(2/3) ≈ 0.8165;
  // the ends have w = 2 and only zeros: (0 − 3.6) / (3.6 · √((10 − 4)/4)) = −√(2/3).
  const strip = () => getisOrdGiStar([0, 0, 9, 0, 0], [[1], [0, 2], [1, 3], [2, 4], [3]]);

  test('cells 1, 2 and 3 tie at √(2/3), the ends at −√(2/3)', () => {
    const z = strip().map((c) => c.z!);
    [-1, 1, 1, 1, -1].forEach((sign, i) => expect(z[i]).toBeCloseTo(sign * Math.sqrt(2 / 3), 12));
    expect(z[2]).toBeCloseTo(0.8165, 4);
  });

  test('no cell is significant at 0.05: p = erfc(√(1/3)) ≈ 0.4142 for each', () => {
    const cells = strip();
    // erfc(0.5773502691896258) from the C library (Python math.erfc).
    for (const c of cells) expect(c.p).toBeCloseTo(0.41421617824252, 6);
    expect(cells.map((c) => c.kind)).toEqual(['none', 'none', 'none', 'none', 'none']);
  });
});

describe('getisOrdGiStar edge cases', () => {
  test('all values equal gives null z and p, never NaN', () => {
    const r = getisOrdGiStar([3, 3, 3, 3], [[1], [0, 2], [1, 3], [2]]);
    expect(r).toEqual(new Array(4).fill({ z: null, p: null, significant: false, kind: 'none' }));
  });

  test('a cell whose neighbourhood is the whole area has no z', () => {
    const r = getisOrdGiStar([1, 5, 2], [[1, 2], [0], [0]]);
    expect(r[0]!.z).toBeNull();
    expect(r[1]!.z).not.toBeNull();
  });

  test.each([
    [[1, 2], [[1]], 'Got 2 values but 1 neighbour lists: need one per cell'],
    [[1, 2], [[1], [2]], 'Invalid neighbour 2 of cell 1: must be an index 0…1'],
    [[1, 2], [[0], [0]], 'Cell 0 lists itself as a neighbour: Gi* adds the cell itself, leave it out'],
    [[1, 2, 3], [[1, 1], [0], []], 'Cell 0 lists neighbour 1 twice'],
    [[1, NaN], [[1], [0]], 'Invalid value NaN at cell 1: must be a finite number']
  ])('refuses %j with %j', (values, neighbours, message) => {
    expect(() => getisOrdGiStar(values, neighbours)).toThrow(message);
  });
});
