/**
 * Split an integer total in proportion to weights, by largest remainder (Hamilton's method), so
 * the parts are integers that add up to the total exactly. Equal remainders go to the earlier part.
 *
 * @param weights non-negative weights, one per part; all zero splits evenly
 * @param total non-negative integer to split
 * @example
 * apportionIntegers([1, 1, 1], 10) // [4, 3, 3]
 */
export function apportionIntegers(weights: number[], total: number): number[] {
  if (!Number.isInteger(total) || total < 0)
    throw new Error(`apportionIntegers: total must be a non-negative integer, got ${total}`);
  if (weights.length === 0) {
    if (total !== 0) throw new Error('apportionIntegers: no parts to give a non-zero total to');
    return [];
  }
  if (weights.some((w) => !Number.isFinite(w) || w < 0))
    throw new Error('apportionIntegers: weights must be finite and non-negative');
  const sum = weights.reduce((s, w) => s + w, 0);
  const w = sum > 0 ? weights : weights.map(() => 1);
  const wSum = sum > 0 ? sum : weights.length;
  const exact = w.map((x) => (x / wSum) * total);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = exact.map((x, i) => ({ r: x - Math.floor(x), i })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}
