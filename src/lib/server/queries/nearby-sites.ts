/**
 * Sites near a position, for the inspector's page: key enterprises and free hazard sites (open or
 * rectifying hazards not at an enterprise), with the inputs of the inspection priority score.
 *
 * Each kind is found by a KNN scan (`ORDER BY geom::geography <-> point LIMIT n`, the point a bound
 * parameter) on the GiST expression indexes of migration 0005; an ORDER BY is not a qual, so
 * row-level security (the caller's area) filters the rows the scan returns without keeping it off
 * the index. Distances are then taken on the WGS 84 ellipsoid (ST_Distance(geography, geography,
 * true)) and the radius and filters apply to them.
 * https://postgis.net/docs/geometry_distance_knn.html · https://postgis.net/docs/ST_Distance.html
 */
import { FREE_HAZARD_SITE_CLASS, type InspectionSite, type RiskClass } from '../../domain/rank-inspection-priorities';
import type { HazardLevel } from '../../core/vocabulary';
import type { Tx } from '../db/contexts';
import type { NearbyHazard } from '../../api/inspect';
import { FREE_SITE_RADIUS_M } from './inspection-sites';

/** How many nearest sites of each kind the KNN scan hands on to the radius and filters. */
export const KNN_CANDIDATES = 500;

/** Filters of the nearby list; every one optional. */
export interface NearbyFilters {
  /** Only sites with an open hazard of this level. */
  hazardLevel?: HazardLevel;
  /** Only sites with an open hazard past its deadline. */
  overdue?: boolean;
  /** Only enterprises of these industries (free hazard sites have none and drop out). */
  industries?: readonly string[];
  /** Only sites of these risk classes (free hazard sites: FREE_HAZARD_SITE_CLASS by level). */
  riskClasses?: readonly RiskClass[];
}

/** One site near the position, with the inputs of its priority score. */
export interface NearbySiteRow extends InspectionSite {
  /** Enterprise id or hazard id (by `kind`). */
  refId: number;
  name: string | null;
  industry: string | null;
  lon: number;
  lat: number;
  /** Metres on the WGS 84 ellipsoid from the position. */
  distanceM: number;
  hazards: NearbyHazard[];
}

/** What the search found. */
export interface NearbySearch {
  sites: NearbySiteRow[];
  /**
   * True when every one of a kind's KNN_CANDIDATES nearest sites lies inside the radius: sites
   * farther out in the radius may be missing.
   */
  truncated: boolean;
}

/**
 * Enterprises and free hazard sites within `radiusM` metres (ellipsoidal) of (lon, lat), nearest
 * first, in the caller's area (row-level security), with their open hazards, days since the last
 * inspection on or before `asOf` and incidents in the 365 days ending with `asOf` (China Standard
 * Time). Free hazard sites are scored as the analytics engine scores them (inspection-sites.ts):
 * class FREE_HAZARD_SITE_CLASS by the hazard's level, inspections and safety incidents without an
 * enterprise within FREE_SITE_RADIUS_M metres.
 * @param position longitude and latitude in degrees (WGS 84)
 * @param radiusM search radius in metres
 * @param asOf planning day, YYYY-MM-DD
 */
export async function nearbySites(
  tx: Tx,
  position: { lon: number; lat: number },
  radiusM: number,
  asOf: string,
  filters: NearbyFilters = {}
): Promise<NearbySearch> {
  const level = filters.hazardLevel ?? null;
  const overdue = filters.overdue ?? false;
  // The estimated cost of the per-site subqueries passes jit_above_cost on a server, and compiling
  // the plan (about 20 ms here) costs more than it saves on at most 2 × KNN_CANDIDATES rows.
  await tx`select set_config('jit', 'off', true)`;
  const rows = await nearbyQuery<NearbySiteRow & { truncated: boolean }>(tx, position, radiusM, asOf, filters, false);
  let truncated = false;
  const sites: NearbySiteRow[] = [];
  for (const r of rows) {
    if (r.truncated) truncated = true;
    const hazards = r.hazards;
    if (level && !hazards.some((h) => h.level === level)) continue;
    if (overdue && !hazards.some((h) => h.daysOverdue > 0)) continue;
    const { truncated: _t, ...site } = r;
    sites.push({ ...site, openHazards: hazards.map((h) => ({ level: h.level, daysOverdue: h.daysOverdue })) });
  }
  return { sites, truncated };
}

/**
 * The plan PostgreSQL chooses for nearbySites (EXPLAIN, JSON format): the same statement, so a
 * test can check that the KNN scans use the GiST indexes.
 */
