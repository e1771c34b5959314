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
  // China Standard Time is UTC+8 all year (no daylight saving).
  const start = `${from} 00:00:00+08`;
  const end = `${to} 00:00:00+08`;
  let events;
  if (event.kind === 'petition') {
    events = tx`select grid_id from petition_case where received_at >= ${start}::timestamptz and received_at < ${end}::timestamptz
      and (${event.category ?? null}::text is null or category = ${event.category ?? null})`;
  } else if (event.kind === 'safety_incident') {
    events = tx`select grid_id from incident where domain = 'safety' and occurred_at >= ${start}::timestamptz and occurred_at < ${end}::timestamptz
      and (${event.tier ?? null}::text is null or tier = ${event.tier ?? null})`;
  } else {
    events = tx`select grid_id from hazard where found_on >= ${from}::date and found_on < ${to}::date
      and (${event.level ?? null}::text is null or level = ${event.level ?? null})`;
  }
  const rows = await tx<{ id: number; n: number }[]>`
    with e as (${events})
    select g.id, count(e.grid_id)::int as n
    from area g left join e on e.grid_id = g.id
    where g.level = 'grid' and g.valid_to is null and (g.code = ${code} or g.code like ${code + '-%'})
    group by g.id order by g.id`;
  return { ids: rows.map((r) => r.id), counts: rows.map((r) => r.n) };
}
