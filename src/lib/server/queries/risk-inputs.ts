import type { Tx } from '../db/contexts';
import type { RiskInputs } from '../../domain/compute-risk-scores';
import { DEFAULT_ANALYTICS_CONFIG, type SensitivePeriodRule } from '../analytics-config';

/** Default days past the deadline that count for one hazard (longer overdue is not weighted more). */
export const OVERDUE_CAP_DAYS = 90;

interface Row {
  code: string;
  name: string;
  households: number;
  red: number;
  orange: number;
  yellow: number;
  blue: number;
  general: number;
  major: number;
  od_general: number;
  od_major: number;
  serious: number;
  minor: number;
  near_miss: number;
  p_new: number;
  p_backlog: number;
  p_group: number;
  p_repeat: number;
  p_escalated: number;
}

/**
 * Risk inputs of the children of an area (the level below it), for days [from, to) in China
 * Standard Time: enterprises by class, hazards open at `to` with capped days overdue on the last
 * day (`to` − 1 − deadline, as the alerts count them: docs/analytics.md, "Overdue"), safety
 * incidents in the window, and petition pressure (new, backlog at `to`, group ≥ 5, repeat,
 * escalated above the district). Days overdue are capped at `overdueCapDays` per hazard. Rows the
 * caller may not see are not counted (row-level security).
 */
export async function riskInputs(
  tx: Tx,
  parentCode: string,
  from: string,
  to: string,
  withPetitions: boolean,
  overdueCapDays = OVERDUE_CAP_DAYS
): Promise<RiskInputs[]> {
  const rows = await tx<Row[]>`
    with kids as (
      select k.id, k.code, k.name, k.households from area k
      join area p on p.id = k.parent_id and p.code = ${parentCode} and p.valid_to is null
      where k.valid_to is null
    ), grids as (
      select g.id, k.code as kid from area g join kids k on g.code = k.code or g.code like k.code || '-%'
      where g.level = 'grid' and g.valid_to is null
    ), ent as (
      select gr.kid,
        count(*) filter (where e.risk_class = 'red')::int as red, count(*) filter (where e.risk_class = 'orange')::int as orange,
        count(*) filter (where e.risk_class = 'yellow')::int as yellow, count(*) filter (where e.risk_class = 'blue')::int as blue
      from enterprise e join grids gr on gr.id = e.grid_id group by gr.kid
    ), haz as (
      -- Open at "to": still open, or rectified on or after it (two index-backed parts, 0007).
      select gr.kid,
        count(*) filter (where h.level = 'general')::int as general, count(*) filter (where h.level = 'major')::int as major,
        coalesce(sum(least(${overdueCapDays}::int, greatest(0, ${to}::date - 1 - h.deadline))) filter (where h.level = 'general'), 0)::int as od_general,
        coalesce(sum(least(${overdueCapDays}::int, greatest(0, ${to}::date - 1 - h.deadline))) filter (where h.level = 'major'), 0)::int as od_major
      from (
        select grid_id, level, deadline from hazard where rectified_on is null and found_on < ${to}::date
        union all
        select grid_id, level, deadline from hazard where rectified_on is not null and rectified_on >= ${to}::date and found_on < ${to}::date
      ) h join grids gr on gr.id = h.grid_id
      group by gr.kid
    ), inc as (
      -- Incidents by China Standard Time day from the rollup (0007).
      select gr.kid, sum(d.serious)::int as serious, sum(d.minor)::int as minor, sum(d.near_miss)::int as near_miss
      from incident_daily d join grids gr on gr.id = d.grid_id
      where d.day >= ${from}::date and d.day < ${to}::date
      group by gr.kid
    ), pet as (
      -- New cases and their parts in the window from the rollup (0007, 0008).
      select gr.kid, sum(d.group_or_escalated + d.individual + d.screening)::int as p_new, sum(d.grp)::int as p_group,
        sum(d.repeated)::int as p_repeat, sum(d.escalated)::int as p_escalated
      from petition_daily d join grids gr on gr.id = d.grid_id
      where d.day >= ${from}::date and d.day < ${to}::date
      group by gr.kid
    ), backlog as (
      -- Received before "to" and not closed by then: still open, or closed on or after "to".
      select gr.kid, count(*)::int as p_backlog
      from (
        select grid_id from petition_case
        where status in ('received', 'accepted', 'mediating') and received_at < (${to}::date)::timestamp at time zone 'Asia/Shanghai'
        union all
        select grid_id from petition_case
        where closed_at >= (${to}::date)::timestamp at time zone 'Asia/Shanghai' and received_at < (${to}::date)::timestamp at time zone 'Asia/Shanghai'
      ) p join grids gr on gr.id = p.grid_id
      group by gr.kid
    )
    select k.code, k.name, k.households,
      coalesce(ent.red, 0) as red, coalesce(ent.orange, 0) as orange, coalesce(ent.yellow, 0) as yellow, coalesce(ent.blue, 0) as blue,
      coalesce(haz.general, 0) as general, coalesce(haz.major, 0) as major, coalesce(haz.od_general, 0) as od_general, coalesce(haz.od_major, 0) as od_major,
      coalesce(inc.serious, 0) as serious, coalesce(inc.minor, 0) as minor, coalesce(inc.near_miss, 0) as near_miss,
      coalesce(pet.p_new, 0) as p_new, coalesce(backlog.p_backlog, 0) as p_backlog, coalesce(pet.p_group, 0) as p_group,
      coalesce(pet.p_repeat, 0) as p_repeat, coalesce(pet.p_escalated, 0) as p_escalated
    from kids k
    left join ent on ent.kid = k.code left join haz on haz.kid = k.code
    left join inc on inc.kid = k.code left join pet on pet.kid = k.code left join backlog on backlog.kid = k.code
    order by k.code`;
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    households: r.households,
    enterprises: { red: r.red, orange: r.orange, yellow: r.yellow, blue: r.blue },
    openHazards: { general: r.general, major: r.major },
    overdueDays: { general: r.od_general, major: r.od_major },
    incidents: { serious: r.serious, minor: r.minor, near_miss: r.near_miss },
    petitions: withPetitions
      ? { new: r.p_new, backlog: r.p_backlog, group: r.p_group, repeat: r.p_repeat, escalated: r.p_escalated }
      : null
  }));
}

/**
 * The sensitive-period multiplier of a day: the largest weight of the periods that cover it — each
 * period's stored weight, or `rule.multiplierByKind[kind]` when the configuration fixes one for its
 * kind — capped at `rule.maxMultiplier`; 1 when no period covers the day. Periods are listed by
 * effective weight, highest first.
 */
export async function sensitiveMultiplier(
  tx: Tx,
  day: string,
  rule: SensitivePeriodRule = DEFAULT_ANALYTICS_CONFIG.sensitivePeriod
): Promise<{ multiplier: number; periods: string[] }> {
  const rows = await tx<{ name: string; kind: string; weight: string }[]>`
    select name, kind, weight::text from sensitive_period where ${day}::date between starts_on and ends_on order by name`;
  const weighted = rows
    .map((r) => ({
      name: r.name,
      weight: rule.multiplierByKind[r.kind as keyof SensitivePeriodRule['multiplierByKind']] ?? Number(r.weight)
    }))
    .sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : 1));
  const multiplier = weighted.length ? Math.min(rule.maxMultiplier, Math.max(1, weighted[0]!.weight)) : 1;
  return { multiplier, periods: weighted.map((r) => r.name) };
}
