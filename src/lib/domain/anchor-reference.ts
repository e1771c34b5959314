/**
 * A reference pyramid scaled to an observed one, for drawing them side by side: the reference's
 * expected counts multiplied so they equal the observed count on the compared tier with the most
 * observed events (the best-measured tier anchors the comparison).
 *
 * @param observed events per tier id
 * @param expected the reference's expected counts per tier id (relative)
 * @returns scaled expected count per tier the reference covers, or null when no compared tier has events
 * @example anchorReference({ minor: 3, near_miss: 60 }, { serious: 1, minor: 29, near_miss: 300 })
 * // → { serious: 0.2, minor: 5.8, near_miss: 60 }
 */
export function anchorReference(
  observed: Readonly<Record<string, number>>,
  expected: Readonly<Record<string, number>>
): Record<string, number> | null {
  let anchor: string | null = null;
  for (const tier of Object.keys(expected)) {
    if ((observed[tier] ?? 0) > 0 && (anchor === null || observed[tier]! > observed[anchor]!)) anchor = tier;
  }
  if (anchor === null) return null;
  const k = observed[anchor]! / expected[anchor]!;
  return Object.fromEntries(Object.entries(expected).map(([tier, e]) => [tier, e * k]));
}
