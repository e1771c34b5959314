import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { readShared } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { can } from '$lib/server/access/permissions';
import { findArea } from '$lib/server/queries/pyramid';
import { eventTimeline } from '$lib/server/queries/event-timeline';
import { timelineQuery, type TimelineAnswer } from '$lib/api/map';
import type { RequestHandler } from './$types';
import { storedAnswer } from '$lib/server/stored-answer';

/**
 * GET /api/map/timeline?area=&from=&to= — events per day under the area (petitions received for
 * roles that read cases, safety incidents, hazards found) and the sensitive periods in the window.
 */
export const GET: RequestHandler = (event) =>
  storedAnswer(event, async () => {
    const { url, locals } = event;
    const q = parseSearchParams(url, timelineQuery);
    const withPetitions = can(locals.user!.role, 'petition:read');
    const result = await readShared(await getSql(), locals, url, async (tx) => {
      const area = await findArea(tx, q.area);
      return area ? { area, ...(await eventTimeline(tx, q.area, q.window.from, q.window.to, withPetitions)) } : null;
    });
    if (!result) error(404, `No current area ${q.area} in your area`);
    return json(result satisfies TimelineAnswer);
  });
