import { getDatabase } from '$lib/server/db';
import { todayInChina } from '$lib/seed/dates';
import type { PageServerLoad } from './$types';

/** The inspector's page: the map style and today's date; everything else comes from /api/inspect. */
export const load: PageServerLoad = async ({ locals }) => {
  const db = await getDatabase();
  return {
    basemapStyle: db.config.basemapStyle ?? null,
    today: todayInChina(),
    canRecord: locals.user?.role === 'inspector'
  };
};
