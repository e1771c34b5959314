import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { gridsGeoJson } from '$lib/server/queries/map-layers';
import type { RequestHandler } from './$types';

const query = z.strictObject({
  within: z.coerce.number({ message: 'must be an area id (a positive integer)' }).int().positive().max(2 ** 53).optional()
});

/** GET /api/map/grids[?within=areaId] — current grid cells as GeoJSON. */
export const GET: RequestHandler = async ({ url, locals }) => {
  const { within } = parseSearchParams(url, query);
  const fc = await withCaller(await getSql(), locals.sessionToken!, async (tx) => {
    if (within !== undefined) {
      // Row-level security hides areas outside the caller's scope: they are "not found" too.
      const [found] = await tx`select 1 from area where id = ${within} and valid_to is null`;
      if (!found) error(404, `No current area with id ${within} in your area`);
    }
    return gridsGeoJson(tx, within);
  });
  return json(fc);
};
