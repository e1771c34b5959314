import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { todayInChina } from '$lib/core/dates';
import { withCaller } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { findArea } from '$lib/server/queries/pyramid';
import { gridsMissingReport } from '$lib/server/queries/grid-daily-reports';
import { dailyReportsQuery, type DailyReportsAnswer } from '$lib/api/analytics';
import type { RequestHandler } from './$types';
import { storedAnswer } from '$lib/server/stored-answer';

/**
 * GET /api/analytics/daily-reports?area=&day=YYYY-MM-DD — the grids of the area, in force that day,
 * without a daily report (零报告) for it, with their codes and names: the command map's "grids that
 * did not report today" alert. `day` defaults to today, China Standard Time.
 */
export const GET: RequestHandler = (event) =>
  storedAnswer(event, async () => {
    const { url, locals } = event;
    const q = parseSearchParams(url, dailyReportsQuery);
    const today = todayInChina();
    const onDay = q.day ?? today;
    if (onDay > today)
      error(400, `Invalid query parameter "day": ${onDay} is in the future (today is ${today}, China Standard Time)`);
    const result = await withCaller(await getSql(), locals.sessionToken!, async (tx) => {
      const area = await findArea(tx, q.area);
      if (!area) return null;
      return { area, ...(await gridsMissingReport(tx, q.area, onDay)) };
    });
    if (!result) error(404, `No current area ${q.area} in your area`);
    return json({
      area: result.area,
      day: onDay,
      grids: result.grids,
      missing: result.missing
    } satisfies DailyReportsAnswer);
  });
