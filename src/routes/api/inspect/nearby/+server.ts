import { json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { nearbyQuery, type NearbyAnswer } from '$lib/api/inspect';
import { nearbySites } from '$lib/server/queries/nearby-sites';
import { rankNearbySites } from '$lib/domain/rank-nearby-sites';
import { DEFAULT_PRIORITY_WEIGHTS } from '$lib/domain/rank-inspection-priorities';
import { todayInChina } from '$lib/core/dates';
import type { RequestHandler } from './$types';

/**
 * GET /api/inspect/nearby?lon=&lat=&radius=&limit=&half=&level=&overdue=&industry=&risk=&asOf= —
 * key enterprises and free hazard sites of the caller's area within `radius` metres of the
 * position, best first by score = priority × half ÷ (half + distance) (src/lib/domain/rank-nearby-sites.ts),
 * each with the parts of its priority, its open hazards and its distance in metres.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, nearbyQuery);
  const asOf = q.asOf ?? todayInChina();
  const { sites, truncated } = await withCaller(await getSql(), locals.sessionToken!, (tx) =>
    nearbySites(tx, { lon: q.lon, lat: q.lat }, q.radius, asOf, {
      hazardLevel: q.level,
      overdue: q.overdue,
      industries: q.industry,
      riskClasses: q.risk
    })
  );
  const ranked = rankNearbySites(sites, { halfDistanceM: q.half });
  return json({
    position: { lon: q.lon, lat: q.lat },
    radiusM: q.radius,
    halfDistanceM: q.half,
    asOf,
    weights: DEFAULT_PRIORITY_WEIGHTS,
    truncated,
    count: ranked.length,
    sites: ranked.slice(0, q.limit).map((r) => ({
      id: r.site.id,
      kind: r.site.kind,
      refId: r.site.refId,
      name: r.site.name,
      industry: r.site.industry,
      riskClass: r.site.riskClass,
      lon: r.site.lon,
      lat: r.site.lat,
      distanceM: Math.round(r.site.distanceM * 10) / 10,
      score: r.score,
      priority: r.priority,
      distanceFactor: r.distanceFactor,
      parts: r.parts,
      hazards: r.site.hazards,
      daysSinceInspection: r.site.daysSinceInspection,
      incidentsLastYear: r.site.incidentsLastYear
    }))
  } satisfies NearbyAnswer);
};
