import type { FeatureCollection, MultiPolygon } from 'geojson';
import { INDUSTRIES, RISK_CLASSES } from '../../core/vocabulary';
import type { Tx } from '../db/contexts';
import { interleave } from './columns';
import type { EnterpriseColumns, GridProperties, OutlineProperties } from '../../api/map';
export type { EnterpriseColumns, GridProperties, OutlineProperties };

/**
 * Grid cells as GeoJSON (6 decimals ≈ 0.1 m), aggregated in PostGIS: the current ones, or the
 * versions valid on a past day.
 * @param withinAreaId limit to the grids under this area (any level); undefined for all
 * @param asOf YYYY-MM-DD: the boundaries of that day (valid_from ≤ day < valid_to)
 */
export async function gridsGeoJson(
  sql: Tx,
  withinAreaId?: number,
  asOf?: string
): Promise<FeatureCollection<MultiPolygon, GridProperties>> {
  const valid = (t: string) =>
    asOf === undefined
      ? sql`${sql(t)}.valid_to is null`
      : sql`${sql(t)}.valid_from <= ${asOf}::date and (${sql(t)}.valid_to is null or ${sql(t)}.valid_to > ${asOf}::date)`;
  const [row] = await sql<{ fc: FeatureCollection<MultiPolygon, GridProperties> }[]>`
    with recursive scope as (
      select id from area r where ${withinAreaId === undefined ? sql`parent_id is null` : sql`id = ${withinAreaId}`} and ${valid('r')}
      union all
      select a.id from area a join scope s on a.parent_id = s.id where ${valid('a')}
    )
    select json_build_object(
      'type', 'FeatureCollection',
      'features', coalesce(json_agg(json_build_object(
        'type', 'Feature',
        'id', a.id,
        'geometry', ST_AsGeoJSON(a.geom, 6)::json,
        'properties', json_build_object('id', a.id, 'code', a.code, 'name', a.name, 'households', a.households)
      ) order by a.id), '[]'::json)
    ) as fc
    from area a join scope s on s.id = a.id
    where a.level = 'grid'`;
  return row!.fc;
}

/** The order of the enterprise columns' risk and industry indices (core's vocabulary). */
export { INDUSTRIES, RISK_CLASSES };

/** All key enterprises as columns, ordered by id. */
export async function enterpriseColumns(sql: Tx): Promise<EnterpriseColumns> {
  const [row] = await sql<
    { ids: number[]; xs: number[]; ys: number[]; risk: string[]; industry: string[]; names: string[] }[]
  >`
    select coalesce(array_agg(id order by id), '{}') as ids,
           coalesce(array_agg(round(ST_X(geom)::numeric, 6)::float8 order by id), '{}') as xs,
           coalesce(array_agg(round(ST_Y(geom)::numeric, 6)::float8 order by id), '{}') as ys,
           coalesce(array_agg(risk_class order by id), '{}') as risk,
           coalesce(array_agg(industry order by id), '{}') as industry,
           coalesce(array_agg(name order by id), '{}') as names
    from enterprise`;
  const r = row!;
  return {
    count: r.ids.length,
    ids: r.ids.map(Number),
    positions: interleave(r.xs, r.ys),
    riskClass: r.risk.map((c) => RISK_CLASSES.indexOf(c as (typeof RISK_CLASSES)[number])),
    industry: r.industry.map((c) => INDUSTRIES.indexOf(c as (typeof INDUSTRIES)[number])),
    names: r.names
  };
}

/** The district and sub-district outlines, with label points, as GeoJSON. */
export async function outlinesGeoJson(sql: Tx): Promise<FeatureCollection<MultiPolygon, OutlineProperties>> {
  const [row] = await sql<{ fc: FeatureCollection<MultiPolygon, OutlineProperties> }[]>`
    select json_build_object(
      'type', 'FeatureCollection',
      'features', coalesce(json_agg(json_build_object(
        'type', 'Feature',
        'id', id,
        'geometry', ST_AsGeoJSON(geom, 6)::json,
        'properties', json_build_object(
          'id', id, 'level', level, 'name', name,
          'label', json_build_array(round(ST_X(ST_PointOnSurface(geom))::numeric, 6), round(ST_Y(ST_PointOnSurface(geom))::numeric, 6)))
      ) order by id), '[]'::json)
    ) as fc
    from area
    where level in ('district', 'subdistrict') and valid_to is null`;
  return row!.fc;
}

/**
 * Whether an area with this id is in the caller's view: a current one, or one valid on `asOf`
 * (YYYY-MM-DD). Row-level security hides areas outside the caller's scope.
 */
export async function areaVisible(tx: Tx, id: number, asOf?: string): Promise<boolean> {
  const [found] = await tx`select 1 from area where id = ${id} and ${
    asOf === undefined
      ? tx`valid_to is null`
      : tx`valid_from <= ${asOf}::date and (valid_to is null or valid_to > ${asOf}::date)`
  }`;
  return found !== undefined;
}
