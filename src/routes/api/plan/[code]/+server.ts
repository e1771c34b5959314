import { error, json } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { audit, auditInTransaction } from '$lib/server/audit';
import { parsePlanGeoJson, PlanInputError } from '$lib/geo/parse-plan-geojson';
import { findPlanParent, planChildren, planHistory, planRevision } from '$lib/server/queries/plan-children';
import { planWorkload } from '$lib/server/queries/plan-workload';
import { savePlan } from '$lib/server/queries/save-plan';
import { parsePlanCode, planErrorResponse, readCappedText, withPlanTx } from '$lib/server/plan-http';
import { WORKLOAD_THRESHOLDS } from '$lib/domain/plan-config';
import { planSaveBody, type PlanAnswer, type PlanRefusal, type PlanSaveResult } from '$lib/api/plan';
import { translator } from '$lib/i18n/messages';
import type { RequestHandler } from './$types';

/**
 * GET /api/plan/:code — a community's outline, its current grids (GeoJSON, 9 decimals so shared
 * edges stay identical), each grid's workload, the revision a save must start from and the history.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
  const t = translator(locals.locale);
  const code = parsePlanCode(params.code, t);
  const result = await withPlanTx(await getSql(), locals.sessionToken!, async (tx) => {
    const parent = await findPlanParent(tx, code);
    if (!parent) return null;
    const children = await planChildren(tx, parent.id);
    const total = children.features.reduce((s, f) => s + f.properties.households, 0);
    const workload = await planWorkload(
      tx,
      parent.id,
      children.features.map((f) => f.geometry),
      total
    );
    return {
      parent,
      children,
      workload,
      revision: await planRevision(tx, code),
      history: await planHistory(tx, code),
      thresholds: WORKLOAD_THRESHOLDS
    } satisfies PlanAnswer;
  });
  if (!result) error(404, t('plan.refused.not-found', { code }));
  return json(result);
};

/**
 * POST /api/plan/:code {baseRevision, children: FeatureCollection} — save the complete new set of
 * the community's grids as new versions. 412 when someone saved since baseRevision (with what
 * changed), 422 with the problems when validation fails, 200 with the before/after fact counts.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
  const t = translator(locals.locale);
  const code = parsePlanCode(params.code, t);
  const user = locals.user!;
  const sql = await getSql();
  try {
    const text = await readCappedText(request, t);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new PlanInputError('not-json', t('plan.input.not-json'));
    }
    const body = planSaveBody.safeParse(raw);
    if (!body.success) {
      const issue = body.error.issues[0]!;
      error(400, t('plan.refused.bad-body', { field: issue.path.length ? issue.path.join('.') : '—' }));
    }
    const features = parsePlanGeoJson(body.data.children, t);
    const result = await withPlanTx(sql, locals.sessionToken!, async (tx) => {
      const parent = await findPlanParent(tx, code);
      if (!parent) return null;
      const saved = await savePlan(tx, parent, body.data.baseRevision, features, user.username, t);
      if (saved.changed) {
        await auditInTransaction(tx, {
          user,
          action: 'POST /api/plan/[code]',
          objectType: 'area',
          objectId: code,
          areaCode: code,
          outcome: 'allowed',
          status: 200,
          detail: {
            revision: saved.revision,
            closed: saved.closed.map((c) => c.code).join(' '),
            added: saved.added.map((a) => a.code).join(' '),
            reassigned: saved.reassigned
          }
        });
      }
      return saved;
    });
    if (!result) error(404, t('plan.refused.not-found', { code }));
    return json(result satisfies PlanSaveResult);
  } catch (e) {
    const answer = planErrorResponse(e, t);
    if (!answer) throw e;
    const body = (await answer.clone().json()) as PlanRefusal;
    await audit(sql, {
      user,
      action: 'POST /api/plan/[code]',
      objectType: 'area',
      objectId: code,
      outcome: 'denied',
      status: answer.status,
      detail: { reason: body.reason }
    });
    return answer;
  }
};
