import { monthsBetween } from '../../core/dates';
import type { Tx } from '../db/contexts';
import type { PetitionMonth } from '../../api/analytics';
export type { PetitionMonth };

/** Longest month range a trend query accepts (ten years). */
export const MAX_TREND_MONTHS = 120;

/**
 * The first days (`'YYYY-MM-01'`) of the first and the last month of a range, both months
 * included: not a window of days (the last month's other days are in the range too).
 */
export interface MonthBounds {
  firstMonth: string;
  lastMonth: string;
}

/**
 * Checks a `'YYYY-MM'` month range and returns the first days of its first and last months.
 * @throws RangeError naming the bad bound.
 */
export function monthRange(fromMonth: string, toMonth: string): MonthBounds {
  const re = /^(\d{4})-(0[1-9]|1[0-2])$/;
  const a = re.exec(fromMonth);
  const b = re.exec(toMonth);
  if (!a) throw new RangeError(`Invalid fromMonth "${fromMonth}": must be YYYY-MM`);
  if (!b) throw new RangeError(`Invalid toMonth "${toMonth}": must be YYYY-MM`);
  const months = monthsBetween(fromMonth, toMonth) + 1;
  if (months < 1) throw new RangeError(`Invalid month range ${fromMonth}..${toMonth}: toMonth is before fromMonth`);
  if (months > MAX_TREND_MONTHS)
    throw new RangeError(`Invalid month range ${fromMonth}..${toMonth}: at most ${MAX_TREND_MONTHS} months`);
  return { firstMonth: `${fromMonth}-01`, lastMonth: `${toMonth}-01` };
}

/**
 * Monthly petition trend of an area's subtree (grids whose code equals `areaCode` or starts with
 * `areaCode + '-'`), months `fromMonth`…`toMonth` inclusive (`'YYYY-MM'`, China Standard Time).
 * Deadlines follow `petitionDeadlines` (src/lib/domain/petition-deadlines.ts): 15 days to accept,
 * 60 days + extension to close, days as 24-hour periods. Needs a role that reads petition rows.
 *
 * @example
 * await petitionTrends(tx, '370105-001', '2026-01', '2026-06'); // six PetitionMonth rows
 */
export async function petitionTrends(
  tx: Tx,
  areaCode: string,
  fromMonth: string,
  toMonth: string
): Promise<PetitionMonth[]> {
  const { firstMonth: from, lastMonth: to } = monthRange(fromMonth, toMonth);
  // Each case is bucketed by the month of each of its events (one pass), instead of joining every
  // month to every earlier case (12 months × 1M cases = 10M rows: 27 s on a server). Backlogs follow
  // from the count open at the first instant and the monthly flows: open(t1) = open(t0) + received
  // − closed in [t0, t1), exact because closed_at ≥ accepted_at ≥ received_at (table checks).
  return tx<PetitionMonth[]>`
    with grids as (
      select id from area where level = 'grid' and valid_to is null and (code = ${areaCode} or code like ${areaCode + '-%'})
    ), bounds as (
      select ${from}::timestamp at time zone 'Asia/Shanghai' as t_first,
        (${to}::timestamp + interval '1 month') at time zone 'Asia/Shanghai' as t_last
    ), cases as materialized (
      -- Every case open at t_first or with an event in [t_first, t_last).
      select received_at, accepted_at, closed_at, status, level_reached, repeat_of_id,
        accepted_at <= received_at + ${15 * 24} * interval '1 hour' as accepted_on_time,
        closed_at <= accepted_at + (60 + extension_days) * 24 * interval '1 hour' as closed_on_time
      from (
        -- Two index-backed parts (0007): still open (closed_at is null exactly when the status is
        -- open, a table check), and closed at or after t_first.
        -- The bounds written out (not t_first, t_last) so the planner estimates each part from them.
        select p.* from petition_case p
        where p.status in ('received', 'accepted', 'mediating')
          and p.received_at < (${to}::timestamp + interval '1 month') at time zone 'Asia/Shanghai'
        union all
        select p.* from petition_case p
        where p.closed_at >= ${from}::timestamp at time zone 'Asia/Shanghai'
          and p.received_at < (${to}::timestamp + interval '1 month') at time zone 'Asia/Shanghai'
      ) c
      where grid_id in (select id from grids)
    ), months as (
      select to_char(m, 'YYYY-MM') as month from generate_series(${from}::timestamp, ${to}::timestamp, interval '1 month') as m
    ), received as (
      select to_char(received_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int as new,
        count(*) filter (where repeat_of_id is not null)::int as repeats,
        count(*) filter (where level_reached in ('city', 'province', 'national'))::int as escalated
      from cases, bounds where received_at >= t_first group by 1
    ), accepted as (
      select to_char(accepted_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int as accepted,
        count(*) filter (where accepted_on_time)::int as accepted_on_time
      from cases, bounds where accepted_at >= t_first and accepted_at < t_last group by 1
    ), closed as (
      select to_char(closed_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int as closed,
        count(*) filter (where status = 'resolved')::int as resolved,
        count(*) filter (where closed_on_time)::int as closed_on_time,
        count(*) filter (where level_reached in ('grid', 'community', 'subdistrict'))::int as closed_locally
      from cases, bounds where closed_at < t_last group by 1
    ), opening as (
      select count(*)::int as n from cases, bounds where received_at < t_first
    ), counts as (
      select m.month,
        coalesce(r.new, 0) as new, coalesce(a.accepted, 0) as accepted, coalesce(c.closed, 0) as closed,
        coalesce(c.resolved, 0) as resolved, coalesce(a.accepted_on_time, 0) as accepted_on_time,
        coalesce(c.closed_on_time, 0) as closed_on_time, coalesce(c.closed_locally, 0) as closed_locally,
        coalesce(r.repeats, 0) as repeats, coalesce(r.escalated, 0) as escalated,
        (select n from opening) + coalesce(sum(coalesce(r.new, 0) - coalesce(c.closed, 0)) over (
          order by m.month rows between unbounded preceding and 1 preceding), 0) as backlog_start
      from months m
      left join received r on r.month = m.month
      left join accepted a on a.month = m.month
      left join closed c on c.month = m.month
    )
    select month, new, accepted, closed, resolved,
      backlog_start::int as backlog_start, (backlog_start + new - closed)::int as backlog_end,
      accepted_on_time::float8 / nullif(accepted, 0) as accepted_on_time_rate,
      closed_on_time::float8 / nullif(closed, 0) as closed_on_time_rate,
      closed_locally::float8 / nullif(closed, 0) as closed_locally_rate,
      repeats::float8 / nullif(new, 0) as repeat_rate,
      escalated::float8 / nullif(new, 0) as escalation_rate
    from counts
    order by month`;
}
