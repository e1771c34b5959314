import type { Tx } from '../db/contexts';
import { monthRange } from './petition-trends';
import type { HazardMonth } from '../../api/analytics';
export type { HazardMonth };

/**
 * Monthly hazard trend of an area's subtree (grids whose code equals `areaCode` or starts with
 * `areaCode + '-'`), months `fromMonth`…`toMonth` inclusive (`'YYYY-MM'`). The month-end stock uses
 * the same rule as the pyramid's `overdue_now`, so
 * `open_end(m) = open_end(m − 1) + found(m) − rectified(m)`.
 *
 * @example
 * await hazardTrends(tx, '370105', '2026-01', '2026-12'); // twelve HazardMonth rows
 */
export async function hazardTrends(
  tx: Tx,
  areaCode: string,
  fromMonth: string,
  toMonth: string
): Promise<HazardMonth[]> {
  const { firstMonth: from, lastMonth: to } = monthRange(fromMonth, toMonth);
  return tx<HazardMonth[]>`
    with grids as (
      select id from area where level = 'grid' and valid_to is null and (code = ${areaCode} or code like ${areaCode + '-%'})
    ), stock as (
      -- Only hazards that count in some month: found before the last month ends and open at the
      -- first month's start or later — still open, or rectified on or after it (two index-backed
      -- parts, 0007). A hazard rectified before the first month counts in none.
      select found_on, deadline, rectified_on from hazard
      where grid_id in (select id from grids) and rectified_on is null and found_on < (${to}::date + interval '1 month')::date
      union all
      select found_on, deadline, rectified_on from hazard
      where grid_id in (select id from grids) and rectified_on is not null and rectified_on >= ${from}::date
        and found_on < (${to}::date + interval '1 month')::date
    ), h as (
      -- Each hazard's months (first days): found, rectified (null: still open), and the first month
      -- at whose end it is past its deadline (deadline < d1 - 1 day ⇔ month of deadline + 1 ≤ m).
      select found_on - (extract(day from found_on)::int - 1) as fm,
             rectified_on - (extract(day from rectified_on)::int - 1) as rm,
             (deadline + 1) - (extract(day from deadline + 1)::int - 1) as om
      from stock
    ), deltas as (
      -- A hazard is open at the end of months [fm, rm) and overdue at the end of months
      -- [max(fm, om), rm): +1 where such a run starts (months before the range start at its first
      -- month), −1 where it ends. One row per change instead of one per hazard and month.
      select fm as m, 1 as found, 0 as rectified, 0 as open, 0 as overdue from h where fm >= ${from}::date
      union all select rm, 0, 1, 0, 0 from h where rm is not null
      union all select greatest(fm, ${from}::date), 0, 0, 1, 0 from h
      union all select rm, 0, 0, -1, 0 from h where rm is not null
      union all select greatest(fm, om, ${from}::date), 0, 0, 0, 1 from h where om is not null and (rm is null or greatest(fm, om) < rm)
      union all select rm, 0, 0, 0, -1 from h where om is not null and rm is not null and greatest(fm, om) < rm
    ), per_month as (
      select m, sum(found)::int as found, sum(rectified)::int as rectified, sum(open)::int as open, sum(overdue)::int as overdue
      from deltas group by m
    ), months as (
      select to_char(m, 'YYYY-MM') as month, m::date as d0
      from generate_series(${from}::timestamp, ${to}::timestamp, interval '1 month') as m
    )
    select month,
      coalesce(p.found, 0) as found,
      coalesce(p.rectified, 0) as rectified,
      (sum(coalesce(p.open, 0)) over (order by d0))::int as open_end,
      (sum(coalesce(p.overdue, 0)) over (order by d0))::int as overdue_end
    from months left join per_month p on p.m = months.d0
    order by month`;
}
