import { haversineMetres } from '../geo/haversine-metres';

/** [longitude, latitude] in degrees. */
export type Position = readonly [number, number];

/** Metres between two positions; haversine unless a caller supplies road distances. */
export type DistanceFn = (a: Position, b: Position) => number;

/**
 * Length in metres of the open path start → stops[order[0]] → stops[order[1]] → … (no way back:
 * the inspector's day ends at the last visit).
 */
export function routeLength(
  start: Position,
  stops: readonly Position[],
  order: readonly number[],
  distance: DistanceFn = haversineMetres
): number {
  let total = 0;
  let here = start;
  for (const i of order) {
    total += distance(here, stops[i]!);
    here = stops[i]!;
  }
  return total;
}

/** Distance matrix over [start, ...stops]: index 0 is the start, index i + 1 is stops[i]. */
function matrix(start: Position, stops: readonly Position[], distance: DistanceFn): number[][] {
  const pts = [start, ...stops];
  return pts.map((a) => pts.map((b) => distance(a, b)));
}

/**
 * Nearest-neighbour order: from the start, always the closest stop not yet visited (ties by index).
 * @returns indexes into `stops`
 */
export function nearestNeighbourOrder(
  start: Position,
  stops: readonly Position[],
  distance: DistanceFn = haversineMetres
): number[] {
  const d = matrix(start, stops, distance);
  const left = new Set(stops.map((_, i) => i));
  const order: number[] = [];
  let here = 0;
  while (left.size) {
    let best = -1;
    for (const i of left) if (best < 0 || d[here]![i + 1]! < d[here]![best + 1]!) best = i;
    order.push(best);
    left.delete(best);
    here = best + 1;
  }
  return order;
}

const EPS = 1e-9;

/**
 * Improve an open path with a fixed start by 2-opt (reverse a stretch when that shortens the path;
 * the last stop has no edge after it) and Or-opt (move a run of 1–3 stops, as is or reversed, to
 * another place), until neither finds an improvement. Only improving moves are taken, so the
 * result is never longer than `order`.
 * @returns a new order (indexes into `stops`)
 */
export function improveRoute(
  start: Position,
  stops: readonly Position[],
  order: readonly number[],
  distance: DistanceFn = haversineMetres
): number[] {
  const d = matrix(start, stops, distance);
  // Path over matrix indexes: p[0] = 0 (start), p[k] = stop + 1.
  let p = [0, ...order.map((i) => i + 1)];
  const n = p.length;
  const len = (q: number[]) => q.reduce((s, v, k) => (k === 0 ? 0 : s + d[q[k - 1]!]![v]!), 0);
  let improved = true;
  while (improved) {
    improved = false;
    // 2-opt: reverse p[i..j].
    for (let i = 1; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        const before = d[p[i - 1]!]![p[i]!]! + (j + 1 < n ? d[p[j]!]![p[j + 1]!]! : 0);
        const after = d[p[i - 1]!]![p[j]!]! + (j + 1 < n ? d[p[i]!]![p[j + 1]!]! : 0);
        if (after < before - EPS) {
          p = [...p.slice(0, i), ...p.slice(i, j + 1).reverse(), ...p.slice(j + 1)];
          improved = true;
        }
      }
    }
    // Or-opt: move p[i..i+len-1] elsewhere, forwards or reversed.
    let current = len(p);
    for (let seg = 1; seg <= 3 && !improved; seg++) {
      for (let i = 1; i + seg <= n && !improved; i++) {
        const run = p.slice(i, i + seg);
        const rest = [...p.slice(0, i), ...p.slice(i + seg)];
        for (let k = 1; k <= rest.length && !improved; k++) {
          for (const r of [run, [...run].reverse()]) {
            const q = [...rest.slice(0, k), ...r, ...rest.slice(k)];
            const l = len(q);
            if (l < current - EPS) {
              p = q;
              current = l;
              improved = true;
              break;
            }
          }
        }
      }
    }
  }
  return p.slice(1).map((v) => v - 1);
}

/** How many first stops orderVisitRoute tries (the nearest ones to the start). */
export const ROUTE_STARTS = 12;

/**
 * Order the day's visits: nearest neighbour from the start, then 2-opt and Or-opt until no move
 * shortens the path; the same again with each of the ROUTE_STARTS stops nearest the start forced
 * first, and the shortest result wins (a multi-start local search: one nearest-neighbour start
 * alone can leave a route 5–10 % above the optimum). An open path: the day ends at the last visit.
 * @param start where the inspector stands, [lon, lat]
 * @param stops the sites to visit, [lon, lat]
 * @returns indexes into `stops` in visiting order
 * @example orderVisitRoute([117, 36.7], [[117.02, 36.7], [117.01, 36.7]]) // [1, 0]
 */
export function orderVisitRoute(
  start: Position,
  stops: readonly Position[],
  distance: DistanceFn = haversineMetres
): number[] {
  let best = improveRoute(start, stops, nearestNeighbourOrder(start, stops, distance), distance);
  let bestLength = routeLength(start, stops, best, distance);
  const firsts = stops
    .map((p, i) => ({ i, d: distance(start, p) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, ROUTE_STARTS);
  for (const { i } of firsts) {
    const rest = stops.map((_, k) => k).filter((k) => k !== i);
    const tail = nearestNeighbourOrder(
      stops[i]!,
      rest.map((k) => stops[k]!),
      distance
    ).map((k) => rest[k]!);
    const order = improveRoute(start, stops, [i, ...tail], distance);
    const length = routeLength(start, stops, order, distance);
    if (length < bestLength - 1e-9) {
      best = order;
      bestLength = length;
    }
  }
  return best;
}
