import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { readShared } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { can } from '$lib/server/access/permissions';
import { audit } from '$lib/server/audit';
import { areaCode, day } from '$lib/api/params';
import { findArea } from '$lib/server/queries/pyramid';
import { ALERT_LIST_LIMIT, ALERT_LISTS, ALERT_PAGE_MAX, alertPage, commandAlerts, PETITION_ALERT_LISTS } from '$lib/server/queries/command-alerts';
import { analyticsConfig } from '$lib/server/analytics-config';
import { SAFETY_PYRAMID } from '$lib/domain/pyramid-config';
import type { RequestHandler } from './$types';

const query = z
  .strictObject({
    area: areaCode,
    day,
    /** One list, paged: its count and `limit` items from `offset`. */
    list: z.enum(ALERT_LISTS, { message: `must be one of ${ALERT_LISTS.join(', ')}` }).optional(),
    offset: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000, 'must be at most 1000000').optional(),
    limit: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(ALERT_PAGE_MAX, `must be at most ${ALERT_PAGE_MAX}`).optional()
  })
  .refine((q) => q.list !== undefined || (q.offset === undefined && q.limit === undefined), {
    message: '"offset" and "limit" page one list: give "list" too',
    path: ['list']
  });

/**
 * GET /api/command/alerts?area=&day=[&list=&offset=&limit=] — on `day`: overdue hazards, petitions
 * past and near their deadline (roles that read cases), grids without that day's daily report, and
 * thin-base grids over the year up to it, each with a place to put the map on: every list's count
 * and its first 20 items. With `list`, one page of that list (`offset` default 0, `limit` 1…200,
 * default 20): `{ list, count, offset, items }`.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, query);
  const user = locals.user!;
  const withPetitions = can(user.role, 'petition:read');
  const sql = await getSql();
  const safety = analyticsConfig().pyramids.safety ?? SAFETY_PYRAMID;
  if (q.list && PETITION_ALERT_LISTS.includes(q.list) && !withPetitions) {
    await audit(sql, { user, action: 'GET /api/command/alerts', objectType: 'area', objectId: q.area, outcome: 'denied', status: 403, detail: { list: q.list } });
    error(403, 'Petition deadline alerts list petition cases: only commanders and mediators may see them');
  }
  const list = q.list;
  const result = await readShared(sql, locals, url, async (tx) => {
    const area = await findArea(tx, q.area);
    if (!area) return null;
    if (list) return { area, asOf: q.day, list, ...(await alertPage(tx, list, q.area, q.day, safety, { offset: q.offset ?? 0, limit: q.limit ?? ALERT_LIST_LIMIT })) };
    return { area, ...(await commandAlerts(tx, q.area, q.day, withPetitions, safety)) };
  });
  if (!result) error(404, `No current area ${q.area} in your area`);
  return json(result);
};
