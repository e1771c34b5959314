import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { areaBbox } from '$lib/server/queries/area-bbox';
import { demoMeta } from '$lib/server/queries/dataset-meta';
import { todayInChina } from '$lib/core/dates';
import type { PageServerLoad } from './$types';

/** The inspector's page: the map style, where the map opens and today's date; everything else comes from /api/inspect. */
export const load: PageServerLoad = async ({ locals }) => {
  const db = await getDatabase();
  const home = locals.user!.homeAreaCode;
  const [meta, homeBbox] = await withCaller(db.sql, locals.sessionToken!, (tx) =>
    Promise.all([demoMeta(tx), areaBbox(tx, home)])
  );
  if (!homeBbox) error(404, `No current area ${home} (your home area)`);
  return {
    /** The user's home area's bounding box: where the map opens. */
    homeBbox,
    demo: meta?.generated ?? false,
    basemapStyle: db.config.basemapStyle ?? null,
    today: todayInChina(),
    canRecord: locals.user?.role === 'inspector'
  };
};
