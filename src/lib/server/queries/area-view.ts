import type { FeatureCollection, MultiPolygon } from 'geojson';
import type { Tx } from '../db/contexts';
import type { AreaCrumb, ChildAreaProperties, AreaView } from '../../api/map';
export type { AreaCrumb, ChildAreaProperties, AreaView };

/**
 * The current area with this code, its visible ancestors and its children's outlines, or null when
 * the caller may not see it (row-level security hides areas outside the caller's subtree).
 */
export async function areaView(tx: Tx, code: string): Promise<AreaView | null> {
  const [area] = await tx<(AreaCrumb & { id: number; households: number; bbox: [number, number, number, number] })[]>`
    select id, code, name, level, households,
           json_build_array(round(ST_XMin(geom)::numeric, 6), round(ST_YMin(geom)::numeric, 6),
                            round(ST_XMax(geom)::numeric, 6), round(ST_YMax(geom)::numeric, 6)) as bbox
    from area where code = ${code} and valid_to is null`;
  if (!area) return null;
  // Ancestor codes are prefixes of the code: 370105-008-002 → 370105, 370105-008.
  const parts = code.split('-');
  const prefixes = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('-'));
  const path = prefixes.length
    ? await tx<AreaCrumb[]>`
        select code, name, level from area
        where code in ${tx(prefixes)} and valid_to is null
        order by length(code)`
    : [];
  const [row] = await tx<{ fc: FeatureCollection<MultiPolygon, ChildAreaProperties> }[]>`
    select json_build_object(
      'type', 'FeatureCollection',
      'features', coalesce(json_agg(json_build_object(
        'type', 'Feature',
        'id', a.id,
        'geometry', ST_AsGeoJSON(a.geom, 6)::json,
        'properties', json_build_object(
          'code', a.code, 'name', a.name, 'level', a.level, 'households', a.households,
          'label', json_build_array(round(ST_X(ST_PointOnSurface(a.geom))::numeric, 6),
                                    round(ST_Y(ST_PointOnSurface(a.geom))::numeric, 6)))
      ) order by a.code), '[]'::json)
    ) as fc
    from area a
    where a.valid_to is null
      and (case when ${area.level} = 'grid' then a.id = ${area.id} else a.parent_id = ${area.id} end)`;
  return { area, path, children: row!.fc };
}
