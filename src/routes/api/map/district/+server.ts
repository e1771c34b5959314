import { getSql } from '$lib/server/db';
import { readSharedJson } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { outlinesGeoJson } from '$lib/server/queries/map-layers';
import { noQuery, type DistrictAnswer } from '$lib/api/map';
import type { RequestHandler } from './$types';

/** GET /api/map/district — district and sub-district outlines with label points (GeoJSON). */
export const GET: RequestHandler = async ({ url, locals }) => {
  parseSearchParams(url, noQuery);
  return readSharedJson(await getSql(), locals, url, (tx): Promise<DistrictAnswer> => outlinesGeoJson(tx));
};
