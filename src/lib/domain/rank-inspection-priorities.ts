import { createRandom } from '../core/random';
import type { HazardLevel, RiskClass } from '../core/vocabulary';

/** Four-colour risk class (安全风险分级管控): red is the highest (core's vocabulary). */
export type { RiskClass };

/** One open hazard at a site. */
export interface OpenHazard {
  level: HazardLevel;
  /** Whole days past the rectification deadline at the planning date; 0 when not yet due. */
  daysOverdue: number;
}

/** A place an inspector can visit: a key enterprise or a free hazard site. */
export interface InspectionSite {
  id: string;
  kind: 'enterprise' | 'hazard_site';
  riskClass: RiskClass;
  openHazards: readonly OpenHazard[];
  /** Days since the last inspection; null when never inspected. */
  daysSinceInspection: number | null;
  /** Incidents (any tier) at the site in the last 365 days. */
  incidentsLastYear: number;
}

/** Weights of the score; every part is in the same unit, "risk points removed by one visit". */
export interface PriorityWeights {
  /** Points for the site's risk class alone. */
  riskClass: Record<RiskClass, number>;
  /** Points per open hazard by level: a visit pushes its rectification along. */
  hazard: Record<OpenHazard['level'], number>;
  /** Extra points per hazard per `overdueStepDays` past its deadline, up to `overdueCapDays`. */
  overdueStepDays: number;
  overdueCapDays: number;
  /** The class points again, scaled by days since inspection ÷ `staleDays` (at most 1; never = 1). */
  staleDays: number;
  /** Points per incident in the last year. */
  incident: number;
}

/**
 * Default weights. Major hazards (重大事故隐患) count ten general ones; the class points double
 * from blue to red; a hazard one month overdue counts twice, three months or more four times; a site
 * uninspected for a year earns its class points a second time; an incident in the last year counts
 * as two general hazards.
 */
export const DEFAULT_PRIORITY_WEIGHTS: PriorityWeights = {
  riskClass: { red: 8, orange: 4, yellow: 2, blue: 1 },
  hazard: { general: 1, major: 10 },
  overdueStepDays: 30,
  overdueCapDays: 90,
  staleDays: 365,
  incident: 2
};

/**
 * Risk class given to a free hazard site (a hazard not at a key enterprise), by the hazard's level:
 * a major hazard (重大事故隐患) alone makes a high-risk place, a general one a low-risk place.
 */
export const FREE_HAZARD_SITE_CLASS: Record<OpenHazard['level'], RiskClass> = { major: 'orange', general: 'blue' };

/** The parts of a score, which add up to it. */
export interface ScoreParts {
  riskClass: number;
  hazards: number;
  overdue: number;
  staleness: number;
  incidents: number;
}

export interface ScoredSite {
  id: string;
  kind: InspectionSite['kind'];
  /** Expected risk points removed by one visit: the sum of `parts`. */
  score: number;
  parts: ScoreParts;
}

export interface InspectionPick extends ScoredSite {
  /** 'score': among the highest scores; 'random-check': seeded random draw from the rest. */
  reason: 'score' | 'random-check';
}

export interface InspectionPlan {
  /** Score picks (highest first), then random checks (in draw order). */
  picks: InspectionPick[];
  /** Every site, highest score first, ties by id. */
  ranked: ScoredSite[];
}

