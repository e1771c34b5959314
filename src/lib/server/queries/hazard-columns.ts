import type { Tx } from '../db/contexts';
import { HAZARD_COLUMN_LEVELS, HAZARD_COLUMN_STATUSES } from '../../api/map';
import type { DayWindow } from '../../api/params';
import { interleave } from './columns';
import type { HazardColumns } from '../../api/map';
export type { HazardColumns };

export const HAZARD_STATUSES = HAZARD_COLUMN_STATUSES;
export const HAZARD_LEVELS = HAZARD_COLUMN_LEVELS;

/**
 * The hazards the caller may see, ordered by id, as columns: all of them, or those of `window`
 * (half-open `[from, to)` days, `to` the first day after it): found by its last day and not rectified before its first — every
 * hazard found in it plus every hazard found earlier and still open at some time in it (a hazard
 * found in 2024 and never rectified is on a map of last month). A hazard rectified on the first day
 * was open that morning and counts; one rectified the day before does not. The map filters the
 * same rule on the GPU for playback inside the window, so the browser gets no more points than
 * it can show.
 */
export async function hazardColumns(tx: Tx, window?: DayWindow): Promise<HazardColumns> {
  // One aggregate pass, sorted by id here: eight ordered aggregates sorted the rows eight times
  // (55k hazards of a 90-day window at 10M events). One pass keeps the arrays aligned.
  const [r] = await tx<
    {
      ids: number[];
      xs: number[];
      ys: number[];
      level: string[];
      status: string[];
      found: number[];
      deadline: number[];
      rectified: number[];
    }[]
  >`
    select coalesce(array_agg(id::float8), '{}') as ids,
           coalesce(array_agg(round(ST_X(geom)::numeric, 6)::float8), '{}') as xs,
           coalesce(array_agg(round(ST_Y(geom)::numeric, 6)::float8), '{}') as ys,
           coalesce(array_agg(level), '{}') as level,
           coalesce(array_agg(status), '{}') as status,
           coalesce(array_agg(found_on - date '1970-01-01'), '{}') as found,
           coalesce(array_agg(deadline - date '1970-01-01'), '{}') as deadline,
           coalesce(array_agg(coalesce(rectified_on - date '1970-01-01', -1)), '{}') as rectified
    from (
      ${
        window
          ? tx`-- Two index-backed parts (0007): still open, and rectified on or after the first day.
          select * from hazard where rectified_on is null and found_on < ${window.to}::date
          union all
          select * from hazard where rectified_on >= ${window.from}::date and found_on < ${window.to}::date`
          : tx`select * from hazard`
      }
    ) hazard`;
  const row = r!;
  const ids = row.ids.map(Number);
  const order = Array.from(ids.keys()).sort((a, b) => ids[a]! - ids[b]!);
  const pick = <T>(xs: T[]) => order.map((i) => xs[i]!);
  return {
    count: order.length,
    ids: pick(ids),
    positions: interleave(pick(row.xs).map(Number), pick(row.ys).map(Number)),
    level: pick(row.level).map((l) => HAZARD_LEVELS.indexOf(l as (typeof HAZARD_LEVELS)[number])),
    status: pick(row.status).map((s) => HAZARD_STATUSES.indexOf(s as (typeof HAZARD_STATUSES)[number])),
    foundDay: pick(row.found).map(Number),
    deadlineDay: pick(row.deadline).map(Number),
    rectifiedDay: pick(row.rectified).map(Number)
  };
}
