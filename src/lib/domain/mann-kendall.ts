import { normalTwoSidedP } from './normal-two-sided-p';

/** The Mann–Kendall trend test of one series. */
export interface MannKendall {
  /** S = Σ_{i<j} sign(xⱼ − xᵢ). */
  s: number;
  /** Var(S) with the tie correction. */
  variance: number;
  /** Continuity-corrected z: (S − 1)/σ for S > 0, (S + 1)/σ for S < 0, 0 for S = 0. */
  z: number;
  /** Two-sided p-value of z from the standard normal. */
  p: number;
  /** 'up' / 'down' when p ≤ alpha, by the sign of S; otherwise 'none'. */
  trend: 'up' | 'down' | 'none';
}

/**
 * Mann–Kendall test for a monotonic trend (Mann 1945; Kendall 1975; as in Gilbert 1987,
 * Statistical Methods for Environmental Pollution Monitoring, §16.4), with the normal approximation
 * and the tie correction
 *
 *   Var(S) = [n(n − 1)(2n + 5) − Σₜ t(t − 1)(2t + 5)] / 18,
 *
 * where t runs over the sizes of the groups of equal values. Values are compared exactly.
 *
 * @param series values in time order, equally spaced; finite numbers
 * @param alpha significance level for `trend`, in (0, 1); default 0.05
 * @throws RangeError when a value is not finite or alpha is outside (0, 1)
 * @example
 * mannKendall([1, 2, 3, 4, 5, 6]) // { s: 15, variance: 28.33…, z: 2.63…, p: 0.0085…, trend: 'up' }
 */
export function mannKendall(series: readonly number[], alpha = 0.05): MannKendall {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`Invalid alpha ${alpha}: must be between 0 and 1 (exclusive)`);
  series.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new RangeError(`Invalid value ${x} at position ${i}: must be a finite number`);
  });
  const n = series.length;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(series[j]! - series[i]!);
  const groups = new Map<number, number>();
  for (const x of series) groups.set(x, (groups.get(x) ?? 0) + 1);
  let ties = 0;
  for (const t of groups.values()) ties += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  // variance is 0 only when every value is equal, and then S = 0 too.
  const sigma = Math.sqrt(variance);
  const z = s > 0 ? (s - 1) / sigma : s < 0 ? (s + 1) / sigma : 0;
  const p = normalTwoSidedP(z);
  const trend = p <= alpha && s !== 0 ? (s > 0 ? 'up' : 'down') : 'none';
  return { s, variance, z, p, trend };
}
