import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { readShared } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { areaViewQuery, type AreaViewAnswer } from '$lib/api/map';
import { areaView } from '$lib/server/queries/area-view';
import type { RequestHandler } from './$types';

/**
 * GET /api/map/areas?area=<code> — the area (with its bounding box), its ancestors the caller may
 * see (the breadcrumb) and its children's outlines as GeoJSON; a grid returns its own outline.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, areaViewQuery);
  const view = await readShared(await getSql(), locals, url, (tx) => areaView(tx, q.area));
  if (!view) error(404, `No current area ${q.area} in your area`);
  return json(view satisfies AreaViewAnswer);
};
