import type { HazardLevel } from '../../core/vocabulary';
import type { Tx } from '../db/contexts';

/** Which events to count per grid; the optional field narrows to one category, tier or level. */
export type GridEvent =
  | { kind: 'petition'; category?: string }
  | { kind: 'safety_incident'; tier?: string }
  | { kind: 'hazard'; level?: HazardLevel };

/** Counts per current grid, in the same ascending id order as `gridNeighbours`. */
export interface GridEventCounts {
  ids: number[];
  counts: number[];
}

/**
 * Events of one kind per current grid under `code` in the days [from, to) (China Standard Time;
 * `to` is the day after the last day): petition cases by `received_at`, safety incidents by
 * `occurred_at`, hazards by `found_on`. Grids without events count 0. Counting petitions needs a
 * role that reads petition rows.
 *
 * @example
 * await gridEventCounts(tx, '370105', { kind: 'petition', category: 'land_demolition' }, '2025-11-24', '2026-11-24')
 */
export async function gridEventCounts(
  tx: Tx,
  code: string,
  event: GridEvent,
  from: string,
  to: string
): Promise<GridEventCounts> {
  const { ids, slices } = await gridEventCountsBySlice(tx, code, event, [from, to]);
  return { ids, counts: slices[0]! };
}

/** Counts per current grid for each of consecutive time slices, in one pass over the events. */
export interface GridEventSlices {
  ids: number[];
  /** `slices[k][i]`: events of grid `ids[i]` in the days [bounds[k], bounds[k + 1]). */
  slices: number[][];
}

/**
 * {@link gridEventCounts} for consecutive slices [bounds[0], bounds[1]), [bounds[1], bounds[2]), …
 * in one statement: each event falls in the slice `width_bucket` finds among the bounds, so the
 * slices partition [bounds[0], bounds[n]) and add up to its count. One scan instead of one per
 * slice keeps an emerging-hotspot analysis of 24 slices as short as one count (issue 14: no
 * request may hold the embedded database's one connection for long).
 *
 * @param bounds at least two days (YYYY-MM-DD), strictly ascending
 * @throws RangeError for fewer than two bounds or bounds out of order
 * @example
 * await gridEventCountsBySlice(tx, '370105', { kind: 'hazard' }, ['2026-01-01', '2026-04-01', '2026-07-01'])
 */
export async function gridEventCountsBySlice(
  tx: Tx,
  code: string,
  event: GridEvent,
  bounds: string[]
): Promise<GridEventSlices> {
  if (bounds.length < 2 || bounds.some((b, i) => i > 0 && !(bounds[i - 1]! < b))) {
    throw new RangeError(`slice bounds must be at least two ascending days, got ${bounds.join(', ')}`);
  }
  const from = bounds[0]!;
  const to = bounds[bounds.length - 1]!;
  // China Standard Time is UTC+8 all year (no daylight saving).
  const instants = bounds.map((d) => `${d} 00:00:00+08`);
  let events;
  if (event.kind === 'petition') {
    events = tx`select grid_id, width_bucket(received_at, ${instants}::timestamptz[]) as s from petition_case
      where received_at >= ${instants[0]!}::timestamptz and received_at < ${instants[instants.length - 1]!}::timestamptz
      and (${event.category ?? null}::text is null or category = ${event.category ?? null})`;
  } else if (event.kind === 'safety_incident') {
    events = tx`select grid_id, width_bucket(occurred_at, ${instants}::timestamptz[]) as s from incident
      where domain = 'safety' and occurred_at >= ${instants[0]!}::timestamptz and occurred_at < ${instants[instants.length - 1]!}::timestamptz
      and (${event.tier ?? null}::text is null or tier = ${event.tier ?? null})`;
  } else {
    events = tx`select grid_id, width_bucket(found_on, ${bounds}::date[]) as s from hazard
      where found_on >= ${from}::date and found_on < ${to}::date
      and (${event.level ?? null}::text is null or level = ${event.level ?? null})`;
  }
  const rows = await tx<{ id: number; s: number | null; n: number }[]>`
    with e as (${events})
    select g.id, e.s, count(e.grid_id)::int as n
    from area g left join e on e.grid_id = g.id
    where g.level = 'grid' and g.valid_to is null and (g.code = ${code} or g.code like ${code + '-%'})
    group by g.id, e.s order by g.id`;
  const ids: number[] = [];
  for (const r of rows) if (ids[ids.length - 1] !== r.id) ids.push(r.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const slices = bounds.slice(1).map(() => ids.map(() => 0));
  for (const r of rows) {
    // s is null for a grid without events (the left join's empty side).
    if (r.s !== null) slices[r.s - 1]![index.get(r.id)!] = r.n;
  }
  return { ids, slices };
}
