import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { readSharedJson } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { gridsGeoJson } from '$lib/server/queries/map-layers';
import { day } from '$lib/server/params';
import type { RequestHandler } from './$types';

const query = z.strictObject({
  within: z.coerce.number({ message: 'must be an area id (a positive integer)' }).int().positive().max(2 ** 53).optional(),
  /** The boundaries of this day (default: the current ones). */
  asOf: day.optional()
});

/**
 * GET /api/map/grids[?within=areaId][&asOf=YYYY-MM-DD] — grid cells as GeoJSON: the current ones,
 * or the versions of a past day (each with that version's id, code and households).
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const { within, asOf } = parseSearchParams(url, query);
  return readSharedJson(await getSql(), locals, url, async (tx) => {
    if (within !== undefined) {
      // Row-level security hides areas outside the caller's scope: they are "not found" too.
      const [found] = await tx`select 1 from area where id = ${within} and ${
        asOf === undefined ? tx`valid_to is null` : tx`valid_from <= ${asOf}::date and (valid_to is null or valid_to > ${asOf}::date)`}`;
      if (!found) error(404, `No ${asOf ? `area valid on ${asOf}` : 'current area'} with id ${within} in your area`);
    }
    return gridsGeoJson(tx, within, asOf);
  });
};
