import { json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { petitionCases } from '$lib/server/queries/petition-cases';
import { petitionsQuery, type PetitionsAnswer } from '$lib/api/petitions';
import type { RequestHandler } from './$types';

/**
 * GET /api/petitions?status=&limit=&after= — petition cases with their exact place, for roles that
 * handle cases, inside their area (row-level security). Keyset pages by id. No personal data exists.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, petitionsQuery);
  const rows = await withCaller(await getSql(), locals.sessionToken!, (tx) =>
    petitionCases(tx, q.status, q.after, q.limit)
  );
  return json({
    cases: rows,
    next: rows.length === q.limit ? rows[rows.length - 1]!.id : null
  } satisfies PetitionsAnswer);
};
