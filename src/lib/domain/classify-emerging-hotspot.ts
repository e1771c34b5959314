import { mannKendall, type MannKendall } from './mann-kendall';

/** One time slice of a cell's Gi* result. */
export interface GiSlice {
  /** Gi* z-score; null (no defined z, e.g. all cells equal in that slice) counts as 0 in the trend. */
  z: number | null;
  significant: boolean;
}

export type EmergingPattern =
  | 'new_hot'
  | 'consecutive_hot'
  | 'intensifying_hot'
  | 'persistent_hot'
  | 'diminishing_hot'
  | 'sporadic_hot'
  | 'oscillating_hot'
  | 'historical_hot'
  | 'new_cold'
  | 'consecutive_cold'
  | 'intensifying_cold'
  | 'persistent_cold'
  | 'diminishing_cold'
  | 'sporadic_cold'
  | 'oscillating_cold'
  | 'historical_cold'
  | 'no_pattern';

export interface EmergingHotspot {
  pattern: EmergingPattern;
  /** Mann–Kendall test of the z series (null z as 0). */
  trend: MannKendall;
}

type Kind = 'hot' | 'cold' | 'none';

/** The hot-side pattern of a series of slice kinds, or null; `trend` is the MK direction toward "more hot". */
function patternOf(kinds: readonly Kind[], same: Kind, opposite: Kind, trend: 'more' | 'less' | 'none'): string | null {
  const n = kinds.length;
  const count = kinds.filter((k) => k === same).length;
  // "At least 90 %" compared in integers so 9 of 10 qualifies without floating-point doubt.
  const mostly = count * 10 >= n * 9;
  const final = kinds[n - 1] === same;
  if (mostly) {
    if (!final) return 'historical';
    return trend === 'more' ? 'intensifying' : trend === 'less' ? 'diminishing' : 'persistent';
  }
  if (!final) return null;
  let run = 0;
  while (run < n && kinds[n - 1 - run] === same) run++;
  const before = kinds.slice(0, n - run);
  if (before.includes(opposite)) return 'oscillating';
  if (!before.includes(same)) return run === 1 ? 'new' : 'consecutive';
  return 'sporadic';
}

/**
 * Emerging hot-spot pattern of one cell from its Gi* results over equally long time slices, after
 * ArcGIS Pro's Emerging Hot Spot Analysis ("How Emerging Hot Spot Analysis works", Esri). A slice is
 * hot when significant with z > 0, cold when significant with z < 0. With n slices:
 *
 * - new: hot in the final slice and never significant (hot or cold) before.
 * - consecutive: a single uninterrupted run of at least 2 hot slices ending with the final slice,
 *   never hot before that run, and fewer than 90 % of slices hot.
 * - intensifying: hot in at least 90 % of slices including the final one, and the Mann–Kendall
 *   test on the z series shows a significant increase.
 * - persistent: hot in at least 90 % of slices including the final one, no significant trend
 *   (Esri's text omits "including the final slice"; without it the cell would be historical).
 * - diminishing: hot in at least 90 % of slices including the final one, significant decrease.
 * - sporadic: hot in the final slice, on-and-off hot before the final run, fewer than 90 % hot,
 *   and never cold.
 * - oscillating: hot in the final slice, cold in some earlier slice, fewer than 90 % hot. Checked
 *   before new/consecutive, so a past cold slice makes a newly hot cell oscillating (as sfdep does).
 * - historical: not hot in the final slice, but hot in at least 90 % of slices.
 * - The cold patterns mirror these with hot and cold swapped; for them "intensifying" means the z
 *   series falls significantly (colder), "diminishing" that it rises.
 * - no_pattern otherwise.
 *
 * @param slices the cell's Gi* per slice, oldest first; at least one
 * @param alpha significance level of the Mann–Kendall trend, default 0.05
 * @throws RangeError when there are no slices
 * @example
 * classifyEmergingHotspot([{ z: 0.3, significant: false }, { z: 2.5, significant: true }]).pattern // 'new_hot'
 */
export function classifyEmergingHotspot(slices: readonly GiSlice[], alpha = 0.05): EmergingHotspot {
  if (slices.length === 0) throw new RangeError('No time slices: emerging hot-spot analysis needs at least one');
  const kinds: Kind[] = slices.map((s) =>
    !s.significant || s.z === null || s.z === 0 ? 'none' : s.z > 0 ? 'hot' : 'cold'
  );
  const trend = mannKendall(
    slices.map((s) => s.z ?? 0),
    alpha
  );
  const hot = patternOf(kinds, 'hot', 'cold', trend.trend === 'up' ? 'more' : trend.trend === 'down' ? 'less' : 'none');
  if (hot) return { pattern: `${hot}_hot` as EmergingPattern, trend };
  const cold = patternOf(
    kinds,
    'cold',
    'hot',
    trend.trend === 'down' ? 'more' : trend.trend === 'up' ? 'less' : 'none'
  );
  if (cold) return { pattern: `${cold}_cold` as EmergingPattern, trend };
  return { pattern: 'no_pattern', trend };
}
