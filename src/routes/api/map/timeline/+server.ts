import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { readShared } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { can } from '$lib/server/access/permissions';
import { areaCode, day, fromNotAfterTo, spanAtMost } from '$lib/server/params';
import { findArea } from '$lib/server/queries/pyramid';
import { eventTimeline } from '$lib/server/queries/event-timeline';
import type { RequestHandler } from './$types';

const query = z.strictObject({ area: areaCode, from: day, to: day }).refine(...fromNotAfterTo).refine(...spanAtMost(5));

/**
 * GET /api/map/timeline?area=&from=&to= — events per day under the area (petitions received for
 * roles that read cases, safety incidents, hazards found) and the sensitive periods in the window.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, query);
  const withPetitions = can(locals.user!.role, 'petition:read');
  const result = await readShared(await getSql(), locals, url, async (tx) => {
    const area = await findArea(tx, q.area);
    return area ? { area, ...(await eventTimeline(tx, q.area, q.from, q.to, withPetitions)) } : null;
  });
  if (!result) error(404, `No current area ${q.area} in your area`);
  return json(result);
};
