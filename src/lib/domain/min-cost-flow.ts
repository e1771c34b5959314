/**
 * Minimum-cost maximum flow by successive shortest paths (Busacker & Gowen 1960; Jewell 1962):
 * repeatedly find a cheapest source→sink path in the residual network with Bellman-Ford and push
 * as much flow along it as its bottleneck allows, until no path is left. When the network has no
 * negative-cost cycle to begin with, every intermediate flow is a cheapest flow of its value, so
 * the last one is a cheapest maximum flow (Ahuja, Magnanti & Orlin, "Network Flows", 1993, §9.7,
 * Theorem 9.12). Bellman-Ford (rather than Dijkstra with potentials) keeps negative edge costs legal
 * and the code short; the networks solved here have at most a few thousand edges.
 *
 * Ties are broken deterministically: edges are relaxed in the order they were given, and a label
 * is only replaced by a strictly cheaper one, so the same input always yields the same flow.
 */

/** A directed edge with a capacity (units of flow) and a cost per unit of flow. */
export interface FlowEdge {
  from: number;
  to: number;
  /** Non-negative integer capacity. */
  capacity: number;
  /** Cost per unit of flow; may be negative as long as no cycle of negative cost exists. */
  cost: number;
}

/** A cheapest maximum flow. */
export interface MinCostFlowResult {
  /** Total flow from source to sink. */
  flow: number;
  /** Total cost, Σ edge flow × edge cost. */
  cost: number;
  /** Flow on each input edge, in input order. */
  edgeFlows: number[];
}

/**
 * Cheapest maximum flow from `source` to `sink` (integer capacities give an integer flow).
 *
 * @param nodeCount nodes are numbered 0 … nodeCount − 1
 * @param edges directed edges; parallel edges are allowed
 * @param options.maxFlow stop once this much flow is sent (default: as much as the network carries)
 * @throws Error on a node out of range, a negative or fractional capacity, a non-finite cost, or a
 *   negative-cost cycle reachable from the source
 * @example
 * // Two routes 0→1→3 (cost 1 + 1) and 0→2→3 (cost 2 + 2), each of capacity 1:
 * minCostFlow(4, [
 *   { from: 0, to: 1, capacity: 1, cost: 1 }, { from: 1, to: 3, capacity: 1, cost: 1 },
 *   { from: 0, to: 2, capacity: 1, cost: 2 }, { from: 2, to: 3, capacity: 1, cost: 2 }
 * ], 0, 3); // { flow: 2, cost: 6, edgeFlows: [1, 1, 1, 1] }
 */
export function minCostFlow(
  nodeCount: number,
  edges: readonly FlowEdge[],
  source: number,
  sink: number,
  options: { maxFlow?: number } = {}
): MinCostFlowResult {
  if (!Number.isInteger(nodeCount) || nodeCount < 1)
    throw new Error(`nodeCount must be a positive integer, got ${nodeCount}`);
  const inRange = (v: number) => Number.isInteger(v) && v >= 0 && v < nodeCount;
  if (!inRange(source) || !inRange(sink))
    throw new Error(`source ${source} and sink ${sink} must be nodes 0 … ${nodeCount - 1}`);
  if (source === sink) throw new Error('source and sink must differ');
  // Residual arcs: arc 2i is edge i forward, arc 2i + 1 its reverse.
  const to: number[] = [];
  const from: number[] = [];
  const residual: number[] = [];
  const cost: number[] = [];
  edges.forEach((e, i) => {
    if (!inRange(e.from) || !inRange(e.to))
      throw new Error(`edge ${i} (${e.from}→${e.to}) names a node outside 0 … ${nodeCount - 1}`);
    if (!Number.isInteger(e.capacity) || e.capacity < 0)
      throw new Error(`edge ${i} has capacity ${e.capacity}: capacities are non-negative integers`);
    if (!Number.isFinite(e.cost)) throw new Error(`edge ${i} has cost ${e.cost}: costs must be finite`);
    from.push(e.from, e.to);
    to.push(e.to, e.from);
    residual.push(e.capacity, 0);
    cost.push(e.cost, -e.cost);
  });
  const limit = options.maxFlow ?? Infinity;
  let flow = 0;
  let total = 0;
  const arcs = to.length;
  while (flow < limit) {
    const dist = new Array<number>(nodeCount).fill(Infinity);
    const via = new Array<number>(nodeCount).fill(-1);
    dist[source] = 0;
    let changed = true;
    for (let round = 0; changed; round++) {
      if (round >= nodeCount) throw new Error('the network has a negative-cost cycle: no cheapest flow exists');
      changed = false;
      for (let a = 0; a < arcs; a++) {
        if (residual[a]! <= 0) continue;
        const u = from[a]!;
        if (dist[u] === Infinity) continue;
        const d = dist[u]! + cost[a]!;
        if (d < dist[to[a]!]!) {
          dist[to[a]!] = d;
          via[to[a]!] = a;
          changed = true;
        }
      }
    }
    if (dist[sink] === Infinity) break;
    let push = limit - flow;
    for (let v = sink; v !== source; v = from[via[v]!]!) push = Math.min(push, residual[via[v]!]!);
    for (let v = sink; v !== source; v = from[via[v]!]!) {
      const a = via[v]!;
      residual[a] = residual[a]! - push;
      residual[a ^ 1] = residual[a ^ 1]! + push;
    }
    flow += push;
    total += push * dist[sink]!;
  }
  const edgeFlows = edges.map((_, i) => residual[2 * i + 1]!);
  return { flow, cost: total, edgeFlows };
}
