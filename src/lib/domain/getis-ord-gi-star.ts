import { benjaminiHochberg } from './benjamini-hochberg';
import { normalTwoSidedP } from './normal-two-sided-p';

/** The Gi* result of one cell. */
export interface GiStar {
  /** Gi* z-score; null when undefined (all values equal, fewer than 2 cells, or the cell's neighbourhood is the whole study area). */
  z: number | null;
  /** Two-sided p-value from the standard normal; null when z is null. */
  p: number | null;
  /** p ≤ alpha, or rejected by Benjamini–Hochberg when `fdr` is on. */
  significant: boolean;
  /** 'hot' = significant with z > 0, 'cold' = significant with z < 0. */
  kind: 'hot' | 'cold' | 'none';
}

export interface GiStarOptions {
  /** Control the false discovery rate over all cells (Benjamini–Hochberg) instead of testing each cell at alpha. Default false. */
  fdr?: boolean;
  /** Significance level (or FDR level), in (0, 1). Default 0.05. */
  alpha?: number;
}

/**
 * Getis–Ord local Gi* hot-spot statistic with binary contiguity weights (Ord & Getis 1995,
 * Geographical Analysis 27:286–306; the form ArcGIS's Hot Spot Analysis documents). The cell itself
 * is in its own neighbourhood with weight 1, each neighbour with weight 1, so for a cell with k
 * neighbours Σⱼwᵢⱼ = Σⱼwᵢⱼ² = k + 1 and
 *
 *   G*ᵢ = (Σⱼ wᵢⱼ xⱼ − X̄ Σⱼ wᵢⱼ) / (S √[(n Σⱼ wᵢⱼ² − (Σⱼ wᵢⱼ)²) / (n − 1)]),
 *   X̄ = Σ xⱼ / n,  S = √(Σ xⱼ² / n − X̄²).
 *
 * G*ᵢ is already a z-score; p is two-sided from the standard normal. Cells without a defined z
 * (S = 0, n < 2, or k + 1 = n) get z = p = null and are never significant, never NaN.
 *
 * @param values one value per cell (e.g. event counts); finite numbers
 * @param neighbours per cell, the indices of its neighbours, the cell itself NOT included
 * @param options `fdr` (Benjamini–Hochberg over all cells with a p-value) and `alpha` (default 0.05)
 * @throws RangeError when lengths differ, a value is not finite, or a neighbour index is out of range, repeated or the cell itself
 * @example
 * // A 1×5 strip. Each cell's neighbours are the cells sharing an edge with it (one at the ends,
 * // two inside), the cell itself left out: Gi* adds it. Cells 1, 2 and 3 each hold the 9 in
 * // their neighbourhood of three, so they tie: one high cell makes a hot neighbourhood, not a
 * // hot cell. n = 5, X̄ = 1.8, S = 3.6; cell 2: (9 − 1.8 · 3) / (3.6 · √((5 · 3 − 3²) / 4)) = √(2/3).
 * getisOrdGiStar([0, 0, 9, 0, 0], [[1], [0, 2], [1, 3], [2, 4], [3]]).map((c) => c.z)
 * // ≈ [-0.8165, 0.8165, 0.8165, 0.8165, -0.8165], each p ≈ 0.414: none significant at 0.05
 */
export function getisOrdGiStar(
  values: readonly number[],
  neighbours: readonly (readonly number[])[],
  options: GiStarOptions = {}
): GiStar[] {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`Invalid alpha ${alpha}: must be between 0 and 1 (exclusive)`);
  const n = values.length;
  if (neighbours.length !== n)
    throw new RangeError(`Got ${n} values but ${neighbours.length} neighbour lists: need one per cell`);
  let sum = 0;
  let sumSq = 0;
  values.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new RangeError(`Invalid value ${x} at cell ${i}: must be a finite number`);
    sum += x;
    sumSq += x * x;
  });
  const mean = n > 0 ? sum / n : 0;
  // Relative guard: a variance that is rounding noise around 0 means all values are equal.
  const variance = n > 0 ? sumSq / n - mean * mean : 0;
  const s = variance > 1e-12 * Math.max(1, mean * mean) ? Math.sqrt(variance) : 0;

  // seenBy[j] === i + 1 when cell i's list has named j already: one array for all cells, so a
  // dense weights matrix (every grid within a wide distance band) costs no allocation per cell.
  const seenBy = new Int32Array(n);
  const zs = neighbours.map((list, i) => {
    let local = values[i]!;
    for (const j of list) {
      if (!Number.isInteger(j) || j < 0 || j >= n)
        throw new RangeError(`Invalid neighbour ${j} of cell ${i}: must be an index 0…${n - 1}`);
      if (j === i)
        throw new RangeError(`Cell ${i} lists itself as a neighbour: Gi* adds the cell itself, leave it out`);
      if (seenBy[j] === i + 1) throw new RangeError(`Cell ${i} lists neighbour ${j} twice`);
      seenBy[j] = i + 1;
      local += values[j]!;
    }
    const w = list.length + 1; // Σw = Σw² with binary weights
    const spread = (n * w - w * w) / (n - 1);
    if (s === 0 || n < 2 || spread <= 0) return null;
    return (local - mean * w) / (s * Math.sqrt(spread));
  });
  const ps = zs.map((z) => (z === null ? null : normalTwoSidedP(z)));
  const significant = options.fdr ? benjaminiHochberg(ps, alpha) : ps.map((p) => p !== null && p <= alpha);
  return zs.map((z, i) => {
    const sig = significant[i]!;
    const kind = !sig || z === null || z === 0 ? 'none' : z > 0 ? 'hot' : 'cold';
    return { z, p: ps[i]!, significant: sig, kind };
  });
}
