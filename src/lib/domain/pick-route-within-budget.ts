import { haversineMetres } from '../geo/haversine-metres';
import { improveRoute, routeLength, type DistanceFn, type Position } from './order-visit-route';

/** A site that may go on the day's route. */
export interface RouteCandidate {
  id: string;
  position: Position;
  /** What a visit is worth (the nearby score); higher first. */
  score: number;
}

/** Time settings of a day's route. */
export interface RouteTiming {
  /** Minutes on site per visit. */
  visitMinutes: number;
  /** Travel speed in km/h (on foot about 4.5, e-bike about 15, car in town about 25). */
  speedKmh: number;
  /** Road distance ÷ straight-line distance (about 1.3 in a city grid). */
  detourFactor: number;
}

export const DEFAULT_ROUTE_TIMING: RouteTiming = { visitMinutes: 30, speedKmh: 15, detourFactor: 1.3 };

/** A route and what it takes. */
export interface PlannedRoute {
  /** Candidate ids in visiting order. */
  ids: string[];
  /** Straight-line metres of the open path from the start through every stop. */
  distanceM: number;
  travelMinutes: number;
  visitMinutes: number;
  totalMinutes: number;
  /** Sum of the scores of the stops. */
  score: number;
}

/** Minutes to travel `metres` (straight line) at the timing's speed and detour. */
export function travelMinutes(metres: number, timing: RouteTiming): number {
  return (metres * timing.detourFactor) / ((timing.speedKmh * 1000) / 60);
}

function checkTiming(t: RouteTiming) {
  if (!(t.visitMinutes >= 0 && Number.isFinite(t.visitMinutes)))
    throw new Error(`visitMinutes is ${t.visitMinutes}: must be 0 or more`);
  if (!(t.speedKmh > 0 && Number.isFinite(t.speedKmh)))
    throw new Error(`speedKmh is ${t.speedKmh}: must be more than 0`);
  if (!(t.detourFactor >= 1 && Number.isFinite(t.detourFactor)))
    throw new Error(`detourFactor is ${t.detourFactor}: must be 1 or more`);
}

/** Describe a route over `order` (indexes into candidates). */
export function describeRoute(
  start: Position,
  candidates: readonly RouteCandidate[],
  order: readonly number[],
  timing: RouteTiming,
  distance: DistanceFn = haversineMetres
): PlannedRoute {
  const distanceM = routeLength(
    start,
    candidates.map((c) => c.position),
    order,
    distance
  );
  const travel = travelMinutes(distanceM, timing);
  const visit = order.length * timing.visitMinutes;
  return {
    ids: order.map((i) => candidates[i]!.id),
    distanceM,
    travelMinutes: travel,
    visitMinutes: visit,
    totalMinutes: travel + visit,
    score: order.reduce((s, i) => s + candidates[i]!.score, 0)
  };
}

/**
 * The sites worth most that fit a time budget (visit minutes per site plus travel), in visiting
 * order. Greedy insertion: repeatedly add the candidate with the best score per added minute at
 * its cheapest place in the path, re-order with 2-opt/Or-opt (which only shortens the path), and
 * stop when no candidate fits. The returned route never exceeds the budget.
 * @param budgetMinutes time available, minutes (≥ 0)
 * @example pickRouteWithinBudget([117, 36.7], sites, 240, DEFAULT_ROUTE_TIMING).totalMinutes <= 240
 */
export function pickRouteWithinBudget(
  start: Position,
  candidates: readonly RouteCandidate[],
  budgetMinutes: number,
  timing: RouteTiming = DEFAULT_ROUTE_TIMING,
  distance: DistanceFn = haversineMetres
): PlannedRoute {
  checkTiming(timing);
  if (!(budgetMinutes >= 0 && Number.isFinite(budgetMinutes)))
    throw new Error(`budgetMinutes is ${budgetMinutes}: must be 0 or more`);
  const pos = candidates.map((c) => c.position);
  const cost = (order: number[]) =>
    travelMinutes(routeLength(start, pos, order, distance), timing) + order.length * timing.visitMinutes;
  let order: number[] = [];
  const left = new Set(candidates.map((_, i) => i));
  for (;;) {
    const base = cost(order);
    let best: { i: number; at: number; ratio: number; total: number } | null = null;
    for (const i of left) {
      for (let at = 0; at <= order.length; at++) {
        const trial = [...order.slice(0, at), i, ...order.slice(at)];
        const total = cost(trial);
        if (total > budgetMinutes) continue;
        const added = Math.max(total - base, 1e-9);
        const ratio = Math.max(candidates[i]!.score, 0) / added;
        if (!best || ratio > best.ratio + 1e-12 || (Math.abs(ratio - best.ratio) <= 1e-12 && total < best.total))
          best = { i, at, ratio, total };
      }
    }
    if (!best) break;
    order = [...order.slice(0, best.at), best.i, ...order.slice(best.at)];
    left.delete(best.i);
    order = improveRoute(
      start,
      order.map((i) => pos[i]!),
      order.map((_, k) => k),
      distance
    ).map((k) => order[k]!);
  }
  return describeRoute(start, candidates, order, timing, distance);
}
