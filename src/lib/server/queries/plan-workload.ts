/**
 * Workload of a parent's draft (or current) child grids, from plan_draft_workload (migration 0006):
 * households apportioned by area, key enterprises by risk colour, open hazards, open petition cases
 * (the current grids' counts apportioned by area, never counted from the cases' points, so no
 * sequence of drafts can locate a case; null for a draft below the minimum grid area) and
 * enterprises due for inspection.
 */
import type { MultiPolygon } from 'geojson';
import type { Tx } from '../db/contexts';
import type { GridWorkload } from '../../api/plan';
import { PLAN_TOLERANCES } from '../../domain/plan-config';
import { apportionIntegers } from '../../domain/apportion-integers';

type Row = {
  households: number;
  enterprises_red: number;
  enterprises_orange: number;
  enterprises_yellow: number;
  enterprises_blue: number;
  open_hazards: number;
  open_cases: number | null;
  inspections_due: number;
};

/**
 * Workload per draft grid, in the order of `drafts`.
 * @param totalHouseholds households of the parent's current grids, kept exactly across the drafts
 */
export async function planWorkload(
  tx: Tx,
  parentId: number,
  drafts: MultiPolygon[],
  totalHouseholds: number
): Promise<GridWorkload[]> {
  if (drafts.length === 0) return [];
  const rows = await tx<Row[]>`
    select * from plan_draft_workload(${parentId},
      (select array_agg(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326) order by o) from unnest(${drafts.map((d) => JSON.stringify(d))}::text[]) with ordinality as t(g, o)),
      (now() at time zone 'Asia/Shanghai')::date, ${PLAN_TOLERANCES.minGridAreaM2})`;
  const weights = rows.map((r) => r.households);
  const covered = Math.min(totalHouseholds, Math.round(weights.reduce((s, w) => s + w, 0)));
  const households = apportionIntegers(weights, covered);
  // Cases: apportioned over the drafts that show a count, so the shown numbers add up.
  const shown = rows.map((r, i) => (r.open_cases === null ? -1 : i)).filter((i) => i >= 0);
  const caseWeights = shown.map((i) => rows[i]!.open_cases!);
  const cases = apportionIntegers(caseWeights, Math.round(caseWeights.reduce((s, w) => s + w, 0)));
  const casesOf = new Map(shown.map((i, k) => [i, cases[k]!]));
  return rows.map((r, i) => ({
    households: households[i]!,
    enterprises: {
      red: r.enterprises_red,
      orange: r.enterprises_orange,
      yellow: r.enterprises_yellow,
      blue: r.enterprises_blue
    },
    openHazards: r.open_hazards,
    openCases: casesOf.get(i) ?? null,
    inspectionsDue: r.inspections_due
  }));
}
