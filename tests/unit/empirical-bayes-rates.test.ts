import { describe, expect, test } from 'vitest';
import { empiricalBayesRates } from '../../src/lib/domain/empirical-bayes-rates';

describe('empiricalBayesRates', () => {
  test('a two-area example worked by hand', () => {
    // x = [1, 30], e = [0.1, 10]: r = [10, 3]; m = 31 / 10.1 = 3.069307; ē = 5.05.
    // s² = (0.1·(10 − 3.069307)² + 10·(3 − 3.069307)²) / 10.1
    //    = (0.1·48.033503 + 10·0.004803) / 10.1 = (4.803350 + 0.048035) / 10.1 = 0.480335.
    // A = 0.480335 − 3.069307 / 5.05 = 0.480335 − 0.607784 < 0 → A = 0: every rate shrinks to m.
    const r = empiricalBayesRates([1, 30], [0.1, 10]);
    expect(r[0]!.rate).toBeCloseTo(3.069307, 5);
    expect(r[1]!.rate).toBeCloseTo(3.069307, 5);
    expect(r[0]!.weight).toBe(0);
  });

  test('real differences between large areas survive; a tiny area is pulled in', () => {
    // x = [100, 10, 2], e = [10, 10, 0.1]: r = [10, 1, 20]; m = 112 / 20.1 = 5.572139; ē = 6.7.
    // s² = (10·(10 − m)² + 10·(1 − m)² + 0.1·(20 − m)²) / 20.1
    //    = (10·19.605950 + 10·20.904458 + 0.1·208.163164) / 20.1 = (196.05950 + 209.04458 + 20.81632) / 20.1 = 21.190070.
    // A = 21.190070 − 5.572139 / 6.7 = 21.190070 − 0.831663 = 20.358407.
    // C = A / (A + m/e): e = 10 → 20.358407 / (20.358407 + 0.557214) = 0.973359; e = 0.1 → 20.358407 / (20.358407 + 55.721393) = 0.267593.
    // θ = m + C (r − m): 5.572139 + 0.973359·4.427861 = 9.882037; 5.572139 − 0.973359·4.572139 = 1.121807;
    //                    5.572139 + 0.267593·14.427861 = 9.432931.
    const r = empiricalBayesRates([100, 10, 2], [10, 10, 0.1]);
    expect(r.map((x) => x.rate)).toEqual([
      expect.closeTo(9.882037, 4),
      expect.closeTo(1.121807, 4),
      expect.closeTo(9.432931, 4)
    ]);
    expect(r[2]!.weight).toBeCloseTo(0.267593, 5);
    // The tiny area no longer ranks first.
    expect(r[2]!.rate).toBeLessThan(r[0]!.rate);
  });

  test('areas without exposure get the overall rate; all-zero data stays zero, never NaN', () => {
    expect(empiricalBayesRates([0, 4], [0, 2]).map((x) => x.rate)).toEqual([2, 2]);
    expect(empiricalBayesRates([0, 0], [1, 2])).toEqual([
      { rate: 0, weight: 1 },
      { rate: 0, weight: 1 }
    ]);
    expect(empiricalBayesRates([], [])).toEqual([]);
  });

  test('bad input says what is wrong', () => {
    expect(() => empiricalBayesRates([1], [1, 2])).toThrow('events (1) and exposure (2) differ in length');
    expect(() => empiricalBayesRates([-1], [1])).toThrow('events[0] is -1: events are non-negative numbers');
    expect(() => empiricalBayesRates([1], [Number.NaN])).toThrow('exposure[0] is NaN');
  });
});
