import { daysBetween } from '../../core/dates';
import type { Tx } from '../db/contexts';
import type { ComplianceDay } from '../../api/analytics';
export type { ComplianceDay };

/** Longest day range a compliance query accepts. */
export const MAX_COMPLIANCE_DAYS = 366;

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Share of an area's grids that filed the daily report, per day from `fromDay` to `toDay`
 * inclusive (`'YYYY-MM-DD'`). The area is every grid whose code equals `areaCode` or starts with
 * `areaCode + '-'`, including grid versions since replaced, each counted on the days it was in force.
 *
 * @throws RangeError for a malformed day, a reversed range or more than 366 days.
 * @example
 * await dailyReportCompliance(tx, '370105-002', '2026-11-01', '2026-11-23'); // 23 ComplianceDay rows
 */
export async function dailyReportCompliance(
  tx: Tx,
  areaCode: string,
  fromDay: string,
  toDay: string
): Promise<ComplianceDay[]> {
  if (!DAY.test(fromDay) || Number.isNaN(Date.parse(fromDay)))
    throw new RangeError(`Invalid fromDay "${fromDay}": must be YYYY-MM-DD`);
  if (!DAY.test(toDay) || Number.isNaN(Date.parse(toDay)))
    throw new RangeError(`Invalid toDay "${toDay}": must be YYYY-MM-DD`);
  const days = daysBetween(fromDay, toDay) + 1;
  if (days < 1) throw new RangeError(`Invalid day range ${fromDay}..${toDay}: toDay is before fromDay`);
  if (days > MAX_COMPLIANCE_DAYS)
    throw new RangeError(`Invalid day range ${fromDay}..${toDay}: at most ${MAX_COMPLIANCE_DAYS} days`);
  return tx<ComplianceDay[]>`
    with grids as (
      select id, valid_from, valid_to from area
      where level = 'grid' and (code = ${areaCode} or code like ${areaCode + '-%'})
    ), days as (
      select d::date as day from generate_series(${fromDay}::timestamp, ${toDay}::timestamp, interval '1 day') as d
    ), counts as (
      select day,
        count(g.id)::int as grids,
        count(r.grid_id)::int as reported
      from days
      left join grids g on g.valid_from <= day and (g.valid_to is null or g.valid_to > day)
      left join daily_report r on r.grid_id = g.id and r.report_date = day
      group by day
    )
    select to_char(day, 'YYYY-MM-DD') as day, grids, reported, reported::float8 / nullif(grids, 0) as share
    from counts
    order by day`;
}
