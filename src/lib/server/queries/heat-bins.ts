import type { Tx } from '../db/contexts';
import type { HeatBins, HeatKind } from '../../api/analytics';

export type { HeatBins, HeatKind };

/**
 * Events of one kind inside a bounding box and time window, binned on a grid aligned to multiples
 * of `size` degrees — aggregated in SQL, so the browser gets bins, not points. Days are China
 * Standard Time, [from, to). Rows the caller may not see are not counted (row-level security).
 */
export async function heatBins(
  tx: Tx,
  kind: HeatKind,
  bbox: [number, number, number, number],
  size: number,
  from: string,
  to: string
): Promise<HeatBins> {
  const [minX, minY, maxX, maxY] = bbox;
  const x0 = Math.floor(minX / size) * size;
  const y0 = Math.floor(minY / size) * size;
  const start = `${from}T00:00:00+08:00`;
  const end = `${to}T00:00:00+08:00`;
  const events =
    kind === 'petition'
      ? tx`select geom from petition_case where received_at >= ${start}::timestamptz and received_at < ${end}::timestamptz`
      : kind === 'incident'
        ? tx`select geom from incident where occurred_at >= ${start}::timestamptz and occurred_at < ${end}::timestamptz`
        : tx`select geom from hazard where found_on >= ${from}::date and found_on < ${to}::date`;
  const rows = await tx<{ ix: number; iy: number; n: number }[]>`
    select floor((ST_X(e.geom) - ${x0}::float8) / ${size}::float8)::int as ix,
           floor((ST_Y(e.geom) - ${y0}::float8) / ${size}::float8)::int as iy,
           count(*)::int as n
    from (${events}) e
    where e.geom && ST_MakeEnvelope(${minX}::float8, ${minY}::float8, ${maxX}::float8, ${maxY}::float8, 4326)
    group by 1, 2
    order by 1, 2`;
  return { x0, y0, size, ix: rows.map((r) => r.ix), iy: rows.map((r) => r.iy), n: rows.map((r) => r.n) };
}
