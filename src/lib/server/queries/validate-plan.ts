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
import { translator, type MessageKey, type Translate } from '../../i18n/messages';

type Row = {
  kind: ProblemKind;
  features: number[];
  area_m2: number;
  at: Position;
  detail: string | null;
  geometry: Geometry;
};

/** How problems are worded: the user's language and the labels the user sees for the grids. */
export interface PlanWords {
  t: Translate;
  /** Label of each submitted grid, in submission order (its name, or "grid n"). */
  labels: string[];
}

/** GEOS's reasons for an invalid polygon (ST_IsValidDetail), as message keys. */
const INVALID_REASONS: [RegExp, MessageKey][] = [
  [/^ring self-intersection/i, 'plan.invalidReason.ring-self-intersection'],
  [/self-intersection/i, 'plan.invalidReason.self-intersection'],
  [/too few/i, 'plan.invalidReason.too-few-points'],
  [/hole lies outside shell/i, 'plan.invalidReason.hole-outside-shell'],
  [/holes? (are|is) nested|nested holes/i, 'plan.invalidReason.nested-holes'],
  [/interior is disconnected/i, 'plan.invalidReason.disconnected-interior'],
  [/nested shells/i, 'plan.invalidReason.nested-shells'],
  [/duplicate rings/i, 'plan.invalidReason.duplicate-rings']
];

/** Labels "feature 1", "feature 2", … in `t`'s language, for submissions without names. */
export function positionLabels(t: Translate, n: number): string[] {
  return Array.from({ length: n }, (_, i) => t('plan.where.feature', { n: i + 1 }));
}

/**
 * Validate proposed children of `parentId` (the caller must see the parent).
 * @param geometries the children in submission order
 * @param tolerances overrides for tests and benchmarks
 * @param words the language and grid labels of the problems' messages (English, "feature n")
 */
export async function validatePlan(
  tx: Tx,
  parentId: number,
  geometries: MultiPolygon[],
  tolerances: Partial<PlanTolerances> = {},
  words: PlanWords = { t: translator('en'), labels: positionLabels(translator('en'), geometries.length) }
): Promise<PlanValidation> {
  const tol = { ...PLAN_TOLERANCES, ...tolerances };
  const { t } = words;
  const label = (i: number) => words.labels[i] ?? t('plan.where.feature', { n: i + 1 });
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
        message: t('plan.refused.invalid', {
          a: label(r.features[0]!),
          why: t(INVALID_REASONS.find(([re]) => re.test(r.detail ?? ''))?.[1] ?? 'plan.invalidReason.other'),
          lon: Number(r.at[0]),
          lat: Number(r.at[1])
        })
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
    const [a, b] = r.features.map(Number);
    const message =
      r.kind === 'gap'
        ? t('plan.refused.gap', { m2 })
        : r.kind === 'overlap'
          ? t('plan.refused.overlap', { a: label(a!), b: label(b!), m2 })
          : t('plan.refused.outside', { a: label(a!), m2 });
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
      message: small
        ? t('plan.refused.too-small', { a: label(i), m2: m2.toFixed(0), min: tol.minGridAreaM2 })
        : t('plan.refused.too-large', { a: label(i), m2: m2.toFixed(0), max: tol.maxGridAreaM2 }),
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
