import { AREA_LEVELS } from '../core/vocabulary';
import { minCostFlow, type FlowEdge } from './min-cost-flow';

/** A mediator (调解员) and how many cases they can take on in a week. */
export interface Mediator {
  id: string;
  /** Code of the area they belong to; they may serve that area and every area below it. */
  homeAreaCode: string;
  /** Cases per week, a non-negative integer. */
  capacityPerWeek: number;
}

/** Open cases waiting in one area. */
export interface AreaNeed {
  /** Hierarchical code: '370105' district, '370105-008' sub-district, '…-003' community, '…-001' grid. */
  code: string;
  /** Open cases, a non-negative integer. */
  cases: number;
}

/** Cost per case by the depth of an area code (1 = district … 4 = grid); lower is preferred. */
export interface LevelCosts {
  district: number;
  subdistrict: number;
  community: number;
  grid: number;
}

/**
 * Default costs, the same scale for the area a case sits in and for the mediator's home level:
 * a case handled where it arose, by the most local mediator, is cheapest (矛盾不上交: settle
 * disputes at the lowest level).
 */
export const DEFAULT_LEVEL_COSTS: LevelCosts = { grid: 1, community: 2, subdistrict: 3, district: 4 };

/** Cases one mediator takes in one area. */
export interface Assignment {
  areaCode: string;
  cases: number;
  /** Cost per case: areaLevelCost + mediatorLevelCost. */
  costPerCase: number;
}

export interface MediatorPlan {
  id: string;
  capacity: number;
  /** Cases assigned in total (≤ capacity). */
  load: number;
  /** By area code, ascending. */
  assignments: Assignment[];
}

export interface AreaCoverage {
  code: string;
  cases: number;
  covered: number;
  uncovered: number;
}

export interface MediatorAllocation {
  /** In input order. */
  mediators: MediatorPlan[];
  /** In input order. */
  areas: AreaCoverage[];
  covered: number;
  uncovered: number;
  /** Σ cases × cost per case over all assignments. */
  cost: number;
}

const LEVELS = AREA_LEVELS;
const CODE = /^[0-9]{6}(-[0-9]{3}){0,3}$/;

function levelOf(code: string, what: string): (typeof LEVELS)[number] {
  if (!CODE.test(code))
    throw new Error(`${what} has the area code "${code}": expected 6 digits then up to three "-NNN" parts`);
  return LEVELS[code.split('-').length - 1]!;
}

/** Whether `code` is `home` or lies in its subtree. */
const within = (code: string, home: string) => code === home || code.startsWith(`${home}-`);

/**
 * Assign open cases to mediators: as many cases as possible, then at the least total cost. A mediator
 * serves only areas in their home area's subtree and at most `capacityPerWeek` cases. The cost of one
 * case is levelCosts[level of the area] + levelCosts[level of the mediator's home], so grid cases beat
 * sub-district ones when capacity is short and the most local mediator is used first.
 *
 * Solved exactly as a min-cost max-flow (min-cost-flow.ts): source → mediator (capacity, cost 0) →
 * area in scope (cases, cost per case) → sink (cases, cost 0). Mediators are ordered by id and areas
 * by code before the network is built, so ties resolve the same way for any input order.
 *
 * @throws Error on a malformed area code, a negative or fractional capacity or case count, or a
 *   duplicate mediator id or area code
 * @example
 * allocateMediators(
 *   [{ id: 'm1', homeAreaCode: '370105-008', capacityPerWeek: 8 }],
 *   [{ code: '370105-008-003-001', cases: 5 }, { code: '370105-009-001-001', cases: 2 }]
 * ).covered // 5: the second area lies outside m1's sub-district
 */
export function allocateMediators(
  mediators: readonly Mediator[],
  areas: readonly AreaNeed[],
  options: { levelCosts?: LevelCosts } = {}
): MediatorAllocation {
  const costs = options.levelCosts ?? DEFAULT_LEVEL_COSTS;
  const ids = new Set<string>();
  for (const m of mediators) {
    if (ids.has(m.id)) throw new Error(`Mediator "${m.id}" appears twice`);
    ids.add(m.id);
    levelOf(m.homeAreaCode, `Mediator "${m.id}"`);
    if (!Number.isInteger(m.capacityPerWeek) || m.capacityPerWeek < 0)
      throw new Error(`Mediator "${m.id}" has capacity ${m.capacityPerWeek}: capacities are non-negative integers`);
  }
  const codes = new Set<string>();
  for (const a of areas) {
    if (codes.has(a.code)) throw new Error(`Area "${a.code}" appears twice`);
    codes.add(a.code);
    levelOf(a.code, 'An area');
    if (!Number.isInteger(a.cases) || a.cases < 0)
      throw new Error(`Area "${a.code}" has ${a.cases} cases: counts are non-negative integers`);
  }
  const ms = [...mediators].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const as = [...areas].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const source = 0;
  const sink = 1 + ms.length + as.length;
  const edges: FlowEdge[] = [];
  const pairs: { m: number; a: number; edge: number; costPerCase: number }[] = [];
  ms.forEach((m, i) => edges.push({ from: source, to: 1 + i, capacity: m.capacityPerWeek, cost: 0 }));
  ms.forEach((m, i) => {
    const home = costs[levelOf(m.homeAreaCode, m.id)];
    as.forEach((a, j) => {
      if (a.cases === 0 || !within(a.code, m.homeAreaCode)) return;
      const costPerCase = costs[levelOf(a.code, a.code)] + home;
      pairs.push({ m: i, a: j, edge: edges.length, costPerCase });
      edges.push({ from: 1 + i, to: 1 + ms.length + j, capacity: a.cases, cost: costPerCase });
    });
  });
  as.forEach((a, j) => edges.push({ from: 1 + ms.length + j, to: sink, capacity: a.cases, cost: 0 }));
  const { edgeFlows, cost } = minCostFlow(sink + 1, edges, source, sink);

  const planById = new Map<string, MediatorPlan>(
    ms.map((m) => [m.id, { id: m.id, capacity: m.capacityPerWeek, load: 0, assignments: [] }])
  );
  const coveredByCode = new Map<string, number>(as.map((a) => [a.code, 0]));
  for (const p of pairs) {
    const n = edgeFlows[p.edge]!;
    if (n === 0) continue;
    const plan = planById.get(ms[p.m]!.id)!;
    plan.assignments.push({ areaCode: as[p.a]!.code, cases: n, costPerCase: p.costPerCase });
    plan.load += n;
    coveredByCode.set(as[p.a]!.code, coveredByCode.get(as[p.a]!.code)! + n);
  }
  const coverage = areas.map((a) => {
    const covered = coveredByCode.get(a.code)!;
    return { code: a.code, cases: a.cases, covered, uncovered: a.cases - covered };
  });
  const covered = coverage.reduce((s, a) => s + a.covered, 0);
  return {
    mediators: mediators.map((m) => planById.get(m.id)!),
    areas: coverage,
    covered,
    uncovered: coverage.reduce((s, a) => s + a.uncovered, 0),
    cost
  };
}
