import { daysBetween } from '../../core/dates';
import type { Tx } from '../db/contexts';
import type { EventTimeline } from '../../api/map';
export type { EventTimeline };

/**
 * Per-day counts of petitions received, safety incidents and hazards found in the half-open window
 * [from, to) (dates, China Standard Time; `to` is the first day after it) under the area `code`. `withPetitions` false leaves petitions out (roles
 * that may not read cases).
 */
export async function eventTimeline(
  tx: Tx,
  code: string,
  from: string,
  to: string,
  withPetitions: boolean
): Promise<EventTimeline> {
  const rows = await tx<{ day: string; kind: string; n: number }[]>`
    with grids as (
      select id from area where level = 'grid' and valid_to is null and (code = ${code} or code like ${code + '-%'})
    )
    select (occurred_at at time zone 'Asia/Shanghai')::date::text as day, 'incident' as kind, count(*)::int as n
    from incident
    where domain = 'safety' and grid_id in (select id from grids)
      and occurred_at >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
      and occurred_at < (${to}::date)::timestamp at time zone 'Asia/Shanghai'
    group by 1
    union all
    select found_on::text, 'hazard', count(*)::int from hazard
    where grid_id in (select id from grids) and found_on >= ${from}::date and found_on < ${to}::date
    group by 1
    ${
      withPetitions
        ? tx`union all
        select (received_at at time zone 'Asia/Shanghai')::date::text, 'petition', count(*)::int
        from petition_case
        where grid_id in (select id from grids)
          and received_at >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
          and received_at < (${to}::date)::timestamp at time zone 'Asia/Shanghai'
        group by 1`
        : tx``
    }`;
  // A period's ends_on is its last day (inclusive), as the answer shows it: clipped to the window's last day.
  const periods = await tx<EventTimeline['sensitivePeriods']>`
    select name, greatest(starts_on, ${from}::date)::text as from, least(ends_on, ${to}::date - 1)::text as to,
           weight::float8 as multiplier
    from sensitive_period
    where starts_on < ${to}::date and ends_on >= ${from}::date
    order by starts_on, name`;
  const days = daysBetween(from, to);
  const series = {
    petition: new Array<number>(days).fill(0),
    incident: new Array<number>(days).fill(0),
    hazard: new Array<number>(days).fill(0)
  };
  for (const r of rows) {
    const i = daysBetween(from, r.day);
    series[r.kind as keyof typeof series][i] = r.n;
  }
  return {
    from,
    days,
    petitions: withPetitions ? series.petition : null,
    incidents: series.incident,
    hazards: series.hazard,
    sensitivePeriods: periods
  };
}
