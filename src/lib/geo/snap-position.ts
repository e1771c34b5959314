/**
 * Snap a position to the nearest vertex, or else the nearest edge, of neighbouring outlines within
 * a tolerance in metres, so a redrawn edge lands exactly on the neighbour's and shared edges stay
 * shared. Distances use a local equirectangular projection (exact enough within metres).
 */
import type { Position } from 'geojson';

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON_EQ = 111_320;

/**
 * @param p the pointer position [lon, lat]
 * @param rings neighbours' rings (closed, lon/lat)
 * @param toleranceM snapping distance, metres
 * @returns the snapped position, or undefined when nothing is within the tolerance
 * @example
 * snapPosition([117.00001, 36], [[[117, 36], [117.01, 36], [117.01, 36.01], [117, 36]]], 3) // [117, 36]
 */
export function snapPosition(p: Position, rings: Position[][], toleranceM: number): Position | undefined {
  const kx = M_PER_DEG_LON_EQ * Math.cos((p[1]! * Math.PI) / 180);
  const dist = (a: Position, b: Position) => Math.hypot((a[0]! - b[0]!) * kx, (a[1]! - b[1]!) * M_PER_DEG_LAT);
  let best: Position | undefined;
  let bestD = toleranceM;
  for (const ring of rings) {
    for (const v of ring) {
      const d = dist(p, v);
      if (d <= bestD) {
        bestD = d;
        best = v;
      }
    }
  }
  if (best) return [best[0]!, best[1]!];
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      const ax = (b[0]! - a[0]!) * kx;
      const ay = (b[1]! - a[1]!) * M_PER_DEG_LAT;
      const len2 = ax * ax + ay * ay;
      if (len2 === 0) continue;
      const t = Math.max(0, Math.min(1, ((p[0]! - a[0]!) * kx * ax + (p[1]! - a[1]!) * M_PER_DEG_LAT * ay) / len2));
      const q: Position = [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)];
      const d = dist(p, q);
      if (d <= bestD) {
        bestD = d;
        best = q;
      }
    }
  }
  return best;
}
