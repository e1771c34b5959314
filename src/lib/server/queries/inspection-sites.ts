import type { InspectionSite } from '../../domain/rank-inspection-priorities';
import type { Tx } from '../db/contexts';

/**
 * The inputs of rankInspectionPriorities for the key enterprises in an area's subtree (grids whose
 * code equals `code` or starts with `code` + '-'), as they stand at the end of day `asOf` (China
 * Standard Time):
 * - open hazards: status open or rectifying and found on or before `asOf`, with whole days past the
 *   deadline (0 when not yet due);
 * - days since the last inspection on or before `asOf` (null when never inspected);
 * - incidents of any tier on the 365 days ending with `asOf`.
 * Ordered by enterprise id. Needs a role that reads enterprises, hazards, inspections and incidents.
 */
export async function inspectionSites(tx: Tx, code: string, asOf: string): Promise<InspectionSite[]> {
  return tx<InspectionSite[]>`
    with grids as (
      select id from area where level = 'grid' and valid_to is null and (code = ${code} or code like ${code + '-%'})
    )
    select
      e.id::text as id,
      'enterprise' as kind,
      e.risk_class as "riskClass",
      coalesce((
        select json_agg(json_build_object('level', h.level, 'daysOverdue', greatest(0, ${asOf}::date - h.deadline))
                        order by h.level desc, h.deadline, h.id)
        from hazard h
        where h.enterprise_id = e.id and h.status in ('open', 'rectifying') and h.found_on <= ${asOf}::date
      ), '[]'::json) as "openHazards",
      ${asOf}::date - (
        select max((i.inspected_at at time zone 'Asia/Shanghai')::date) from inspection i
        where i.enterprise_id = e.id
          and i.inspected_at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai'
      ) as "daysSinceInspection",
      (select count(*)::int from incident x
        where x.enterprise_id = e.id
          and x.occurred_at >= (${asOf}::date - 364)::timestamp at time zone 'Asia/Shanghai'
          and x.occurred_at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai') as "incidentsLastYear"
    from enterprise e
    where e.grid_id in (select id from grids)
    order by e.id`;
}
