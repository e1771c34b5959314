import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { todayInChina } from '$lib/core/dates';
import { withCaller } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { findArea } from '$lib/server/queries/pyramid';
import { hazardSitePlaces, inspectionSites } from '$lib/server/queries/inspection-sites';
import { rankInspectionPriorities } from '$lib/domain/rank-inspection-priorities';
import { analyticsConfig } from '$lib/server/analytics-config';
import { inspectionPrioritiesQuery, type InspectionPrioritiesAnswer } from '$lib/api/analytics';
import type { RequestHandler } from './$types';
import { storedAnswer } from '$lib/server/stored-answer';

/**
 * GET /api/analytics/inspection-priorities?area=&visits=&asOf=&randomShare=&seed= — the sites most
 * worth a visit in the area (expected risk removed per visit, every part explained), with a seeded
 * random share of low-scored or long-uninspected sites to check that the data is honest. The seed
 * defaults to the as-of day, so one day's list is stable and printable.
 */
export const GET: RequestHandler = (event) =>
  storedAnswer(event, async () => {
    const { url, locals } = event;
    const q = parseSearchParams(url, inspectionPrioritiesQuery);
    const asOf = q.asOf ?? todayInChina();
    const seed = q.seed ?? Number(asOf.replaceAll('-', ''));
    const { inspection } = analyticsConfig();
    const randomShare = q.randomShare ?? inspection.randomShare;
    const result = await withCaller(await getSql(), locals.sessionToken!, async (tx) => {
      const area = await findArea(tx, q.area);
      if (!area) return null;
      return {
        area,
        sites: await inspectionSites(tx, q.area, asOf, inspection.freeHazardSiteClass, inspection.freeSiteRadiusMetres)
      };
    });
    if (!result) error(404, `No current area ${q.area} in your area`);
    const plan = rankInspectionPriorities(result.sites, {
      visits: q.visits,
      randomShare,
      seed,
      weights: inspection.weights
    });
    // Free hazard sites have no name: they are named by their place (grid, nearest enterprise).
    const free = plan.picks.filter((p) => p.kind === 'hazard_site').map((p) => p.id);
    const places = free.length
      ? await withCaller(await getSql(), locals.sessionToken!, (tx) => hazardSitePlaces(tx, free))
      : {};
    return json({
      area: result.area,
      asOf,
      seed,
      visits: q.visits,
      randomShare,
      weights: inspection.weights,
      picks: plan.picks,
      places,
      sites: result.sites.length
    } satisfies InspectionPrioritiesAnswer);
  });
