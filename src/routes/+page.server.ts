import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { demoMeta } from '$lib/server/queries/dataset-meta';
import { can } from '$lib/server/access/permissions';
import { areaBbox } from '$lib/server/queries/area-bbox';
import { todayInChina } from '$lib/core/dates';
import { defaultWindow } from '$lib/api/panel-requests';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const db = await getDatabase();
  const user = locals.user!;
  const [demo, homeBbox] = await withCaller(db.sql, locals.sessionToken!, (tx) =>
    Promise.all([demoMeta(tx), areaBbox(tx, user.homeAreaCode)])
  );
  if (!homeBbox) error(404, `No current area ${user.homeAreaCode} (your home area)`);
  // The demo data ends on its generation day; the window ends on the earlier of that day and today.
  const { from, to } = defaultWindow(todayInChina(), demo?.endDate);
  return {
    basemapStyle: db.config.basemapStyle ?? null,
    /** The user's home area's bounding box: where the map opens. */
    homeBbox,
    demo,
    scope: {
      /** The user's own area: the top of their breadcrumb and the default view. */
      root: user.homeAreaCode,
      canReadPetitions: can(user.role, 'petition:read'),
      today: to,
      defaultFrom: from,
      defaultTo: to
    }
  };
};
