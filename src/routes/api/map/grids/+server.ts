import { error } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { readSharedJson } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { areaVisible, gridsGeoJson } from '$lib/server/queries/map-layers';
import { gridsQuery, type GridsAnswer } from '$lib/api/map';
import type { RequestHandler } from './$types';

/**
 * GET /api/map/grids[?within=areaId][&asOf=YYYY-MM-DD] — grid cells as GeoJSON: the current ones,
 * or the versions of a past day (each with that version's id, code and households).
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const { within, asOf } = parseSearchParams(url, gridsQuery);
  return readSharedJson(await getSql(), locals, url, async (tx) => {
    if (within !== undefined) {
      // Row-level security hides areas outside the caller's scope: they are "not found" too.
      if (!(await areaVisible(tx, within, asOf)))
        error(404, `No ${asOf ? `area valid on ${asOf}` : 'current area'} with id ${within} in your area`);
    }
    return gridsGeoJson(tx, within, asOf) satisfies Promise<GridsAnswer>;
  });
};
