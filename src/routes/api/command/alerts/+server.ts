import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { readShared } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { can } from '$lib/server/access/permissions';
import { areaCode, day } from '$lib/server/params';
import { findArea } from '$lib/server/queries/pyramid';
import { commandAlerts } from '$lib/server/queries/command-alerts';
import { analyticsConfig } from '$lib/server/analytics-config';
import { SAFETY_PYRAMID } from '$lib/domain/pyramid-config';
import type { RequestHandler } from './$types';

const query = z.strictObject({ area: areaCode, day });

/**
 * GET /api/command/alerts?area=&day= — on `day`: overdue hazards, petitions past or near their
 * deadline (roles that read cases), grids without that day's daily report, and thin-base grids over
 * the year up to it, each with a place to put the map on.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  const q = parseSearchParams(url, query);
  const withPetitions = can(locals.user!.role, 'petition:read');
  const result = await readShared(await getSql(), locals, url, async (tx) => {
    const area = await findArea(tx, q.area);
    return area ? { area, ...(await commandAlerts(tx, q.area, q.day, withPetitions, analyticsConfig().pyramids.safety ?? SAFETY_PYRAMID)) } : null;
  });
  if (!result) error(404, `No current area ${q.area} in your area`);
  return json(result);
};
