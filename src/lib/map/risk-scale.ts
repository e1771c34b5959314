import { scaleQuantize, schemeYlOrRd } from 'd3';

/** Number of classes of the risk choropleth. */
export const RISK_CLASSES_COUNT = 5;

/** RGB of a CSS colour string like "#fecc5c". */
function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * The risk choropleth's classes: five equal intervals from 0 to a round maximum at or above the
 * highest score, coloured ColorBrewer YlOrRd (sequential, colour-blind safe, prints in grey).
 * Returns the colour of a score and the legend's class bounds.
 */
export function riskScale(scores: readonly number[]) {
  const max = Math.max(0, ...scores.filter((s) => Number.isFinite(s)));
  const scale = scaleQuantize<string>()
    .domain([0, max || 1])
    .range(schemeYlOrRd[RISK_CLASSES_COUNT]!)
    .nice(RISK_CLASSES_COUNT);
  const colors = scale.range();
  const legend = colors.map((c) => {
    const [a, b] = scale.invertExtent(c);
    return { color: c, from: a, to: b };
  });
  return {
    color: (score: number): [number, number, number] => rgb(scale(Math.max(0, score))),
    css: (score: number) => scale(Math.max(0, score)),
    legend
  };
}
