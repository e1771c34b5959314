import {
  DEFAULT_PRIORITY_WEIGHTS,
  rankInspectionPriorities,
  type InspectionSite,
  type PriorityWeights,
  type ScoreParts
} from './rank-inspection-priorities';

/** A site with its distance from the inspector. */
export interface SiteAtDistance extends InspectionSite {
  /** Metres from the inspector's position (ellipsoidal). */
  distanceM: number;
}

/** A site with its nearby score and the parts it is made of. */
export interface RankedNearbySite<S extends SiteAtDistance = SiteAtDistance> {
  site: S;
  /** The analytics engine's priority: expected risk points removed by one visit. */
  priority: number;
  /** The parts of `priority` (rankInspectionPriorities). */
  parts: ScoreParts;
  /** halfDistanceM ÷ (halfDistanceM + distanceM): 1 where the inspector stands, ½ at halfDistanceM. */
  distanceFactor: number;
  /** priority × distanceFactor. */
  score: number;
}

/** Default distance at which a site's priority counts half: 1 km, about 15 minutes on foot. */
export const DEFAULT_HALF_DISTANCE_M = 1000;

/**
 * Rank sites near an inspector by what a visit is worth from where they stand:
 *
 *   score = priority × h ÷ (h + distance)
 *
 * where `priority` is the analytics engine's score (rankInspectionPriorities: risk class, open
 * hazards by level, days overdue, staleness since the last inspection, incidents in the last year,
 * all in "risk points removed by one visit") and h = `halfDistanceM` (default 1 km): a site h metres
 * away counts half as much as one at the inspector's feet, 3h away a quarter. A hyperbolic discount
 * keeps an overdue major hazard 2 km away (priority ≥ 30) above a blue enterprise next door
 * (priority ≤ 2), which a linear cut-off would not. Highest score first; ties by distance, then id.
 *
 * @param sites sites with their distances (metres, ≥ 0)
 * @param options.halfDistanceM metres at which a site counts half (> 0)
 * @throws Error on a negative or non-finite distance, a non-positive halfDistanceM, and whatever
 *   rankInspectionPriorities refuses (duplicate ids, unknown class or level)
 * @example
 * rankNearbySites([{ ...site, distanceM: 1000 }])[0].distanceFactor // 0.5
 */
export function rankNearbySites<S extends SiteAtDistance>(
  sites: readonly S[],
  options: { halfDistanceM?: number; weights?: PriorityWeights } = {}
): RankedNearbySite<S>[] {
  const h = options.halfDistanceM ?? DEFAULT_HALF_DISTANCE_M;
  if (!(h > 0 && Number.isFinite(h))) throw new Error(`halfDistanceM is ${h}: must be a positive number of metres`);
  for (const s of sites) {
    if (!(s.distanceM >= 0 && Number.isFinite(s.distanceM)))
      throw new Error(`Site "${s.id}" is ${s.distanceM} m away: must be 0 or more`);
  }
  const byId = new Map(sites.map((s) => [s.id, s]));
  const { ranked } = rankInspectionPriorities(sites, {
    visits: 0,
    seed: 0,
    weights: options.weights ?? DEFAULT_PRIORITY_WEIGHTS
  });
  return ranked
    .map((r) => {
      const site = byId.get(r.id)!;
      const distanceFactor = h / (h + site.distanceM);
      return { site, priority: r.score, parts: r.parts, distanceFactor, score: r.score * distanceFactor };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.site.distanceM - b.site.distanceM ||
        (a.site.id < b.site.id ? -1 : a.site.id > b.site.id ? 1 : 0)
    );
}
