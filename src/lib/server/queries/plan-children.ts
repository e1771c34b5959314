/**
 * A parent area's current child grids for the planner, with the revision a save must start from.
 */
import type { Tx } from '../db/contexts';
import type { PlanChildren, PlanParent, PlanRevisionEntry } from '../../api/plan';
import { AREA_PRECISION } from '../../domain/plan-config';

/** The current community with this code in the caller's view, with its outline; null otherwise. */
export async function findPlanParent(tx: Tx, code: string): Promise<PlanParent | null> {
  const [row] = await tx<PlanParent[]>`
    select id::int, code, name, level, ST_AsGeoJSON(ST_ForcePolygonCCW(geom), ${AREA_PRECISION.decimals}::int)::json as geometry
    from area where code = ${code} and valid_to is null and level = 'community'`;
  return row ?? null;
}

/**
 * Current child grids (outer rings counter-clockwise, RFC 7946) as GeoJSON.
 * @param digits decimals of the coordinates; the default (7) writes the stored vertices exactly, so
 *   shared edges stay identical and an exported file imported again is unchanged
 */
export async function planChildren(
  tx: Tx,
  parentId: number,
  digits: number = AREA_PRECISION.decimals
): Promise<PlanChildren> {
  const [row] = await tx<{ fc: PlanChildren }[]>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature',
      'id', id,
      'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(geom), ${digits}::int)::json,
      'properties', json_build_object('id', id, 'code', code, 'name', name, 'households', households,
                                      'validFrom', valid_from::text)
    ) order by code), '[]'::json)) as fc
    from area where parent_id = ${parentId} and valid_to is null and level = 'grid'`;
  return row!.fc;
}

/** The latest revision of a parent's children (0 before the first save). */
export async function planRevision(tx: Tx, parentCode: string): Promise<number> {
  const [row] = await tx<
    { r: number }[]
  >`select coalesce(max(revision), 0)::int as r from plan_revision where parent_code = ${parentCode}`;
  return row!.r;
}

/** Saves of a parent's children after `sinceRevision`, oldest first. */
export async function planHistory(tx: Tx, parentCode: string, sinceRevision = 0): Promise<PlanRevisionEntry[]> {
  return tx<PlanRevisionEntry[]>`
    select revision, saved_at::text as "savedAt", saved_on::text as "savedOn", username,
           closed_codes as "closedCodes", added_codes as "addedCodes"
    from plan_revision where parent_code = ${parentCode} and revision > ${sinceRevision}
    order by revision`;
}

/** A community the planner may pick, with the name of its sub-district. */
export interface PlannableCommunity {
  code: string;
  name: string;
  subdistrict: string;
}

/** The current communities in the caller's view, by code. */
export async function plannableCommunities(tx: Tx): Promise<PlannableCommunity[]> {
  return tx<PlannableCommunity[]>`
    select c.code, c.name, s.name as subdistrict
    from area c join area s on s.id = c.parent_id
    where c.level = 'community' and c.valid_to is null
    order by c.code`;
}
