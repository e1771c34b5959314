import type { Tx } from '../db/contexts';
import type { GridReportDays, MissingReportGrid } from '../../api/analytics';
export type { GridReportDays, MissingReportGrid };

/**
 * Daily-report compliance of each grid of an area's subtree (code equal to `areaCode` or starting
 * with `areaCode + '-'`, every version in force on at least one day of the window) from `fromDay`
 * to `toDay` inclusive (`'YYYY-MM-DD'`, China Standard Time). A report filed for a day on which
 * its grid version was not in force counts nowhere. Ordered by code, then by version start.
 * The caller validates the days (dailyReportCompliance's rules: at most 366 days, from ≤ to).
 *
 * @example
 * await gridDailyReports(tx, '370105-008', '2026-11-17', '2026-11-23');
 * // [{ id: 412, code: '370105-008-001-001', name: '…', reported: 6, missing: 1, days: '1111011' }, …]
 */
export async function gridDailyReports(
  tx: Tx,
  areaCode: string,
  fromDay: string,
  toDay: string
): Promise<GridReportDays[]> {
  // One pass over the window's reports (grouped per grid), then one string per grid: no grid × day
  // join against daily_report, whose per-row access policy would run for every cell. Both CTEs are
  // MATERIALIZED: the planner estimates one grid (it cannot see through the code filters and the
  // access policy) and would otherwise re-run the aggregate per grid and the string per use.
  return tx<GridReportDays[]>`
    with grids as (
      select id, code, name, valid_from, valid_to from area
      where level = 'grid' and (code = ${areaCode} or code like ${areaCode + '-%'})
        and valid_from <= ${toDay}::date and (valid_to is null or valid_to > ${fromDay}::date)
    ), filed as materialized (
      select grid_id, array_agg(report_date) as days from daily_report
      where report_date between ${fromDay}::date and ${toDay}::date and grid_id in (select id from grids)
      group by grid_id
    ), strings as materialized (
      select g.id, g.code, g.name, g.valid_from,
        (select string_agg(
            case
              when not (g.valid_from <= d.day and (g.valid_to is null or g.valid_to > d.day)) then '.'
              when d.day = any(f.days) then '1'
              else '0'
            end, '' order by d.day)
          from (select d::date as day from generate_series(${fromDay}::timestamp, ${toDay}::timestamp, interval '1 day') as d) d
        ) as days
      from grids g left join filed f on f.grid_id = g.id
    )
    select id::int as id, code, name,
      length(days) - length(replace(days, '1', '')) as reported,
      length(days) - length(replace(days, '0', '')) as missing,
      days
    from strings
    order by code, valid_from`;
}

/**
 * The grids of an area's subtree in force on `day` (`'YYYY-MM-DD'`, China Standard Time) that have
 * no daily report for that day, ordered by code — the command map's "grids without today's daily
 * report" alert — and how many grids were in force.
 *
 * @example
 * await gridsMissingReport(tx, '370105-008', '2026-11-23'); // { grids: 48, missing: [{ id, code, name }, …] }
 */
export async function gridsMissingReport(
  tx: Tx,
  areaCode: string,
  day: string
): Promise<{ grids: number; missing: MissingReportGrid[] }> {
  const [row] = await tx<{ grids: number; missing: MissingReportGrid[] }[]>`
    with filed as (
      select grid_id from daily_report where report_date = ${day}::date
    ), grids as (
      select g.id, g.code, g.name, g.id in (select grid_id from filed) as reported
      from area g
      where g.level = 'grid' and (g.code = ${areaCode} or g.code like ${areaCode + '-%'})
        and g.valid_from <= ${day}::date and (g.valid_to is null or g.valid_to > ${day}::date)
    )
    select count(*)::int as grids,
      coalesce(json_agg(json_build_object('id', id, 'code', code, 'name', name) order by code, id) filter (where not reported), '[]'::json) as missing
    from grids`;
  return row!;
}
