import { getDatabase } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { demoMeta } from '$lib/server/queries/dataset-meta';
import { todayInChina } from '$lib/seed/dates';
import type { PageServerLoad } from './$types';

/** The inspector's page: the map style and today's date; everything else comes from /api/inspect. */
export const load: PageServerLoad = async ({ locals }) => {
  const db = await getDatabase();
  const meta = await withCaller(db.sql, locals.sessionToken!, (tx) => demoMeta(tx));
  return {
    demo: meta?.generated ?? false,
    basemapStyle: db.config.basemapStyle ?? null,
    today: todayInChina(),
    canRecord: locals.user?.role === 'inspector'
  };
};
