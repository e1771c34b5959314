import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { readShared } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { can } from '$lib/server/access/permissions';
import { audit } from '$lib/server/audit';
import { findArea, safetyCounts, stabilityCounts } from '$lib/server/queries/pyramid';
import { computePyramid, growingBase } from '$lib/domain/compute-pyramid';
import { analyticsConfig } from '$lib/server/analytics-config';
import { pyramidQuery, type PyramidAnswer } from '$lib/api/analytics';
import type { RequestHandler } from './$types';
import { storedAnswer } from '$lib/server/stored-answer';

/**
 * GET /api/analytics/pyramid?area=&domain=safety|stability&from=&to=[&asOf=] — the Heinrich pyramid of an
 * area's subtree for days [from, to] (China Standard Time): tier counts, ratios, distance to each
 * reference, thin-base and (safety) growing-base flags. `domain` names a tier set of the analytics
 * configuration (config/analytics.json `pyramids`). Areas outside the caller's view are 404; a
 * stability tier set counts petition cases, so it needs a role that reads them. With `asOf`,
 * the area and its grids are the versions of that day and each event counts in the grid that
 * covered it then: statistics reproduce with past boundaries after a grid is redrawn.
 */
export const GET: RequestHandler = (event) =>
  storedAnswer(event, async () => {
    const { url, locals } = event;
    const q = parseSearchParams(url, pyramidQuery);
    const user = locals.user!;
    const sets = analyticsConfig().pyramids;
    const tierSet = Object.hasOwn(sets, q.domain) ? sets[q.domain]! : null;
    if (!tierSet)
      error(
        400,
        `Invalid query parameter "domain": unknown tier set "${q.domain}"; configured: ${Object.keys(sets).join(', ')}`
      );
    const sql = await getSql();
    if (tierSet.domain === 'stability' && !can(user.role, 'petition:read')) {
      await audit(sql, {
        user,
        action: 'GET /api/analytics/pyramid',
        objectType: 'area',
        objectId: q.area,
        outcome: 'denied',
        status: 403,
        detail: { domain: q.domain }
      });
      error(403, 'The stability pyramid counts petition cases: only commanders and mediators may see it');
    }
    const result = await readShared(sql, locals, url, async (tx) => {
      const area = await findArea(tx, q.area, q.asOf);
      if (!area) return null;
      if (tierSet.domain === 'safety') {
        const c = await safetyCounts(tx, q.area, q.window.from, q.window.to, q.asOf);
        const { overdue_now, overdue_before, ...tiers } = c;
        return { area, pyramid: computePyramid(tiers, tierSet), growingBase: growingBase(overdue_now, overdue_before) };
      }
      const c = await stabilityCounts(tx, q.area, q.window.from, q.window.to, q.asOf);
      return { area, pyramid: computePyramid({ ...c }, tierSet), growingBase: null };
    });
    if (!result)
      error(404, q.asOf ? `No area ${q.area} on ${q.asOf} in your area` : `No current area ${q.area} in your area`);
    // The nearest reference's expected counts, so a chart can draw it beside the observed pyramid.
    const nearestExpected = tierSet.references.find((r) => r.id === result.pyramid.nearest)?.expected ?? null;
    return json({
      from: q.from,
      to: q.to,
      domain: q.domain,
      asOf: q.asOf ?? null,
      ...result,
      nearestExpected
    } satisfies PyramidAnswer);
  });
