import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { dateOfDay, dayNumber } from '$lib/seed/dates';
import { day, fromNotAfterTo, spanAtMost } from '$lib/server/params';
import type { RequestHandler } from './$types';

const query = z
  .strictObject({
    level: z.enum(['subdistrict', 'community', 'grid']),
    from: day,
    to: day
  })
  .refine(...fromNotAfterTo)
  .refine(...spanAtMost(10));

/**
 * GET /api/petitions/counts?level=&from=&to= — petition cases per area in [from, to] (China
 * Standard Time days). Exact inside the caller's scope for roles that handle cases; elsewhere
 * 1…k−1 is hidden (null) and other counts are rounded down to a multiple of k.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, query);
  const db = await getDatabase();
  const rows = await withCaller(db.sql, locals.sessionToken!, (tx) => tx<{ area_id: number; code: string; name: string; cases: number | null; exact: boolean }[]>`
    select area_id, code, name, cases, exact
    from petition_counts(${q.level}, ${q.from + 'T00:00:00+08:00'}::timestamptz,
                         ${dateOfDay(dayNumber(q.to) + 1) + 'T00:00:00+08:00'}::timestamptz, ${db.config.privacyK}::int)`);
  return json({ level: q.level, from: q.from, to: q.to, k: db.config.privacyK, areas: rows });
};
