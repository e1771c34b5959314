import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { petitionCounts } from '$lib/server/queries/petition-cases';
import { petitionCountsQuery, type PetitionCountsAnswer } from '$lib/api/petitions';
import type { RequestHandler } from './$types';

/**
 * GET /api/petitions/counts?level=&from=&to= — petition cases per area in [from, to] (China
 * Standard Time days). Exact inside the caller's scope for roles that handle cases; elsewhere
 * 1…k−1 is hidden (null) and other counts are rounded down to a multiple of k.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, petitionCountsQuery);
  const db = await getDatabase();
  const rows = await withCaller(db.sql, locals.sessionToken!, (tx) =>
    petitionCounts(tx, q.level, q.window.from, q.window.to, db.config.privacyK)
  );
  return json({
    level: q.level,
    from: q.from,
    to: q.to,
    k: db.config.privacyK,
    areas: rows
  } satisfies PetitionCountsAnswer);
};
