import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { parsePlanGeoJsonText } from '$lib/geo/parse-plan-geojson';
import { findPlanParent, planChildren } from '$lib/server/queries/plan-children';
import { planWorkload } from '$lib/server/queries/plan-workload';
import { validatePlan } from '$lib/server/queries/validate-plan';
import { planLabels } from '$lib/server/queries/save-plan';
import { parsePlanCode, planErrorResponse, readCappedText, withPlanTx } from '$lib/server/plan-http';
import type { PlanValidateAnswer } from '$lib/api/plan';
import { translator } from '$lib/i18n/messages';
import type { RequestHandler } from './$types';

/**
 * POST /api/plan/:code/validate (body: a FeatureCollection of the proposed grids) — the
 * authoritative check of a draft and its workload per grid; writes nothing. 200 with
 * {ok, problems, areasM2, workload}; 4xx with a reason when the GeoJSON itself is refused.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
  const t = translator(locals.locale);
  const code = parsePlanCode(params.code, t);
  try {
    const features = parsePlanGeoJsonText(await readCappedText(request, t), t);
    const result = await withPlanTx(await getSql(), locals.sessionToken!, async (tx) => {
      const parent = await findPlanParent(tx, code);
      if (!parent) return null;
      const geometries = features.map((f) => f.geometry);
      const validation = await validatePlan(tx, parent.id, geometries, {}, { t, labels: planLabels(t, features) });
      const current = await planChildren(tx, parent.id);
      const total = current.features.reduce((s, f) => s + f.properties.households, 0);
      const workload = validation.problems.some((p) => p.kind === 'invalid')
        ? null
        : await planWorkload(tx, parent.id, geometries, total);
      return { ...validation, workload } satisfies PlanValidateAnswer;
    });
    if (!result) error(404, t('plan.refused.not-found', { code }));
    return json(result);
  } catch (e) {
    const answer = planErrorResponse(e, t);
    if (answer) return answer;
    throw e;
  }
};
