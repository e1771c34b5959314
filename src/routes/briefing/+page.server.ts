import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { can } from '$lib/server/access/permissions';
import { parentAreaCode, day } from '$lib/api/params';
import { addDays } from '$lib/map/view-state';
import { inspectionRows, mediationRows, type InspectionAnswer, type MediationAnswer, type SiteNames } from '$lib/map/steering-rows';
import type { PageServerLoad } from './$types';

const query = z.strictObject({ area: parentAreaCode, day });

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
  const from = addDays(asOf, -89);
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(path);
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      error(res.status, body.message ?? res.statusText);
    }
    return res.json() as Promise<T>;
  };
  const withPetitions = can(locals.user!.role, 'petition:read');
  const [risk, alerts, inspections, names, mediation] = await Promise.all([
    get<{ area: { code: string; name: string; level: string }; scores: { code: string; name: string; score: number; perThousandHouseholds: number | null }[] }>(
      `/api/analytics/risk?area=${area}&from=${from}&to=${asOf}`
    ),
    get<{
      overdueHazards: { count: number; items: { id: number; gridName: string; level: string; daysOverdue: number }[] };
      petitionDeadlines: { overdue: { count: number }; near: { count: number } } | null;
      missingDailyReports: { count: number };
      thinBaseGrids: { count: number };
    }>(`/api/command/alerts?area=${area}&day=${asOf}`),
    get<InspectionAnswer>(`/api/analytics/inspection-priorities?area=${area}&asOf=${asOf}`),
    get<SiteNames>('/api/map/enterprises'),
    withPetitions ? get<MediationAnswer>(`/api/analytics/mediation-allocation?area=${area}`) : Promise.resolve(null)
  ]);
  return {
    area: risk.area,
    from,
    day: asOf,
    ranking: risk.scores.slice(0, 15),
    alerts: {
      overdueHazards: { count: alerts.overdueHazards.count, items: alerts.overdueHazards.items.slice(0, 10) },
      petitionDeadlines: alerts.petitionDeadlines && { overdue: alerts.petitionDeadlines.overdue.count, near: alerts.petitionDeadlines.near.count },
      missingDailyReports: alerts.missingDailyReports.count,
      thinBaseGrids: alerts.thinBaseGrids.count
    },
    inspections: inspectionRows(inspections, names),
    mediation: mediation ? mediationRows(mediation) : null
  };
};
