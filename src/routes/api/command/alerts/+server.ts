import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { readShared } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { can } from '$lib/server/access/permissions';
import { audit } from '$lib/server/audit';
import { findArea } from '$lib/server/queries/pyramid';
import { alertPage, commandAlerts } from '$lib/server/queries/command-alerts';
import {
  ALERT_LIST_LIMIT,
  alertsQuery,
  PETITION_ALERT_LISTS,
  type AlertPageAnswer,
  type AlertsAnswer
} from '$lib/api/command-alerts';
import { analyticsConfig } from '$lib/server/analytics-config';
import { SAFETY_PYRAMID } from '$lib/domain/pyramid-config';
import type { RequestHandler } from './$types';
import { storedAnswer } from '$lib/server/stored-answer';

/**
 * GET /api/command/alerts?area=&day=[&list=&offset=&limit=] — on `day`: overdue hazards, petitions
 * past and near their deadline (roles that read cases), grids without that day's daily report, and
 * thin-base grids over the year up to it, each with a place to put the map on: every list's count
 * and its first 20 items. With `list`, one page of that list (`offset` default 0, `limit` 1…200,
 * default 20): `{ list, count, offset, items }`.
 */
export const GET: RequestHandler = (event) =>
  storedAnswer(event, async () => {
    const { url, locals } = event;
    const q = parseSearchParams(url, alertsQuery);
    const user = locals.user!;
    const withPetitions = can(user.role, 'petition:read');
    const sql = await getSql();
    const safety = analyticsConfig().pyramids.safety ?? SAFETY_PYRAMID;
    if (q.list && PETITION_ALERT_LISTS.includes(q.list) && !withPetitions) {
      await audit(sql, {
        user,
        action: 'GET /api/command/alerts',
        objectType: 'area',
        objectId: q.area,
        outcome: 'denied',
        status: 403,
        detail: { list: q.list }
      });
      error(403, 'Petition deadline alerts list petition cases: only commanders and mediators may see them');
    }
    const list = q.list;
    const result = await readShared(sql, locals, url, async (tx) => {
      const area = await findArea(tx, q.area);
      if (!area) return null;
      if (list)
        return {
          area,
          asOf: q.day,
          list,
          ...(await alertPage(tx, list, q.area, q.day, safety, {
            offset: q.offset ?? 0,
            limit: q.limit ?? ALERT_LIST_LIMIT
          }))
        } as AlertPageAnswer;
      return { area, ...(await commandAlerts(tx, q.area, q.day, withPetitions, safety)) } satisfies AlertsAnswer;
    });
    if (!result) error(404, `No current area ${q.area} in your area`);
    return json(result satisfies AlertsAnswer | AlertPageAnswer);
  });
