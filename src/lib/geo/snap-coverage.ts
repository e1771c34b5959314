import type { MultiPolygon, Position } from 'geojson';

/** Vertices closer than this (degrees, ≈ 0.01 mm) are one vertex written twice by floating point. */
const SAME_VERTEX = 1e-10;
/** A vertex closer than this to another ring's segment (degrees, ≈ 0.1 mm) lies on it. */
const ON_SEGMENT = 1e-9;
/** Cell of the hash grid that finds nearby vertices and segments, degrees (≈ 100 m). */
const CELL = 1e-3;

interface Vertex {
  x: number;
  y: number;
  /** Coordinates on the precision grid, integer units of 10^-decimals degrees. */
  ix: number;
  iy: number;
}

interface Segment {
  a: number;
  b: number;
  /** Vertices found on the segment, with their parameter along it (0…1). */
  inserted: { t: number; v: number }[];
}

/**
 * Put polygons that tile each other up to floating-point noise (shared edges computed twice,
 * T-junctions where one side has a vertex the other lacks) onto one precision grid, so that every
 * edge two polygons share is written with identical vertices on both sides. Vertices written twice
 * by floating point become one; a vertex lying on another polygon's segment (within 1e-9°) is
 * inserted into that segment; every vertex is rounded to the grid of `decimals` digits. Polygons
 * of different levels (a parent and its children) may be passed together: the parent then gets the
 * vertices where its children's edges meet its boundary, so it is exactly their union.
 *
 * @param polygons MultiPolygons in lon/lat degrees
 * @param decimals digits of the precision grid (7: 1e-7°, ≈ 1 cm)
 * @returns the polygons in the same order, each vertex at k / 10^decimals
 * @throws Error when a ring collapses on the grid (a polygon narrower than the precision)
 * @example
 * // two unit squares whose shared edge the right one splits at (1, 0.5):
 * snapCoverage([left, right], 7) // left gains the vertex (1, 0.5) too
 */
export function snapCoverage(polygons: MultiPolygon[], decimals: number): MultiPolygon[] {
  const scale = 10 ** decimals;
  const vertices: Vertex[] = [];
  const vertexCells = new Map<string, number[]>();
  const cellKey = (cx: number, cy: number) => `${cx},${cy}`;

  const vertexOf = ([x, y]: Position): number => {
    const cx = Math.floor(x! / CELL);
    const cy = Math.floor(y! / CELL);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const id of vertexCells.get(cellKey(cx + dx, cy + dy)) ?? []) {
          const v = vertices[id]!;
          if (Math.abs(v.x - x!) <= SAME_VERTEX && Math.abs(v.y - y!) <= SAME_VERTEX) return id;
        }
      }
    }
    const id = vertices.length;
    vertices.push({ x: x!, y: y!, ix: Math.round(x! * scale), iy: Math.round(y! * scale) });
    const key = cellKey(cx, cy);
    const list = vertexCells.get(key);
    if (list) list.push(id);
    else vertexCells.set(key, [id]);
    return id;
  };

  // Rings as vertex ids (closing vertex dropped) and their segments.
  const segments: Segment[] = [];
  const rings = polygons.map((mp) =>
    mp.coordinates.map((polygon) =>
      polygon.map((ring) => {
        const ids: number[] = [];
        for (let i = 0; i < ring.length - 1; i++) {
          const id = vertexOf(ring[i]!);
          if (ids[ids.length - 1] !== id) ids.push(id);
        }
        if (ids.length > 1 && ids[0] === ids[ids.length - 1]) ids.pop();
        return ids.map((a, i) => {
          segments.push({ a, b: ids[(i + 1) % ids.length]!, inserted: [] });
          return segments.length - 1;
        });
      })
    )
  );

  // Segments by the cells their bounding box covers.
  const segmentCells = new Map<string, number[]>();
  segments.forEach((s, id) => {
    const a = vertices[s.a]!;
    const b = vertices[s.b]!;
    const x0 = Math.floor((Math.min(a.x, b.x) - ON_SEGMENT) / CELL);
    const x1 = Math.floor((Math.max(a.x, b.x) + ON_SEGMENT) / CELL);
    const y0 = Math.floor((Math.min(a.y, b.y) - ON_SEGMENT) / CELL);
    const y1 = Math.floor((Math.max(a.y, b.y) + ON_SEGMENT) / CELL);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const key = cellKey(cx, cy);
        const list = segmentCells.get(key);
        if (list) list.push(id);
        else segmentCells.set(key, [id]);
      }
    }
  });

  // Every vertex that lies inside a segment it is not an end of is inserted there.
  vertices.forEach((v, vid) => {
    for (const sid of segmentCells.get(cellKey(Math.floor(v.x / CELL), Math.floor(v.y / CELL))) ?? []) {
      const s = segments[sid]!;
      if (s.a === vid || s.b === vid) continue;
      const a = vertices[s.a]!;
      const b = vertices[s.b]!;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len2 = dx * dx + dy * dy;
      if (len2 === 0) continue;
      const t = ((v.x - a.x) * dx + (v.y - a.y) * dy) / len2;
      if (t <= 0 || t >= 1) continue;
      const px = a.x + t * dx - v.x;
      const py = a.y + t * dy - v.y;
      if (px * px + py * py <= ON_SEGMENT * ON_SEGMENT) s.inserted.push({ t, v: vid });
    }
  });

  return rings.map((mp, pi) => ({
    type: 'MultiPolygon',
    coordinates: mp.map((polygon) =>
      polygon.map((ring) => {
        const out: [number, number][] = [];
        const push = (vid: number) => {
          const v = vertices[vid]!;
          const last = out[out.length - 1];
          if (last && last[0] === v.ix && last[1] === v.iy) return;
          out.push([v.ix, v.iy]);
        };
        for (const sid of ring) {
          const s = segments[sid]!;
          push(s.a);
          for (const { v } of [...s.inserted].sort((p, q) => p.t - q.t)) push(v);
        }
        while (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1])
          out.pop();
        if (out.length < 3)
          throw new Error(`snapCoverage: a ring of polygon ${pi + 1} collapses on the 1e-${decimals}° grid`);
        out.push(out[0]!);
        return out.map(([ix, iy]) => [ix / scale, iy / scale]);
      })
    )
  }));
}
