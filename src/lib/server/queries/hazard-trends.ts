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
    ), months as (
      select to_char(m, 'YYYY-MM') as month, m::date as d0, (m + interval '1 month')::date as d1
      from generate_series(${from}::timestamp, ${to}::timestamp, interval '1 month') as m
    )
    select month,
      -- count(found_on), not count(*): a month no hazard reaches has one null-extended row.
      count(found_on) filter (where found_on >= d0)::int as found,
      count(found_on) filter (where rectified_on >= d0 and rectified_on < d1)::int as rectified,
      count(found_on) filter (where rectified_on is null or rectified_on >= d1)::int as open_end,
      count(found_on) filter (where deadline < d1 - 1 and (rectified_on is null or rectified_on >= d1))::int as overdue_end
    from months left join stock on found_on < d1
    group by month
    order by month`;
}
