import {
  FREE_HAZARD_SITE_CLASS,
  type InspectionSite,
  type OpenHazard,
  type RiskClass
} from '../../domain/rank-inspection-priorities';
import type { Tx } from '../db/contexts';
import type { HazardSitePlace } from '../../api/analytics';

/** Radius around a free hazard within which a placeless inspection or incident is "at" its site, metres. */
export const FREE_SITE_RADIUS_M = 50;

/**
 * The inputs of rankInspectionPriorities for the sites in an area's subtree (grids whose code
 * equals `code` or starts with `code` + '-'), as they stand at the end of day `asOf` (China
 * Standard Time). Sites are the key enterprises (id = the enterprise id) and the free hazard sites
 * (id = 'h' + hazard id): each open hazard not attached to an enterprise, with the risk class
 * `freeClass[level]`, its inspections and incidents being the placeless ones (no enterprise; safety
 * incidents only) within `radiusMetres` (default FREE_SITE_RADIUS_M; geodesic, ST_DWithin on geography).
 * For every site:
 * - open hazards: status open or rectifying and found on or before `asOf`, with whole days past the
 *   deadline (0 when not yet due);
 * - days since the last inspection on or before `asOf` (null when never inspected);
 * - incidents of any tier on the 365 days ending with `asOf`.
 * Enterprises first by id, then free hazard sites by hazard id. Needs a role that reads
 * enterprises, hazards, inspections and incidents.
 */
export async function inspectionSites(
  tx: Tx,
  code: string,
  asOf: string,
  freeClass: Record<OpenHazard['level'], RiskClass> = FREE_HAZARD_SITE_CLASS,
  radiusMetres = FREE_SITE_RADIUS_M
): Promise<InspectionSite[]> {
  // Bounding-box prefilter so the GiST index is used: one degree is at least 85 km in either
  // direction below latitude 40°, so radius / 50,000 m degrees holds the whole circle (≥ 1.7 ×);
  // the radius itself is then checked on the spheroid.
  const box = radiusMetres / 50_000;
  return tx<InspectionSite[]>`
    select * from (
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
    union all
    select
      'h' || h.id as id,
      'hazard_site' as kind,
      case h.level when 'major' then ${freeClass.major} else ${freeClass.general} end as "riskClass",
      json_build_array(json_build_object('level', h.level, 'daysOverdue', greatest(0, ${asOf}::date - h.deadline))) as "openHazards",
      ${asOf}::date - (
        select max((i.inspected_at at time zone 'Asia/Shanghai')::date) from inspection i
        where i.enterprise_id is null
          and i.geom && ST_Expand(h.geom, ${box}::float8)
          and ST_DWithin(i.geom::geography, h.geom::geography, ${radiusMetres}::float8)
          and i.inspected_at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai'
      ) as "daysSinceInspection",
      (select count(*)::int from incident x
        where x.enterprise_id is null and x.domain = 'safety'
          and x.geom && ST_Expand(h.geom, ${box}::float8)
          and ST_DWithin(x.geom::geography, h.geom::geography, ${radiusMetres}::float8)
          and x.occurred_at >= (${asOf}::date - 364)::timestamp at time zone 'Asia/Shanghai'
          and x.occurred_at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai') as "incidentsLastYear"
    from hazard h
    where h.enterprise_id is null and h.grid_id in (select id from grids)
      and h.status in ('open', 'rectifying') and h.found_on <= ${asOf}::date
    ) sites
    order by kind, ltrim(id, 'h')::bigint`;
}

/** Places of free hazard sites by their site id (`h` + hazard id), under the caller's row-level security. */
export async function hazardSitePlaces(tx: Tx, siteIds: readonly string[]): Promise<Record<string, HazardSitePlace>> {
  const ids = siteIds.filter((id) => /^h\d+$/.test(id)).map((id) => id.slice(1));
  if (ids.length === 0) return {};
  const rows = await tx<({ id: string; nearName: string | null; nearMetres: number | null } & HazardSitePlace)[]>`
    select 'h' || h.id as id, g.name as grid, c.name as community, h.description,
           n.name as "nearName", n.metres as "nearMetres"
    from hazard h
    join area g on g.id = h.grid_id
    left join area c on c.id = g.parent_id
    left join lateral (
      select e.name, round(ST_Distance(e.geom::geography, h.geom::geography))::int as metres
      from enterprise e
      where e.geom && ST_Expand(h.geom, 0.006) and ST_DWithin(e.geom::geography, h.geom::geography, 500)
      order by e.geom <-> h.geom
      limit 1
    ) n on true
    where h.id = any(${ids}::bigint[])`;
  return Object.fromEntries(
    rows.map((r) => [
      r.id,
      {
        grid: r.grid,
        community: r.community,
        near: r.nearName === null ? null : { name: r.nearName, metres: r.nearMetres! },
        description: r.description
      }
    ])
  );
}
