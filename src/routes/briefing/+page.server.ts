import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { can } from '$lib/server/access/permissions';
import { parentAreaCode, day } from '$lib/api/params';
import { addDays } from '$lib/map/view-state';
import { inspectionRows, mediationRows } from '$lib/map/steering-rows';
import { ApiError } from '$lib/api/common';
import { getInspectionPriorities, getMediationAllocation, getRisk } from '$lib/api/analytics';
import { getAlerts } from '$lib/api/command-alerts';
import { getEnterprises } from '$lib/api/map';
import { translator } from '$lib/i18n/messages';
import { chinaDateTime } from '$lib/core/dates';
import type { PageServerLoad } from './$types';

const query = z
  .strictObject({ area: parentAreaCode, day, from: day.optional(), lang: z.string().optional() })
  .refine((q) => !q.from || q.from <= q.day, { message: 'must not be after "day"', path: ['from'] });

/**
 * The printable morning briefing (A4) for an area on a day: alerts, the child ranking over the last
 * 90 days, the inspection priority list and (for roles that read cases) the mediator allocation —
 * the same endpoints the command map reads, so the paper and the screen agree.
 */
export const load: PageServerLoad = async ({ url, fetch, locals }) => {
  const raw = Object.fromEntries(url.searchParams);
  const parsed = query.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    error(400, `Invalid query parameter "${issue.path.join('.')}": ${issue.message}`);
  }
  const { area, day: asOf } = parsed.data;
  // The window being viewed on the map (the print link sends it), else the last 90 days.
  const from = parsed.data.from ?? addDays(asOf, -89);
  // A refusal of an endpoint is the page's refusal, with the endpoint's status and message.
  const refused = (err: unknown): never => {
    if (err instanceof ApiError) error(err.status, err.serverMessage);
    throw err;
  };
  const withPetitions = can(locals.user!.role, 'petition:read');
  const [risk, alerts, inspections, names, mediation] = await Promise.all([
    getRisk({ area, from, to: asOf }, fetch),
    getAlerts({ area, day: asOf }, fetch),
    getInspectionPriorities({ area, asOf }, fetch),
    getEnterprises(fetch),
    withPetitions ? getMediationAllocation({ area }, fetch) : Promise.resolve(null)
  ]).catch(refused);
  return {
    area: risk.area,
    from,
    day: asOf,
    /** When the page was made, China Standard Time. */
    generatedAt: chinaDateTime(new Date()).slice(0, 16),
    ranking: risk.scores
      .slice(0, 15)
      .map(({ code, name, score, perThousandHouseholds }) => ({ code, name, score, perThousandHouseholds })),
    alerts: {
      overdueHazards: { count: alerts.overdueHazards.count, items: alerts.overdueHazards.items.slice(0, 10) },
      petitionDeadlines: alerts.petitionDeadlines && {
        overdue: alerts.petitionDeadlines.overdue.count,
        near: alerts.petitionDeadlines.near.count
      },
      missingDailyReports: alerts.missingDailyReports.count,
      thinBaseGrids: alerts.thinBaseGrids.count
    },
    inspections: inspectionRows(inspections, names, translator(locals.locale)),
    mediation: mediation ? mediationRows(mediation) : null
  };
};
