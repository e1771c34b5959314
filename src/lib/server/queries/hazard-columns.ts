import type { Tx } from '../db/contexts';
import { HAZARD_LEVEL_NAMES, HAZARD_STATUS_NAMES } from '../../map/hazard-payload';
import { interleave } from './columns';

export const HAZARD_STATUSES = HAZARD_STATUS_NAMES;
export const HAZARD_LEVELS = HAZARD_LEVEL_NAMES;

/**
 * Hazard sites as columns: the shape the map's hazard layer takes, plus the day rectified (days are
 * day numbers, -1 when missing).
 */
export interface HazardColumns {
  count: number;
  ids: number[];
  /** Flat [lon0, lat0, …], degrees, 6 decimals. */
  positions: number[];
  level: number[];
  status: number[];
  foundDay: number[];
  deadlineDay: number[];
  rectifiedDay: number[];
}

/**
 * The hazards the caller may see, ordered by id, as columns: all of them, or those found in
 * `window` (inclusive `YYYY-MM-DD` days) — the map only ever shows hazards found in its window, so the
 * browser gets no more points than it can show.
 */
export async function hazardColumns(tx: Tx, window?: { from: string; to: string }): Promise<HazardColumns> {
  const [r] = await tx<{ ids: number[]; xs: number[]; ys: number[]; level: string[]; status: string[]; found: number[]; deadline: number[]; rectified: number[] }[]>`
    select coalesce(array_agg(id order by id), '{}') as ids,
           coalesce(array_agg(round(ST_X(geom)::numeric, 6)::float8 order by id), '{}') as xs,
           coalesce(array_agg(round(ST_Y(geom)::numeric, 6)::float8 order by id), '{}') as ys,
           coalesce(array_agg(level order by id), '{}') as level,
           coalesce(array_agg(status order by id), '{}') as status,
           coalesce(array_agg(found_on - date '1970-01-01' order by id), '{}') as found,
           coalesce(array_agg(deadline - date '1970-01-01' order by id), '{}') as deadline,
           coalesce(array_agg(coalesce(rectified_on - date '1970-01-01', -1) order by id), '{}') as rectified
    from hazard
    ${window ? tx`where found_on between ${window.from}::date and ${window.to}::date` : tx``}`;
  const row = r!;
  return {
    count: row.ids.length,
    ids: row.ids.map(Number),
    positions: interleave(row.xs, row.ys),
    level: row.level.map((l) => HAZARD_LEVELS.indexOf(l as (typeof HAZARD_LEVELS)[number])),
    status: row.status.map((s) => HAZARD_STATUSES.indexOf(s as (typeof HAZARD_STATUSES)[number])),
    foundDay: row.found.map(Number),
    deadlineDay: row.deadline.map(Number),
    rectifiedDay: row.rectified.map(Number)
  };
}
