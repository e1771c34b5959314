import { describe, expect, test } from 'vitest';
import { mannKendall } from '../../src/lib/domain/mann-kendall';

describe('mannKendall', () => {
  test('a series with two tie groups, worked by hand', () => {
    // Series (n = 8, constructed for this test, not quoted from a textbook): 5, 7, 7, 6, 9, 9, 9, 8.
    // S = Σ over i of (#later greater − #later smaller):
    //   5: +7; 7: +4 −1 = 3 (the other 7 is a tie, 0); 7: +4 −1 = 3; 6: +4; 9: −1; 9: −1; 9: −1.
    //   S = 7 + 3 + 3 + 4 − 1 − 1 − 1 = 14.
    // Ties: two 7s (t = 2): 2·1·9 = 18; three 9s (t = 3): 3·2·11 = 66; Σ = 84.
    // Var(S) = (8·7·21 − 84)/18 = (1176 − 84)/18 = 1092/18 = 60.6667; σ = 7.788881.
    // z = (14 − 1)/7.788881 = 1.66905; p = 2(1 − Φ(1.66905)) = 0.09511 → no trend at 0.05.
    // (Without the tie correction Var would be 65.3333 and z = 1.6083.)
    const r = mannKendall([5, 7, 7, 6, 9, 9, 9, 8]);
    expect(r.s).toBe(14);
    expect(r.variance).toBeCloseTo(60.6667, 4);
    expect(r.z).toBeCloseTo(1.66905, 4);
    expect(r.p).toBeCloseTo(0.09511, 4);
    expect(r.trend).toBe('none');
  });

  test('a published worked example with a tie (n = 14): S = 54, Var(S) = 332.667, z = 2.9058', () => {
    // Source: J. Little, "A Mann-Kendall Example (By Hand)", College of the Holy Cross, course notes
    // for the Montserrat volcano data (https://mathcs.holycross.edu/~little/Montserrat/MannKendallByHand.txt),
    // which follows Gilbert (1987) §16.4. A single page; its figures: 91 pairs, 72 (+1), 18 (−1),
    // 1 tie, S = 54, V = (14)(13)(33)/18 − (2)(1)(9)/18, Z = 2.9058, p ≈ .0018 (one-sided).
    // (Gilbert's own Example 16 tables were not retrievable here; this example uses his formulas.)
    // Worked again here, row by row: (#later greater, #later smaller)
    //   12.9: (11, 1)  14.8: (8, 4)  13.2: (9, 2)  15.7: (6, 4)  13.8: (7, 2)  15.6: (6, 2)  12.9: (6, 1)
    //   11.0: (6, 0)   17.3: (4, 1)  15.9: (4, 0)  19.0: (2, 1)  18.3: (2, 0)  20.1: (1, 0)  21.7: (0, 0)
    //   plus: 11+8+9+6+7+6+6+6+4+4+2+2+1 = 72; minus: 1+4+2+4+2+2+1+1+1 = 18; the two 12.9s tie → 0.
    //   S = 72 − 18 = 54 (72 + 18 + 1 = 91 = 14·13/2 pairs).
    // Ties: one group of t = 2 (12.9): t(t − 1)(2t + 5) = 2·1·9 = 18.
    //   Var(S) = (14·13·33 − 18)/18 = (6006 − 18)/18 = 5988/18 = 332.6667 (untied: 333.6667).
    //   σ = √332.6667 = 18.239152; z = (S − 1)/σ = 53/18.239152 = 2.905837.
    //   Two-sided p = 2(1 − Φ(2.905837)) = 0.0036627 (the notes' .0018 is the one-sided tail).
    const r = mannKendall([12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7]);
    expect(r.s).toBe(54);
    expect(r.variance).toBeCloseTo(5988 / 18, 10);
    expect(r.z).toBeCloseTo(2.905837, 5);
    expect(r.p).toBeCloseTo(0.0036627, 6);
    expect(r.trend).toBe('up');
  });

  test('a strictly falling series of 6: S = −15, Var = 6·5·17/18 = 28.3333, z = −14/5.322906 = −2.63014', () => {
    const r = mannKendall([9, 8, 6, 5, 3, 1]);
    expect(r.s).toBe(-15);
    expect(r.variance).toBeCloseTo(28.3333, 4);
    expect(r.z).toBeCloseTo(-2.63014, 4);
    expect(r.p).toBeCloseTo(0.008535, 5);
    expect(r.trend).toBe('down');
  });

  test('S = 0 gives z = 0 and p = 1', () => {
    // 1, 2, 1: (1,2) +1, (1,1) 0, (2,1) −1 → S = 0.
    const r = mannKendall([1, 2, 1]);
    expect(r).toMatchObject({ s: 0, z: 0, p: 1, trend: 'none' });
  });

  test('all values equal: Var(S) = 0, S = 0, no NaN', () => {
    const r = mannKendall([4, 4, 4, 4]);
    expect(r).toEqual({ s: 0, variance: 0, z: 0, p: 1, trend: 'none' });
  });

  test('refuses a non-finite value', () => {
    expect(() => mannKendall([1, Infinity])).toThrow('Invalid value Infinity at position 1: must be a finite number');
  });
});
