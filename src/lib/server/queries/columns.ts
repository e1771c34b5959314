/**
 * Two coordinate columns as one flat position column, the layout deck.gl's binary attributes take.
 * @example interleave([117.1, 117.2], [36.7, 36.8]) // [117.1, 36.7, 117.2, 36.8]
 */
export function interleave(xs: readonly number[], ys: readonly number[]): number[] {
  const out: number[] = new Array(xs.length * 2);
  for (let i = 0; i < xs.length; i++) {
    out[2 * i] = xs[i]!;
    out[2 * i + 1] = ys[i]!;
  }
  return out;
}
