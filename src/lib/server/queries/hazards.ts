/**
 * One hazard of the caller's area, read and moved along its statuses (row-level security hides
 * the others).
 */
import type { HazardRecord } from '../../api/hazards';
import type { HazardStatus } from '../../domain/allowed-hazard-statuses';
import type { HazardStatusChange } from '../../domain/decide-hazard-status';
import type { Tx } from '../db/contexts';

/** The hazard with this id in the caller's view, or undefined. */
export async function findHazard(tx: Tx, id: number): Promise<HazardRecord | undefined> {
  const [row] = await tx<HazardRecord[]>`
    select h.id, h.level, h.status, h.source, h.found_on::text, h.deadline::text, h.rectified_on::text,
           h.verified_on::text, h.rectification_note, h.enterprise_id, g.code as grid_code,
           round(ST_X(h.geom)::numeric, 6)::float8 as lon, round(ST_Y(h.geom)::numeric, 6)::float8 as lat
    from hazard h join area g on g.id = h.grid_id
    where h.id = ${id}`;
  return row;
}

/**
 * Apply `change` only when the hazard still has status `from`: a change committed in between (or
 * a row the caller may see but not change, which row-level security answers with "UPDATE 0")
 * updates nothing. `note` replaces the stored note when given. Whether a row was updated.
 */
export async function updateHazardStatus(
  tx: Tx,
  id: number,
  from: HazardStatus,
  change: HazardStatusChange,
  note: string | null
): Promise<boolean> {
  const updated = await tx`
    update hazard set status = ${change.status}, rectified_on = ${change.rectifiedOn}::date, verified_on = ${change.verifiedOn}::date,
      rectification_note = coalesce(${note}, rectification_note)
    where id = ${id} and status = ${from}
    returning id`;
  return updated.count > 0;
}
