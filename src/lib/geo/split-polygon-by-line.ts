/**
 * Split a polygon into two with a drawn line, exactly: both pieces share the line's vertices and
 * the two points where it crosses the outline, so their common edge has no sliver between them.
 */
import type { Polygon, Position } from 'geojson';

/**
 * Cut a polygon (outer ring only) along a line that crosses its outline exactly twice.
 *
 * @param polygon lon/lat degrees, without holes
 * @param line the cutting polyline, lon/lat degrees; parts outside the polygon are ignored
 * @returns the two pieces, outer rings counter-clockwise (RFC 7946)
 * @throws Error when the polygon has holes or the line does not cross the outline exactly twice
 * @example
 * splitPolygonByLine(square([0, 0], [2, 2]), [[1, -1], [1, 3]]) // [left half, right half]
 */
export function splitPolygonByLine(polygon: Polygon, line: Position[]): [Polygon, Polygon] {
  if (polygon.coordinates.length !== 1) throw new Error('only a grid without holes can be split with a line');
  if (line.length < 2) throw new Error('the line needs at least two points');
  const ring = polygon.coordinates[0]!;
  const n = ring.length - 1;
  const crossings: { along: number; edge: number; t: number; p: Position; k: number }[] = [];
  for (let k = 0; k + 1 < line.length; k++) {
    for (let e = 0; e < n; e++) {
      const hit = segmentIntersection(line[k]!, line[k + 1]!, ring[e]!, ring[e + 1]!);
      if (hit) crossings.push({ along: k + hit.s, edge: e, t: hit.t, p: hit.p, k });
    }
  }
  crossings.sort((a, b) => a.along - b.along);
  // A line through a vertex hits both edges that meet there: count it once.
  const distinct = crossings.filter((c, i) => i === 0 || Math.abs(c.along - crossings[i - 1]!.along) > 1e-12);
  if (distinct.length !== 2) {
    throw new Error(`the line must cross the grid's outline exactly twice (it crosses ${distinct.length} times)`);
  }
  const [P, Q] = distinct as [(typeof distinct)[0], (typeof distinct)[0]];
  const path: Position[] = [P.p, ...line.slice(P.k + 1, Q.k + 1), Q.p];
  const posP = P.edge + P.t;
  const posQ = Q.edge + Q.t;
  const a = close([...path, ...walk(ring, n, posQ, posP)]);
  const b = close([...[...path].reverse(), ...walk(ring, n, posP, posQ)]);
  return [ccw(a), ccw(b)];
}

/** Ring vertices strictly after ring position `from` and strictly before `to`, going forward. */
function walk(ring: Position[], n: number, from: number, to: number): Position[] {
  const dist = (x: number) => (((x - from) % n) + n) % n;
  const span = dist(to) || n;
  const out: Position[] = [];
  for (let v = Math.floor(from) + 1; ; v++) {
    const d = dist(v);
    if (d >= span || out.length > n) break;
    if (d > 1e-12) out.push(ring[v % n]!);
  }
  return out;
}

function segmentIntersection(
  a: Position,
  b: Position,
  c: Position,
  d: Position
): { s: number; t: number; p: Position } | null {
  const rx = b[0]! - a[0]!,
    ry = b[1]! - a[1]!;
  const sx = d[0]! - c[0]!,
    sy = d[1]! - c[1]!;
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const qx = c[0]! - a[0]!,
    qy = c[1]! - a[1]!;
  const s = (qx * sy - qy * sx) / den;
  const t = (qx * ry - qy * rx) / den;
  if (s < 0 || s > 1 || t < 0 || t > 1) return null;
  // The point on the outline's edge, so the neighbour's edge passes through it.
  return { s, t: Math.min(t, 1 - 1e-15), p: [c[0]! + t * sx, c[1]! + t * sy] };
}

function close(ring: Position[]): Position[] {
  const out = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);
  if (out.length < 3) throw new Error('the line cuts off nothing: draw it across the grid');
  return [...out, out[0]!];
}

function ccw(ring: Position[]): Polygon {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return { type: 'Polygon', coordinates: [s >= 0 ? ring : [...ring].reverse()] };
}
