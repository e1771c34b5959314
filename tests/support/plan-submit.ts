/**
 * Submit a plan exactly as POST /api/plan/:code does (parse, transaction with a statement
 * timeout, save, refused proposals answered as JSON), without HTTP, so database tests run it on
 * both engines.
 */
import { translator } from '../../src/lib/i18n/messages';
import type { Sql } from '../../src/lib/server/db/connect';
import { parsePlanGeoJsonText } from '../../src/lib/geo/parse-plan-geojson';
import { findPlanParent } from '../../src/lib/server/queries/plan-children';
import { savePlan } from '../../src/lib/server/queries/save-plan';
import type { PlanSaveResult } from '../../src/lib/api/plan';
import { planErrorResponse, withPlanTx } from '../../src/lib/server/plan-http';

export type Submitted =
  | { ok: true; status: 200; result: PlanSaveResult }
  | {
      ok: false;
      status: number;
      body: {
        message: string;
        reason: string;
        problems?: { kind: string; features: number[]; areaM2: number }[];
        revision?: number;
        changes?: unknown[];
      };
    };

/** Save `text` (a FeatureCollection) as the children of `code`, starting from `baseRevision`. */
export async function submitPlan(
  sql: Sql,
  token: string,
  code: string,
  baseRevision: number,
  text: string
): Promise<Submitted> {
  try {
    const features = parsePlanGeoJsonText(text);
    const result = await withPlanTx(sql, token, async (tx) => {
      const parent = await findPlanParent(tx, code);
      if (!parent) throw new Error(`no parent ${code}`);
      return savePlan(tx, parent, baseRevision, features, 'planner_t');
    });
    return { ok: true, status: 200, result };
  } catch (e) {
    const answer = planErrorResponse(e, translator('en'));
    if (!answer) throw e;
    return { ok: false, status: answer.status, body: await answer.json() };
  }
}

/** A FeatureCollection text of grids with optional codes. */
export function planText(grids: { code?: string | null; geometry: unknown }[]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: grids.map((g) => ({ type: 'Feature', properties: g.code ? { code: g.code } : {}, geometry: g.geometry }))
  });
}
