/**
 * Global empirical-Bayes smoothing of area rates (Marshall 1991, "Mapping disease and mortality
 * rates using empirical Bayes estimators", Applied Statistics 40(2): 283–294), so a tiny area with
 * one event is pulled toward the overall rate instead of topping the ranking.
 *
 * With events x_i and exposure e_i (e.g. households / 1000) per area:
 *   r_i = x_i / e_i,  m = Σx / Σe,  ē = Σe / n,
 *   s² = Σ e_i (r_i − m)² / Σe,  A = max(0, s² − m / ē),
 *   C_i = A / (A + m / e_i),  θ_i = m + C_i (r_i − m).
 * Areas with no exposure get θ_i = m (nothing to learn from them).
 *
 * @returns smoothed rate θ_i per area, and the shrinkage weight C_i (1 = own rate, 0 = overall)
 * @example
 * empiricalBayesRates([1, 30], [0.1, 10]) // the tiny area's rate 10 is pulled toward 3.07
 */
export function empiricalBayesRates(
  events: readonly number[],
  exposure: readonly number[]
): { rate: number; weight: number }[] {
  if (events.length !== exposure.length)
    throw new Error(`events (${events.length}) and exposure (${exposure.length}) differ in length`);
  events.forEach((x, i) => {
    if (!(x >= 0) || !Number.isFinite(x)) throw new Error(`events[${i}] is ${x}: events are non-negative numbers`);
    if (!(exposure[i]! >= 0) || !Number.isFinite(exposure[i]!))
      throw new Error(`exposure[${i}] is ${exposure[i]}: exposure is a non-negative number`);
  });
  const n = events.length;
  const sumE = exposure.reduce((s, e) => s + e, 0);
  const sumX = events.reduce((s, x) => s + x, 0);
  if (n === 0 || sumE === 0) return events.map(() => ({ rate: 0, weight: 0 }));
  const m = sumX / sumE;
  const eBar = sumE / n;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const e = exposure[i]!;
    if (e > 0) s2 += e * (events[i]! / e - m) ** 2;
  }
  s2 /= sumE;
  const A = Math.max(0, s2 - m / eBar);
  return events.map((x, i) => {
    const e = exposure[i]!;
    if (e === 0) return { rate: m, weight: 0 };
    // With m = 0 every area has rate 0: nothing to shrink.
    const C = m === 0 ? 1 : A / (A + m / e);
    return { rate: m + C * (x / e - m), weight: C };
  });
}
