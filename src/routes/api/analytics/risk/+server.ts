import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { readShared } from '$lib/server/db/shared-read';
import { parseSearchParams } from '$lib/server/http';
import { can } from '$lib/server/access/permissions';
import { findArea } from '$lib/server/queries/pyramid';
import { riskInputs, sensitiveMultiplier } from '$lib/server/queries/risk-inputs';
import { computeRiskScores } from '$lib/domain/compute-risk-scores';
import { analyticsConfig } from '$lib/server/analytics-config';
import { riskQuery, type RiskAnswer } from '$lib/api/analytics';
import type { RequestHandler } from './$types';
import { storedAnswer } from '$lib/server/stored-answer';

/**
 * GET /api/analytics/risk?area=&from=&to= — explainable risk scores of the area's children for days
 * [from, to] (China Standard Time), highest first, each with its parts. Petition pressure is included
 * for roles that read petition cases and marked unavailable otherwise.
 */
export const GET: RequestHandler = (event) =>
  storedAnswer(event, async () => {
    const { url, locals } = event;
    const q = parseSearchParams(url, riskQuery);
    const withPetitions = can(locals.user!.role, 'petition:read');
    const { risk, sensitivePeriod } = analyticsConfig();
    const result = await readShared(await getSql(), locals, url, async (tx) => {
      const area = await findArea(tx, q.area);
      if (!area) return null;
      const inputs = await riskInputs(tx, q.area, q.window.from, q.window.to, withPetitions, risk.overdueCapDays);
      const sensitive = await sensitiveMultiplier(tx, q.to, sensitivePeriod);
      return { area, inputs, sensitive };
    });
    if (!result) error(404, `No current area ${q.area} in your area`);
    const scores = computeRiskScores(result.inputs, {
      multiplier: result.sensitive.multiplier,
      weights: risk.weights
    }).sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
    return json({
      area: result.area,
      from: q.from,
      to: q.to,
      sensitivePeriods: result.sensitive.periods,
      multiplier: result.sensitive.multiplier,
      weights: risk.weights,
      overdueCapDays: risk.overdueCapDays,
      scores
    } satisfies RiskAnswer);
  });
