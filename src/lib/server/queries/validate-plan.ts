/**
 * The authoritative check of a parent's proposed child grids, in PostGIS: each grid valid
 * (ST_IsValidReason, https://postgis.net/docs/ST_IsValidReason.html), inside the parent, no
 * overlap between siblings and no gap (the children's union equals the parent) above a tolerance
 * in m², and each grid's area within bounds. Problems come back as geometries so the page can draw
 * them (gaps red, overlaps orange, invalid points marked).
 *
 * Overlays use the three-argument forms with a gridSize (1e-9°, ≈ 0.1 mm): on the embedded engine a
 * GEOS TopologyException can otherwise return empty and desync the socket. Overlays run only when
 * every grid is valid; inputs reach here only through parsePlanGeoJson (finite, closed, capped).
 */
import type { Geometry, MultiPolygon, Position } from 'geojson';
import type { Tx } from '../db/contexts';
import type { PlanProblem, PlanValidation } from '../../api/plan';
import { PLAN_TOLERANCES, type PlanTolerances, type ProblemKind } from '../../domain/plan-config';

type Row = {
  kind: ProblemKind;
  features: number[];
  area_m2: number;
  at: Position;
  detail: string | null;
  geometry: Geometry;
};

/**
 * Validate proposed children of `parentId` (the caller must see the parent).
 * @param geometries the children in submission order
 * @param tolerances overrides for tests and benchmarks
 */
export async function validatePlan(
  tx: Tx,
  parentId: number,
  geometries: MultiPolygon[],
  tolerances: Partial<PlanTolerances> = {}
): Promise<PlanValidation> {
  const tol = { ...PLAN_TOLERANCES, ...tolerances };
  const texts = geometries.map((g) => JSON.stringify(g));
  await tx`create temporary table if not exists plan_input (ord int primary key, geom geometry) on commit drop`;
  await tx`truncate plan_input`;
  await tx`
    insert into plan_input (ord, geom)
    select t.ord::int - 1, ST_SetSRID(ST_GeomFromGeoJSON(t.g), 4326)
    from unnest(${texts}::text[]) with ordinality as t(g, ord)`;

  const invalid = await tx<Row[]>`
    select 'invalid' as kind, array[ord] as features, 0::float8 as area_m2,
           json_build_array(round(ST_X(d.location)::numeric, 7), round(ST_Y(d.location)::numeric, 7)) as at,
           d.reason as detail, ST_AsGeoJSON(d.location, 7)::json as geometry
    from plan_input, ST_IsValidDetail(geom) as d
    where not d.valid
    order by ord`;
  if (invalid.length > 0) {
    return {
      ok: false,
      problems: invalid.map((r) => ({
        ...toProblem(r),
        message: `grid ${r.features[0]! + 1} is not a valid polygon: ${r.detail}`
      })),
      areasM2: geometries.map(() => null)
    };
  }

  const areas = await tx<{ m2: number }[]>`select ST_Area(geom::geography)::float8 as m2 from plan_input order by ord`;
  const rows = await tx<Row[]>`
    with p as (select geom from area where id = ${parentId}),
    outside as (
      select 'outside' as kind, array[i.ord] as features, part.geom
      from plan_input i, p, ST_Dump(ST_CollectionExtract(ST_Difference(i.geom, p.geom, 1e-9::float8), 3)) as part
    ),
    overlap as (
      select 'overlap' as kind, array[a.ord, b.ord] as features, part.geom
      from plan_input a join plan_input b on a.ord < b.ord and a.geom && b.geom,
           ST_Dump(ST_CollectionExtract(ST_Intersection(a.geom, b.geom, 1e-9::float8), 3)) as part
    ),
    gap as (
      select 'gap' as kind, array[]::int[] as features, part.geom
      from p, ST_Dump(ST_CollectionExtract(ST_Difference(p.geom,
             (select ST_Union(geom, 1e-9::float8) from plan_input), 1e-9::float8), 3)) as part
    ),
    pieces as (select * from outside union all select * from overlap union all select * from gap)
    select kind, features, ST_Area(geom::geography)::float8 as area_m2,
           json_build_array(round(ST_X(ST_PointOnSurface(geom))::numeric, 7), round(ST_Y(ST_PointOnSurface(geom))::numeric, 7)) as at,
           null as detail, ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 7)::json as geometry
    from pieces
    where ST_Area(geom::geography) > ${tol.areaM2}
    order by kind, features, area_m2 desc`;

  const problems = rows.map((r) => {
    const m2 = r.area_m2.toFixed(1);
    const grids = r.features.map((f) => f + 1).join(' and ');
    const message =
      r.kind === 'gap'
        ? `a gap of ${m2} m² is covered by no grid`
        : r.kind === 'overlap'
          ? `grids ${grids} overlap by ${m2} m²`
          : `grid ${grids} reaches ${m2} m² outside the parent`;
    return { ...toProblem(r), message };
  });
  areas.forEach(({ m2 }, i) => {
    if (m2 >= tol.minGridAreaM2 && m2 <= tol.maxGridAreaM2) return;
    const small = m2 < tol.minGridAreaM2;
    const g = geometries[i]!;
    problems.push({
      kind: small ? 'too-small' : 'too-large',
      features: [i],
      areaM2: m2,
      at: g.coordinates[0]![0]![0]!,
      message: `grid ${i + 1} covers ${m2.toFixed(0)} m²; a grid must cover ${small ? 'at least ' + tol.minGridAreaM2 : 'at most ' + tol.maxGridAreaM2} m²`,
      geometry: g
    });
  });
  return { ok: problems.length === 0, problems, areasM2: areas.map((a) => a.m2) };
}

function toProblem(r: Row): Omit<PlanProblem, 'message'> {
  return {
    kind: r.kind,
    features: r.features.map(Number),
    areaM2: r.area_m2,
    at: r.at.map(Number),
    geometry: r.geometry
  };
}
