import { daysBetween } from '../../core/dates';
import type { Tx } from '../db/contexts';

/** Events per day in an area's subtree, as columns (one entry per day of the window). */
export interface EventTimeline {
  /** First day of the window (YYYY-MM-DD); entry i is that day + i. */
  from: string;
  days: number;
  petitions: number[] | null;
  incidents: number[];
  hazards: number[];
  /** Sensitive periods overlapping the window, clipped to it. */
  sensitivePeriods: { name: string; from: string; to: string; multiplier: number }[];
}

/**
 * Per-day counts of petitions received, safety incidents and hazards found in [from, to] (dates,
 * China Standard Time) under the area `code`. `withPetitions` false leaves petitions out (roles
 * that may not read cases).
 */
export async function eventTimeline(tx: Tx, code: string, from: string, to: string, withPetitions: boolean): Promise<EventTimeline> {
  const rows = await tx<{ day: string; kind: string; n: number }[]>`
    with grids as (
      select id from area where level = 'grid' and valid_to is null and (code = ${code} or code like ${code + '-%'})
    )
    select (occurred_at at time zone 'Asia/Shanghai')::date::text as day, 'incident' as kind, count(*)::int as n
    from incident
    where domain = 'safety' and grid_id in (select id from grids)
      and occurred_at >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
      and occurred_at < (${to}::date + 1)::timestamp at time zone 'Asia/Shanghai'
    group by 1
    union all
    select found_on::text, 'hazard', count(*)::int from hazard
    where grid_id in (select id from grids) and found_on between ${from}::date and ${to}::date
    group by 1
    ${withPetitions
      ? tx`union all
        select (received_at at time zone 'Asia/Shanghai')::date::text, 'petition', count(*)::int
        from petition_case
        where grid_id in (select id from grids)
          and received_at >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
          and received_at < (${to}::date + 1)::timestamp at time zone 'Asia/Shanghai'
        group by 1`
      : tx``}`;
  const periods = await tx<{ name: string; from: string; to: string; multiplier: number }[]>`
    select name, greatest(starts_on, ${from}::date)::text as from, least(ends_on, ${to}::date)::text as to,
           weight::float8 as multiplier
    from sensitive_period
    where starts_on <= ${to}::date and ends_on >= ${from}::date
    order by starts_on, name`;
  const days = daysBetween(from, to) + 1;
  const series = { petition: new Array<number>(days).fill(0), incident: new Array<number>(days).fill(0), hazard: new Array<number>(days).fill(0) };
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
