import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { readSharedJson } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { day } from '$lib/server/params';
import { HAZARD_LEVELS, HAZARD_STATUSES, hazardColumns } from '$lib/server/queries/hazard-columns';
import type { RequestHandler } from './$types';

const query = z
  .strictObject({ from: day.optional(), to: day.optional() })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'give both "from" and "to", or neither', path: ['to'] })
  .refine((q) => q.from === undefined || q.from <= q.to!, { message: '"from" must not be after "to"', path: ['from'] });

/**
 * GET /api/map/hazards[?from=&to=] — the hazard sites in the caller's area (found in [from, to] when
 * given) as columns (positions, level, status, day found, deadline and day rectified as day
 * numbers), for GPU time filtering.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, query);
  const window = q.from && q.to ? { from: q.from, to: q.to } : undefined;
  return readSharedJson(await getSql(), locals, url, async (tx) => ({ ...(await hazardColumns(tx, window)), levels: HAZARD_LEVELS, statuses: HAZARD_STATUSES }));
};
