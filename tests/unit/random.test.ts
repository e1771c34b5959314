import { describe, expect, test } from 'vitest';
import { createRandom } from '../../src/lib/core/random';

const draw = (seed: number, n = 5) => {
  const r = createRandom(seed);
  return Array.from({ length: n }, () => r.next());
};

describe('createRandom', () => {
  test('the same seed gives the same sequence', () => {
    expect(draw(42)).toEqual(draw(42));
  });

  test('another seed gives another sequence', () => {
    expect(draw(42)).not.toEqual(draw(43));
  });

  test('a fork is a stream of its own: draws from the parent do not shift it', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    b.next();
    b.next();
    expect(a.fork('x').next()).toBe(b.fork('x').next());
    expect(a.fork('x').next()).not.toBe(a.fork('y').next());
  });

  test('int stays within its bounds and reaches both ends', () => {
    const r = createRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(r.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  test('weighted follows the weights', () => {
    const r = createRandom(2);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20000; i++) counts[r.weighted({ a: 1, b: 3, c: 0 })]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeCloseTo(3, 0);
  });

  test('poisson has the requested mean, for small and large means', () => {
    const r = createRandom(3);
    for (const mean of [0.5, 4, 80]) {
      let sum = 0;
      for (let i = 0; i < 20000; i++) sum += r.poisson(mean);
      expect(sum / 20000 / mean).toBeCloseTo(1, 1);
    }
  });

  test('pick of nothing says so', () => {
    expect(() => createRandom(1).pick([])).toThrow('pick: no items to pick from');
  });
});
