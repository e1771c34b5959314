import { translator } from '$lib/i18n/messages';
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { plannableCommunities } from '$lib/server/queries/plan-children';
import { communityCode } from '$lib/api/plan';
import type { PageServerLoad } from './$types';

const query = z.strictObject({ area: communityCode.optional(), lang: z.string().optional() });

/** The grid planner: the communities of the planner's area to pick from, and the one picked. */
export const load: PageServerLoad = async ({ url, locals }) => {
  const parsed = query.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success)
    error(
      400,
      `Invalid query parameter "${parsed.error.issues[0]!.path.join('.')}": ${parsed.error.issues[0]!.message}`
    );
  const db = await getDatabase();
  const communities = await withCaller(db.sql, locals.sessionToken!, (tx) => plannableCommunities(tx));
  const area = parsed.data.area ?? communities[0]?.code ?? null;
  if (area !== null && !communities.some((c) => c.code === area))
    error(404, translator(locals.locale)('plan.refused.not-found', { code: area }));
  return { communities, area, basemapStyle: db.config.basemapStyle ?? null };
};
