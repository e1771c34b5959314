import { describe, expect, test } from 'vitest';
import type { MultiPolygon, Position } from 'geojson';
import { snapCoverage } from '../../src/lib/geo/snap-coverage';

const square = (ring: Position[]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: [[[...ring, ring[0]!]]] });

/** Unordered segments of a polygon's rings, as exact text. */
function segments(mp: MultiPolygon): Set<string> {
  const out = new Set<string>();
  for (const polygon of mp.coordinates) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) out.add([ring[i]!.join(' '), ring[i + 1]!.join(' ')].sort().join('|'));
    }
  }
  return out;
}

describe('snapCoverage', () => {
  // Two cells of a lattice near Jinan: the right one has a vertex on the shared edge (a T-junction)
  // and its copy of the shared corners is off by floating-point noise.
  const x0 = 117.0;
  const x1 = 117.001;
  const x2 = 117.002;
  const y0 = 36.6;
  const y1 = 36.601;
  const left = square([
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1]
  ]);
  const right = square([
    [x1 + 1e-14, y0],
    [x2, y0],
    [x2, y1],
    [x1, y1 - 1e-14],
    [x1 + 3e-15, 36.6005]
  ]);

  test("a vertex on a neighbour's segment is inserted there, so the shared edge has identical vertices", () => {
    const [l, r] = snapCoverage([left, right], 7);
    const shared = [...segments(l!)].filter((s) => segments(r!).has(s));
    expect(shared.sort()).toEqual(['117.001 36.6005|117.001 36.601', '117.001 36.6|117.001 36.6005']);
    expect(l!.coordinates[0]![0]).toHaveLength(6);
  });

  test('every vertex lands on the 1e-7° grid and rings stay closed', () => {
    const wobbly = square([
      [x0 + 1.23456789e-8, y0],
      [x1, y0 + 4.4e-8],
      [x1, y1],
      [x0, y1 - 9.9e-8]
    ]);
    const [g] = snapCoverage([wobbly], 7);
    const ring = g!.coordinates[0]![0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring.slice(0, 4)).toEqual([
      [117, 36.6],
      [117.001, 36.6],
      [117.001, 36.601],
      [117, 36.6009999]
    ]);
    for (const [x, y] of ring) {
      expect(Number((x! * 1e7).toFixed(6)) % 1).toBe(0);
      expect(Number((y! * 1e7).toFixed(6)) % 1).toBe(0);
    }
  });

  test('a parent passed with its children gets the vertices where their edges meet its boundary', () => {
    const parent = square([
      [x0, y0],
      [x2, y0],
      [x2, y1],
      [x0, y1]
    ]);
    const [p] = snapCoverage([parent, left, right], 7);
    const ring = p!.coordinates[0]![0]!.map((c) => c.join(' '));
    expect(ring).toContain('117.001 36.6');
    expect(ring).toContain('117.001 36.601');
    expect(ring).not.toContain('117.001 36.6005');
  });

  test('a polygon narrower than the grid is refused, naming it', () => {
    const sliver = square([
      [x0, y0],
      [x1, y0],
      [x1, y0 + 1e-9]
    ]);
    expect(() => snapCoverage([left, sliver], 7)).toThrow(
      'snapCoverage: a ring of polygon 2 collapses on the 1e-7° grid'
    );
  });

  test('holes and several parts keep their structure', () => {
    const withHole: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [x0, y0],
            [x2, y0],
            [x2, y1],
            [x0, y1],
            [x0, y0]
          ],
          [
            [117.0005, 36.6002],
            [117.0005, 36.6004],
            [117.0007, 36.6004],
            [117.0005, 36.6002]
          ]
        ],
        [
          [
            [118, 37],
            [118.001, 37],
            [118.001, 37.001],
            [118, 37]
          ]
        ]
      ]
    };
    const [g] = snapCoverage([withHole], 7);
    expect(g!.coordinates.map((p) => p.map((r) => r.length))).toEqual([[5, 4], [4]]);
  });
});
