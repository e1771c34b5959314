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
