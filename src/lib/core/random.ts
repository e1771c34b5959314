import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded random source: the same seed gives the same sequence on every machine. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Integer uniform in [min, max] (both included). */
  int(min: number, max: number): number;
  /** Standard normal (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** Poisson-distributed count with the given mean (Knuth for small means, normal approximation above 50). */
  poisson(mean: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** An independent stream for a named part, so adding draws in one part leaves others unchanged. */
  fork(label: string): Random;
}

function hashLabel(seed: number, label: string): number {
  // FNV-1a over the label, mixed with the seed: stable across platforms.
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
}

/**
 * Create a seeded random source (xoroshiro128+ from pure-rand).
 * @example
 * const rng = createRandom(42); rng.int(1, 6); // same value every run
 */
export function createRandom(seed: number): Random {
  const gen = xoroshiro128plus(seed | 0);
  const next = () => uniformFloat64(gen);
  const rng: Random = {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal(mean = 0, sd = 1) {
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    poisson(mean) {
      if (mean <= 0) return 0;
      if (mean > 50) return Math.max(0, Math.round(rng.normal(mean, Math.sqrt(mean))));
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    chance: (p) => next() < p,
    pick(items) {
      if (items.length === 0) throw new Error('pick: no items to pick from');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted(weights) {
      const keys = Object.keys(weights) as (keyof typeof weights)[];
      let total = 0;
      for (const k of keys) total += weights[k];
      let r = next() * total;
      for (const k of keys) {
        r -= weights[k];
        if (r < 0) return k;
      }
      return keys[keys.length - 1]!;
    },
    fork: (label) => createRandom(hashLabel(seed, label))
  };
  return rng;
}
