/**
 * Benjamini–Hochberg false-discovery-rate control (Benjamini & Hochberg 1995, J. R. Stat. Soc. B
 * 57:289–300): sort the m p-values ascending, find the largest rank k with p₍ₖ₎ ≤ k·α/m, and reject
 * (call significant) the k smallest. Ties at the cut-off are all rejected together.
 *
 * @param pValues p-values in 0…1; `null` entries are not tests (not counted in m, never significant)
 * @param alpha the false discovery rate to control, in (0, 1); default 0.05
 * @returns per input, whether it is significant, in input order
 * @throws RangeError for a p-value outside 0…1 or an alpha outside (0, 1)
 * @example
 * benjaminiHochberg([0.01, 0.04, 0.03, 0.2]) // [true, false, false, false]  (0.01 ≤ 1·0.05/4)
 */
export function benjaminiHochberg(pValues: readonly (number | null)[], alpha = 0.05): boolean[] {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`Invalid alpha ${alpha}: must be between 0 and 1 (exclusive)`);
  const tests: { p: number; i: number }[] = [];
  pValues.forEach((p, i) => {
    if (p === null) return;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Invalid p-value ${p} at index ${i}: must be between 0 and 1`);
    tests.push({ p, i });
  });
  tests.sort((a, b) => a.p - b.p);
  const m = tests.length;
  let cutoff = -1;
  for (let k = m; k >= 1; k--) {
    if (tests[k - 1]!.p <= (k * alpha) / m) {
      cutoff = tests[k - 1]!.p;
      break;
    }
  }
  return pValues.map((p) => p !== null && cutoff >= 0 && p <= cutoff);
}
