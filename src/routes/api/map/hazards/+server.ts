import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { HAZARD_LEVELS, HAZARD_STATUSES, hazardColumns } from '$lib/server/queries/hazard-columns';
import type { RequestHandler } from './$types';

const query = z.strictObject({});

/**
 * GET /api/map/hazards — every hazard site in the caller's area as columns (positions, level,
 * status, day found, deadline and day rectified as day numbers), for GPU time filtering.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  parseSearchParams(url, query);
  const cols = await withCaller(await getSql(), locals.sessionToken!, (tx) => hazardColumns(tx));
  return json({ ...cols, levels: HAZARD_LEVELS, statuses: HAZARD_STATUSES });
};