function scoreSite(s: InspectionSite, w: PriorityWeights): ScoredSite {
  const classPoints = w.riskClass[s.riskClass];
  if (classPoints === undefined) throw new Error(`Site "${s.id}" has the unknown risk class "${s.riskClass}"`);
  let hazards = 0;
  let overdue = 0;
  for (const h of s.openHazards) {
    const base = w.hazard[h.level];
    if (base === undefined) throw new Error(`Site "${s.id}" has a hazard of unknown level "${h.level}"`);
    if (!(h.daysOverdue >= 0))
      throw new Error(`Site "${s.id}" has a hazard ${h.daysOverdue} days overdue: must be 0 or more`);
    hazards += base;
    overdue += (base * Math.min(h.daysOverdue, w.overdueCapDays)) / w.overdueStepDays;
  }
  const days = s.daysSinceInspection;
  if (days !== null && !(days >= 0))
    throw new Error(`Site "${s.id}" was inspected ${days} days ago: must be 0 or more, or null`);
  const staleness = classPoints * (days === null ? 1 : Math.min(days / w.staleDays, 1));
  if (!Number.isInteger(s.incidentsLastYear) || s.incidentsLastYear < 0)
    throw new Error(`Site "${s.id}" has ${s.incidentsLastYear} incidents: counts are non-negative integers`);
  const parts: ScoreParts = {
    riskClass: classPoints,
    hazards,
    overdue,
    staleness,
    incidents: w.incident * s.incidentsLastYear
  };
  const score = parts.riskClass + parts.hazards + parts.overdue + parts.staleness + parts.incidents;
  return { id: s.id, kind: s.kind, score, parts };
}

/**
 * Which sites to inspect in the coming period. Each site gets a score, the expected risk removed by
 * one visit, as an explainable sum of parts (DEFAULT_PRIORITY_WEIGHTS):
 * riskClass + Σ hazard weight + Σ hazard weight × min(days overdue, 90) / 30
 * + class points × min(days since inspection / 365, 1) + 2 × incidents in the last year.
 *
 * The plan takes the round((1 − randomShare) × visits) highest scores (ties by id), then fills the
 * remaining visits with a seeded uniform sample from all other sites — the low-scored and the long
 * uninspected — as OSHA's Site-Specific Targeting keeps a random share of low-rate establishments to
 * check that self-reported data is honest (OSHA Site-Specific Targeting directive). Deterministic for a seed;
 * no site is picked twice; fewer picks than `visits` only when there are fewer sites.
 *
 * @param options.visits inspections available, a non-negative integer
 * @param options.randomShare share of visits drawn at random, in [0, 1] (default 0.1)
 * @param options.seed seed of the random draw
 * @throws Error on duplicate site ids, an unknown class or level, negative days or counts
 * @example
 * const plan = rankInspectionPriorities(sites, { visits: 20, seed: 7 });
 * plan.picks.filter((p) => p.reason === 'random-check').length // 2
 */
export function rankInspectionPriorities(
  sites: readonly InspectionSite[],
  options: { visits: number; randomShare?: number; seed: number; weights?: PriorityWeights }
): InspectionPlan {
  const { visits, seed } = options;
  const randomShare = options.randomShare ?? 0.1;
  const weights = options.weights ?? DEFAULT_PRIORITY_WEIGHTS;
  if (!Number.isInteger(visits) || visits < 0) throw new Error(`visits is ${visits}: must be a non-negative integer`);
  if (!(randomShare >= 0 && randomShare <= 1))
    throw new Error(`randomShare is ${randomShare}: must be between 0 and 1`);
  const seen = new Set<string>();
  for (const s of sites) {
    if (seen.has(s.id)) throw new Error(`Site "${s.id}" appears twice`);
    seen.add(s.id);
  }
  const ranked = sites
    .map((s) => scoreSite(s, weights))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const randomCount = Math.round(randomShare * visits);
  const topCount = Math.min(visits - randomCount, ranked.length);
  const picks: InspectionPick[] = ranked.slice(0, topCount).map((s) => ({ ...s, reason: 'score' }));
  // Partial Fisher–Yates over the rest, in ranked order so the draw does not depend on input order.
  const rest = ranked.slice(topCount);
  const rng = createRandom(seed).fork('inspection-random-check');
  const draws = Math.min(randomCount, rest.length);
  for (let i = 0; i < draws; i++) {
    const j = rng.int(i, rest.length - 1);
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
    picks.push({ ...rest[i]!, reason: 'random-check' });
  }
  return { picks, ranked };
}
