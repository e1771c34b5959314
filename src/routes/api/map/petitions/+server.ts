import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { readSharedJson } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { day, fromNotAfterTo, spanAtMost } from '$lib/server/params';
import { petitionColumns } from '$lib/server/queries/petition-columns';
import { dateOfDay, dayNumber } from '$lib/seed/dates';
import type { RequestHandler } from './$types';

const query = z.strictObject({ from: day, to: day }).refine(...fromNotAfterTo).refine(...spanAtMost(5));

/**
 * GET /api/map/petitions?from=&to= — petition cases received in [from, to] in the caller's area as
 * columns: place (5 decimals), day received, weight (group size) and open flag. No people, no text.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, query);
  return readSharedJson(await getSql(), locals, url, async (tx) => ({
    from: q.from,
    to: q.to,
    ...(await petitionColumns(tx, q.from, dateOfDay(dayNumber(q.to) + 1)))
  }));
};
