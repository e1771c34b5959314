import type { PyramidConfig, ReferencePyramid } from './pyramid-config';

/** One tier of an observed pyramid. */
export interface PyramidTier {
  id: string;
  count: number;
  /** count ÷ top tier's count; null when the top tier is empty. */
  ratio: number | null;
}

/** How far the observed shape is from a reference pyramid. */
export interface ReferenceDistance {
  id: string;
  name: string;
  /**
   * Root mean square, over each pair of adjacent compared tiers, of log10(observed step ÷
   * reference step), where a step is lower count ÷ upper count. 0 = the same shape; 1 = steps off
   * by a factor of 10 on average. Null when no pair has both counts above zero.
   */
  distance: number | null;
  /** The adjacent tier pairs that entered the distance. */
  pairs: [string, string][];
}

export interface ThinBaseFlag {
  flagged: boolean;
  /** Whether there were enough events to judge (upper tier ≥ minUpper). */
  judged: boolean;
  observedRatio: number | null;
  referenceRatio: number;
  threshold: number;
}

export interface Pyramid {
  domain: PyramidConfig['domain'];
  tiers: PyramidTier[];
  references: ReferenceDistance[];
  /** Id of the reference with the smallest distance; null when none is computable. */
  nearest: string | null;
  thinBase: ThinBaseFlag | null;
}

function distanceTo(
  ref: ReferencePyramid,
  tiers: readonly string[],
  counts: Readonly<Record<string, number>>
): ReferenceDistance {
  const compared = tiers.filter((t) => ref.expected[t] !== undefined);
  const logs: number[] = [];
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < compared.length; i++) {
    const upper = compared[i]!;
    const lower = compared[i + 1]!;
    const cu = counts[upper] ?? 0;
    const cl = counts[lower] ?? 0;
    if (cu <= 0 || cl <= 0) continue;
    const observedStep = cl / cu;
    const referenceStep = ref.expected[lower]! / ref.expected[upper]!;
    logs.push(Math.log10(observedStep / referenceStep));
    pairs.push([upper, lower]);
  }
  const distance = logs.length ? Math.sqrt(logs.reduce((s, x) => s + x * x, 0) / logs.length) : null;
  return { id: ref.id, name: ref.name, distance, pairs };
}

/**
 * A Heinrich-style pyramid from tier counts: ratios to the top tier, the distance to each reference
 * pyramid, the nearest one, and the thin-base (under-reporting) flag.
 *
 * @param counts events per tier id (missing tiers count 0); non-negative integers
 * @param config tiers and references (pyramid-config.ts)
 * @throws Error naming the tier when a count is negative, fractional or not finite
 * @example
 * computePyramid({ serious: 1, minor: 29, near_miss: 300, open_hazard: 40 }, SAFETY_PYRAMID).nearest // 'heinrich'
 */
export function computePyramid(counts: Readonly<Record<string, number>>, config: PyramidConfig): Pyramid {
  for (const [tier, n] of Object.entries(counts)) {
    if (!config.tiers.includes(tier)) throw new Error(`Unknown tier "${tier}" for the ${config.domain} pyramid`);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`Tier "${tier}" has count ${n}: counts are non-negative integers`);
  }
  const top = counts[config.tiers[0]!] ?? 0;
  const tiers = config.tiers.map((id) => {
    const count = counts[id] ?? 0;
    return { id, count, ratio: top > 0 ? count / top : null };
  });
  const references = config.references.map((r) => distanceTo(r, config.tiers, counts));
  let nearest: string | null = null;
  let best = Infinity;
  for (const r of references) {
    if (r.distance !== null && r.distance < best) {
      best = r.distance;
      nearest = r.id;
    }
  }
  let thinBase: ThinBaseFlag | null = null;
  const rule = config.thinBase;
  if (rule) {
    const ref = config.references.find((r) => r.id === rule.reference);
    if (!ref) throw new Error(`Thin-base rule names the unknown reference "${rule.reference}"`);
    const upper = counts[rule.upper] ?? 0;
    const lower = counts[rule.lower] ?? 0;
    const referenceRatio = ref.expected[rule.lower]! / ref.expected[rule.upper]!;
    const threshold = referenceRatio * rule.factor;
    const judged = upper >= rule.minUpper;
    const observedRatio = upper > 0 ? lower / upper : null;
    thinBase = { flagged: judged && observedRatio! < threshold, judged, observedRatio, referenceRatio, threshold };
  }
  return { domain: config.domain, tiers, references, nearest, thinBase };
}

/** Whether open and overdue hazards are rising: the growing-base flag, period over period. */
export interface GrowingBase {
  flagged: boolean;
  current: number;
  previous: number;
}

/**
 * Growing base: overdue open hazards at the end of this period against the end of the previous
 * one of equal length. Flagged when they rose by at least `minIncrease` and by at least `factor`.
 * @example growingBase(30, 20) // { flagged: true, current: 30, previous: 20 }
 */
export function growingBase(
  current: number,
  previous: number,
  options: { factor?: number; minIncrease?: number } = {}
): GrowingBase {
  const factor = options.factor ?? 1.2;
  const minIncrease = options.minIncrease ?? 3;
  return { flagged: current - previous >= minIncrease && current >= previous * factor, current, previous };
}
