import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import type { RequestHandler } from './$types';

const query = z.strictObject({
  status: z.enum(['received', 'accepted', 'mediating', 'resolved', 'closed_unresolved']).optional(),
  limit: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(100),
  after: z.coerce.number({ message: 'must be a case id' }).int('must be a case id').nonnegative('must be 0 or more').max(2 ** 53, 'must be at most 9007199254740992').default(0)
});

/**
 * GET /api/petitions?status=&limit=&after= — petition cases with their exact place, for roles that
 * handle cases, inside their area (row-level security). Keyset pages by id. No personal data exists.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, query);
  const rows = await withCaller(await getSql(), locals.sessionToken!, (tx) => tx`
    select p.id, p.received_at, p.channel, p.category, p.group_size, p.repeat_of_id, p.level_reached, p.status,
           p.accepted_at, p.extension_days, p.closed_at, p.resolution_method, g.code as grid_code,
           round(ST_X(p.geom)::numeric, 6)::float8 as lon, round(ST_Y(p.geom)::numeric, 6)::float8 as lat
    from petition_case p join area g on g.id = p.grid_id
    where p.id > ${q.after} and ${q.status ? tx`p.status = ${q.status}` : tx`true`}
    order by p.id
    limit ${q.limit}`);
  return json({ cases: rows, next: rows.length === q.limit ? rows[rows.length - 1]!.id : null });
};
