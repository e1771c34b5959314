import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { parseSearchParams } from '$lib/server/http';
import { gridsGeoJson } from '$lib/server/queries/map-layers';
import type { RequestHandler } from './$types';

const query = z.strictObject({
  within: z.coerce.number({ message: 'must be an area id (a positive integer)' }).int().positive().max(2 ** 53).optional()
});

/** GET /api/map/grids[?within=areaId] — current grid cells as GeoJSON. */
export const GET: RequestHandler = async ({ url }) => {
  const { within } = parseSearchParams(url, query);
  const sql = await getSql();
  if (within !== undefined) {
    const [found] = await sql`select 1 from area where id = ${within} and valid_to is null`;
    if (!found) error(404, `No current area with id ${within}`);
  }
  return json(await gridsGeoJson(sql, within));
};
