/** One aggregate cell of petition (信访) cases: a count for one area and one time window. */
export interface CountCell {
  /** Caller's identifier of the cell, e.g. `"s03/c12@2026-01-01..2026-01-30"`; echoed back unchanged. */
  key: string;
  /** Number of petition cases in the cell, a non-negative integer. */
  count: number;
  /** True when the cell's area lies inside the viewer's own scope (the subtree of their home area). */
  inScope: boolean;
}

/** What the viewer may be shown for one cell. */
export interface DisplayedCount {
  key: string;
  /**
   * The count to display: the exact count in scope; out of scope `0`, `null` for a hidden
   * 1…k−1 (the UI shows "<k"), or the count rounded down to a multiple of k.
   */
  value: number | null;
  /**
   * True when `value` is the true count and may be shown as such: every in-scope cell, and an
   * out-of-scope 0. It depends only on `inScope` and `value`, never on the hidden remainder, so an
   * out-of-scope 15 (which stands for 15…19) is not marked exact even when the count is 15.
   */
  exact: boolean;
}

export interface SuppressSmallCountsOptions {
  /** Smallest out-of-scope count that may be shown, and the rounding step; an integer ≥ 2. Default 5. */
  k?: number;
}

const DEFAULT_K = 5;

/**
 * Applies the privacy rule for petition-case aggregates (see docs/privacy-suppression.md).
 *
 * In-scope cells keep their exact count. Out-of-scope cells show 0 as 0, hide 1…k−1 (`null`),
 * and round every count ≥ k down to a multiple of k. Every shown out-of-scope value is thus a
 * multiple of k, so the difference of any two of them (a parent total minus a child, days 1–30
 * minus days 1–29) is a multiple of k as well and never equals a hidden 1…k−1.
 *
 * Limits: this rules out recovery by pairwise subtraction only. Interval reasoning over an
 * additive table can still pin hidden cells (five grids shown "<5" under a subdistrict shown 20
 * must hold 4 each), and an out-of-scope parent minus the viewer's own exact child narrows the
 * rest to k values. The markdown file spells out what a viewer can still learn.
 *
 * @param cells counts per (area, time window); `count` in cases, a non-negative integer
 * @param options `k`: suppression threshold and rounding step in cases, integer ≥ 2, default 5
 * @returns one displayed cell per input cell, in input order
 * @throws Error when k is not an integer ≥ 2, or a count is not a non-negative integer (the
 *   message names the cell's key and the value)
 * @example
 * suppressSmallCounts(
 *   [
 *     { key: 'other-grid', count: 7, inScope: false },
 *     { key: 'other-grid-2', count: 4, inScope: false },
 *     { key: 'own-grid', count: 4, inScope: true }
 *   ],
 *   { k: 5 }
 * );
 * // → [{ key: 'other-grid', value: 5, exact: false },
 * //    { key: 'other-grid-2', value: null, exact: false },
 * //    { key: 'own-grid', value: 4, exact: true }]
 */
export function suppressSmallCounts(
  cells: readonly CountCell[],
  options: SuppressSmallCountsOptions = {}
): DisplayedCount[] {
  const k = options.k ?? DEFAULT_K;
  if (!Number.isSafeInteger(k) || k < 2) {
    throw new Error(`suppressSmallCounts: k is ${k}; expected an integer >= 2`);
  }
  return cells.map(({ key, count, inScope }) => {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new Error(`suppressSmallCounts: cell "${key}" has count ${count}; expected a non-negative integer`);
    }
    if (inScope) return { key, value: count, exact: true };
    if (count === 0) return { key, value: 0, exact: true };
    if (count < k) return { key, value: null, exact: false };
    return { key, value: count - (count % k), exact: false };
  });
}