export async function explainNearbySites(
  tx: Tx,
  position: { lon: number; lat: number },
  radiusM: number,
  asOf: string,
  filters: NearbyFilters = {}
): Promise<unknown> {
  const [row] = await nearbyQuery<{ 'QUERY PLAN': unknown }>(tx, position, radiusM, asOf, filters, true);
  return row!['QUERY PLAN'];
}

function nearbyQuery<R extends object>(
  tx: Tx,
  { lon, lat }: { lon: number; lat: number },
  radiusM: number,
  asOf: string,
  filters: NearbyFilters,
  explain: boolean
): Promise<R[]> {
  const industries = filters.industries?.length ? [...filters.industries] : null;
  const classes = filters.riskClasses?.length ? [...filters.riskClasses] : null;
  return tx<R[]>`${explain ? tx`explain (format json)` : tx``}
    with ent as (
      select id, name, industry, risk_class, geom from enterprise
      order by geom::geography <-> ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)::geography
      limit ${KNN_CANDIDATES}
    ), free as (
      select id, level, geom from hazard
      where enterprise_id is null and status in ('open', 'rectifying')
      order by geom::geography <-> ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)::geography
      limit ${KNN_CANDIDATES}
    ), candidates as (
      select 'enterprise' as kind, id as ref_id, name, industry, risk_class, geom from ent
      union all
      select 'hazard_site', id, null, null,
             case level when 'major' then ${FREE_HAZARD_SITE_CLASS.major} else ${FREE_HAZARD_SITE_CLASS.general} end, geom
      from free
    ), measured as (
      select c.*, ST_Distance(c.geom::geography, ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)::geography, true) as distance_m
      from candidates c
    ), counted as (
      select m.*, count(*) filter (where m.distance_m <= ${radiusM}) over (partition by m.kind) as inside
      from measured m
    )
    select
      m.kind || '-' || m.ref_id as id, m.kind, m.ref_id as "refId", m.name, m.industry, m.risk_class as "riskClass",
      round(ST_X(m.geom)::numeric, 6)::float8 as lon, round(ST_Y(m.geom)::numeric, 6)::float8 as lat,
      m.distance_m as "distanceM",
      m.inside = ${KNN_CANDIDATES} as truncated,
      coalesce(case when m.kind = 'enterprise' then (
        select json_agg(json_build_object('id', h.id, 'level', h.level, 'status', h.status, 'deadline', h.deadline::text,
                                          'daysOverdue', greatest(0, ${asOf}::date - h.deadline)) order by h.level desc, h.deadline, h.id)
        from hazard h
        where h.enterprise_id = m.ref_id and h.status in ('open', 'rectifying') and h.found_on <= ${asOf}::date
      ) else (
        select json_agg(json_build_object('id', h.id, 'level', h.level, 'status', h.status, 'deadline', h.deadline::text,
                                          'daysOverdue', greatest(0, ${asOf}::date - h.deadline)))
        from hazard h
        where h.id = m.ref_id and h.status in ('open', 'rectifying') and h.found_on <= ${asOf}::date
      ) end, '[]'::json) as hazards,
      ${asOf}::date - case when m.kind = 'enterprise' then (
        select max((i.inspected_at at time zone 'Asia/Shanghai')::date) from inspection i
        where i.enterprise_id = m.ref_id and i.inspected_at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai'
      ) else (
        select max((i.inspected_at at time zone 'Asia/Shanghai')::date) from inspection i
        where i.enterprise_id is null
          and i.geom && ST_Expand(m.geom, 0.002::float8)
          and ST_DWithin(i.geom::geography, m.geom::geography, ${FREE_SITE_RADIUS_M}::float8)
          and i.inspected_at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai'
      ) end as "daysSinceInspection",
      case when m.kind = 'enterprise' then (
        select count(*)::int from incident x
        where x.enterprise_id = m.ref_id
          and x.occurred_at >= (${asOf}::date - 364)::timestamp at time zone 'Asia/Shanghai'
          and x.occurred_at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai')
      else (
        select count(*)::int from incident x
        where x.enterprise_id is null and x.domain = 'safety'
          and x.geom && ST_Expand(m.geom, 0.002::float8)
          and ST_DWithin(x.geom::geography, m.geom::geography, ${FREE_SITE_RADIUS_M}::float8)
          and x.occurred_at >= (${asOf}::date - 364)::timestamp at time zone 'Asia/Shanghai'
          and x.occurred_at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai')
      end as "incidentsLastYear"
    from counted m
    where m.distance_m <= ${radiusM}
      and (${industries}::text[] is null or m.industry = any(${industries}::text[]))
      and (${classes}::text[] is null or m.risk_class = any(${classes}::text[]))
    order by m.distance_m, m.kind, m.ref_id`;
}
