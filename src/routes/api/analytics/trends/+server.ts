import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { readShared } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { can } from '$lib/server/access/permissions';
import { findArea } from '$lib/server/queries/pyramid';
import { monthRange, petitionTrends } from '$lib/server/queries/petition-trends';
import { hazardTrends } from '$lib/server/queries/hazard-trends';
import { dailyReportCompliance, MAX_COMPLIANCE_DAYS } from '$lib/server/queries/daily-report-compliance';
import { gridDailyReports } from '$lib/server/queries/grid-daily-reports';
import { dayNumber } from '$lib/core/dates';
import { trendsQuery, type TrendsAnswer } from '$lib/api/analytics';
import type { RequestHandler } from './$types';
import { storedAnswer } from '$lib/server/stored-answer';

/**
 * GET /api/analytics/trends?series=petitions|hazards&area=&from=YYYY-MM&to=YYYY-MM, or
 * series=daily-reports with from/to days — monthly petition figures (new, accepted, closed,
 * backlog with backlog_end = backlog_start + new − closed, on-time and local-resolution rates;
 * case-handling roles only), hazards found / rectified / overdue, or daily-report compliance: the
 * area per day (`by=day`, default) or each grid's reported / missing days (`by=grid`, one
 * character per day: 1 reported, 0 missing, . not in force).
 */
export const GET: RequestHandler = (event) =>
  storedAnswer(event, async () => {
    const { url, locals } = event;
    const q = parseSearchParams(url, trendsQuery);
    if (q.series === 'petitions' && !can(locals.user!.role, 'petition:read')) {
      error(403, 'Petition trends count cases: only commanders and mediators may see them');
    }
    if (q.series === 'daily-reports') {
      if (q.from > q.to) error(400, 'Invalid query parameter "from": must not be after "to"');
      if (dayNumber(q.to) - dayNumber(q.from) >= MAX_COMPLIANCE_DAYS)
        error(400, `Invalid query parameter "to": at most ${MAX_COMPLIANCE_DAYS} days`);
    } else {
      try {
        monthRange(q.from, q.to);
      } catch (err) {
        error(400, `Invalid months: ${(err as Error).message}`);
      }
    }
    const result = await readShared(await getSql(), locals, url, async (tx) => {
      const area = await findArea(tx, q.area);
      if (!area) return null;
      const rows =
        q.series === 'petitions'
          ? await petitionTrends(tx, q.area, q.from, q.to)
          : q.series === 'hazards'
            ? await hazardTrends(tx, q.area, q.from, q.to)
            : q.by === 'grid'
              ? await gridDailyReports(tx, q.area, q.from, q.to)
              : await dailyReportCompliance(tx, q.area, q.from, q.to);
      return { area, rows };
    });
    if (!result) error(404, `No current area ${q.area} in your area`);
    return json({
      series: q.series,
      ...(q.series === 'daily-reports' ? { by: q.by } : {}),
      from: q.from,
      to: q.to,
      area: result.area,
      rows: result.rows
    } as TrendsAnswer);
  });
