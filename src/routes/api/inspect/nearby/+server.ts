import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { day } from '$lib/api/params';
import { commaList, flag, INDUSTRIES, latitude, longitude, RISK_CLASSES } from '$lib/api/inspect-params';
import { nearbySites } from '$lib/server/queries/nearby-sites';
import { DEFAULT_HALF_DISTANCE_M, rankNearbySites } from '$lib/domain/rank-nearby-sites';
import { DEFAULT_PRIORITY_WEIGHTS } from '$lib/domain/rank-inspection-priorities';
import { todayInChina } from '$lib/seed/dates';
import type { RequestHandler } from './$types';

const query = z.strictObject({
  lon: longitude,
  lat: latitude,
  /** Search radius in metres (ellipsoidal). */
  radius: z.coerce.number({ message: 'must be a number of metres' }).int('must be whole metres').min(50).max(20_000).default(2000),
  /** Sites returned, best score first. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Distance (metres) at which a site's priority counts half. */
  half: z.coerce.number().int().min(100).max(20_000).default(DEFAULT_HALF_DISTANCE_M),
  level: z.enum(['general', 'major'], { message: 'must be general or major' }).optional(),
  overdue: flag.optional(),
  industry: commaList(INDUSTRIES).optional(),
  risk: commaList(RISK_CLASSES).optional(),
  asOf: day.optional()
});

/**
 * GET /api/inspect/nearby?lon=&lat=&radius=&limit=&half=&level=&overdue=&industry=&risk=&asOf= —
 * key enterprises and free hazard sites of the caller's area within `radius` metres of the
 * position, best first by score = priority × half ÷ (half + distance) (src/lib/domain/rank-nearby-sites.ts),
 * each with the parts of its priority, its open hazards and its distance in metres.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, query);
  const asOf = q.asOf ?? todayInChina();
  const { sites, truncated } = await withCaller(await getSql(), locals.sessionToken!, (tx) =>
    nearbySites(tx, { lon: q.lon, lat: q.lat }, q.radius, asOf, {
      hazardLevel: q.level,
      overdue: q.overdue,
      industries: q.industry,
      riskClasses: q.risk
    }));
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
  });
};
