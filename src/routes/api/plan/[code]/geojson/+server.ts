import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { audit, auditInTransaction } from '$lib/server/audit';
import { parseSearchParams } from '$lib/server/http';
import { parsePlanGeoJsonText } from '$lib/geo/parse-plan-geojson';
import { findPlanParent, planChildren } from '$lib/server/queries/plan-children';
import { validatePlan } from '$lib/server/queries/validate-plan';
import { planLabels, savePlan, PlanRejected } from '$lib/server/queries/save-plan';
import { parsePlanCode, planErrorResponse, readCappedText, withPlanTx } from '$lib/server/plan-http';
import { planImportQuery, type PlanChildren, type PlanImportAnswer, type PlanRefusal } from '$lib/api/plan';
import { translator } from '$lib/i18n/messages';
import type { RequestHandler } from './$types';

/**
 * GET /api/plan/:code/geojson — the community's current grids as an RFC 7946 file: outer rings
 * counter-clockwise, 7 decimals (the stored precision, ≈ 1 cm: docs/topology.md), properties code,
 * name, households, validFrom.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
  const t = translator(locals.locale);
  const code = parsePlanCode(params.code, t);
  const fc = await withPlanTx(await getSql(), locals.sessionToken!, async (tx) => {
    const parent = await findPlanParent(tx, code);
    return parent ? planChildren(tx, parent.id) : null;
  });
  if (!fc) error(404, t('plan.refused.not-found', { code }));
  return json(fc satisfies PlanChildren, {
    headers: {
      'content-type': 'application/geo+json',
      'content-disposition': `attachment; filename="grids-${code}.geojson"`
    }
  });
};

/**
 * POST /api/plan/:code/geojson?dryRun=true|false&baseRevision=N (body: the GeoJSON file) — import
 * a FeatureCollection as the community's complete set of grids. A dry run (the default) validates
 * and writes nothing; 422 with the problems when the plan is refused, 4xx with a reason when the
 * file itself is.
 */
export const POST: RequestHandler = async ({ params, request, url, locals }) => {
  const t = translator(locals.locale);
  const code = parsePlanCode(params.code, t);
  const q = parseSearchParams(url, planImportQuery);
  const user = locals.user!;
  const sql = await getSql();
  try {
    const features = parsePlanGeoJsonText(await readCappedText(request, t), t);
    const result = await withPlanTx(sql, locals.sessionToken!, async (tx) => {
      const parent = await findPlanParent(tx, code);
      if (!parent) return null;
      if (q.dryRun === 'true') {
        const validation = await validatePlan(
          tx,
          parent.id,
          features.map((f) => f.geometry),
          {},
          { t, labels: planLabels(t, features) }
        );
        if (!validation.ok) throw new PlanRejected(validation.problems[0]!.message, validation);
        return {
          dryRun: true,
          ok: true,
          features: features.length,
          areasM2: validation.areasM2
        } satisfies PlanImportAnswer;
      }
      const saved = await savePlan(tx, parent, q.baseRevision!, features, user.username, t);
      if (saved.changed) {
        await auditInTransaction(tx, {
          user,
          action: 'POST /api/plan/[code]/geojson',
          objectType: 'area',
          objectId: code,
          areaCode: code,
          outcome: 'allowed',
          status: 200,
          detail: {
            revision: saved.revision,
            closed: saved.closed.map((c) => c.code).join(' '),
            added: saved.added.map((a) => a.code).join(' ')
          }
        });
      }
      return { dryRun: false, ...saved } satisfies PlanImportAnswer;
    });
    if (!result) error(404, t('plan.refused.not-found', { code }));
    return json(result);
  } catch (e) {
    const answer = planErrorResponse(e, t);
    if (!answer) throw e;
    if (q.dryRun === 'false') {
      const body = (await answer.clone().json()) as PlanRefusal;
      await audit(sql, {
        user,
        action: 'POST /api/plan/[code]/geojson',
        objectType: 'area',
        objectId: code,
        outcome: 'denied',
        status: answer.status,
        detail: { reason: body.reason }
      });
    }
    return answer;
  }
};
