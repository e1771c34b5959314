import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { findArea } from '$lib/server/queries/pyramid';
import { areaNames, mediationNeed, mediatorsFor } from '$lib/server/queries/mediation-need';
import { allocateMediators, DEFAULT_LEVEL_COSTS } from '$lib/domain/allocate-mediators';
import { mediationAllocationQuery, type MediationAllocationAnswer } from '$lib/api/analytics';
import type { RequestHandler } from './$types';
import { storedAnswer } from '$lib/server/stored-answer';

/**
 * GET /api/analytics/mediation-allocation?area=&by=grid|community — open petition cases of the area
 * assigned to mediators within their weekly capacity and home area, covering as many cases as
 * possible at the lowest level (min-cost max-flow, exact). Case-handling roles only (route rule).
 */
export const GET: RequestHandler = (event) =>
  storedAnswer(event, async () => {
    const { url, locals } = event;
    const q = parseSearchParams(url, mediationAllocationQuery);
    const result = await withCaller(await getSql(), locals.sessionToken!, async (tx) => {
      const area = await findArea(tx, q.area);
      if (!area) return null;
      const need = await mediationNeed(tx, q.area);
      const mediators = await mediatorsFor(tx, q.area);
      const areas = q.by === 'grid' ? need.grids : need.communities;
      return {
        area,
        need: areas,
        mediators,
        areaNames: await areaNames(
          tx,
          areas.map((a) => a.code)
        )
      };
    });
    if (!result) error(404, `No current area ${q.area} in your area`);
    return json({
      area: result.area,
      by: q.by,
      levelCosts: DEFAULT_LEVEL_COSTS,
      ...allocateMediators(result.mediators, result.need),
      names: {
        mediators: Object.fromEntries(result.mediators.map((m) => [m.id, m.displayName])),
        areas: result.areaNames
      }
    } satisfies MediationAllocationAnswer);
  });
