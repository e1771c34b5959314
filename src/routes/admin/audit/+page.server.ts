import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { auditEntries } from '$lib/server/queries/audit-entries';
import { numericId } from '$lib/api/params';
import type { PageServerLoad } from './$types';

const query = z.strictObject({
  outcome: z.enum(['allowed', 'denied', 'error']).optional(),
  user: z
    .string()
    .regex(/^[a-z0-9_.-]{1,40}$/, 'must be a username')
    .optional(),
  before: numericId.optional()
});

const PAGE = 100;

/** The newest audit entries (admins only: the database's audit_read policy enforces it too). */
export const load: PageServerLoad = async ({ url, locals }) => {
  const parsed = query.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success)
    error(400, `Invalid filter: ${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`);
  const f = parsed.data;
  const rows = await withCaller(await getSql(), locals.sessionToken!, (tx) =>
    auditEntries(tx, { outcome: f.outcome, username: f.user, before: f.before }, PAGE)
  );
  return {
    filter: f,
    entries: rows.map((r) => ({ ...r, at: r.at.toISOString().replace('T', ' ').slice(0, 19) })),
    nextBefore: rows.length === PAGE ? rows[rows.length - 1]!.id : null
  };
};
