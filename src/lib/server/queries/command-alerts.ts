import type { Tx } from '../db/contexts';
import { computePyramid } from '../../domain/compute-pyramid';
import type { PyramidConfig } from '../../domain/pyramid-config';
import { dateOfDay, dayNumber } from '../../seed/dates';
import { gridsMissingReport } from './grid-daily-reports';
import { ACCEPTANCE_DAYS, RESOLUTION_DAYS } from '../../domain/petition-deadlines';

/** How many items of each alert list are returned (counts are always complete). */
export const ALERT_LIST_LIMIT = 20;
/** Days over which thin-base grids are judged (a year: minor injuries per grid are rare). */
export const THIN_BASE_DAYS = 365;
/** A petition is "near" its deadline within this many days of it. */
export const NEAR_DEADLINE_DAYS = 3;

interface Place {
  /** [lon, lat], 6 decimals. */
  position: [number, number];
  gridCode: string;
  gridName: string;
}

export interface OverdueHazardAlert extends Place {
  id: number;
  level: 'general' | 'major';
  daysOverdue: number;
}

export interface PetitionDeadlineAlert extends Place {
  id: number;
  category: string;
  stage: 'acceptance' | 'resolution';
  /** Days past the deadline (≥ 0 overdue; negative: days left). */
  daysPast: number;
}

export interface ThinBaseGridAlert extends Place {
  minor: number;
  nearMiss: number;
  observedRatio: number | null;
  threshold: number;
}

export interface CommandAlerts {
  asOf: string;
  /** Grids in force on `asOf` that filed no daily report (零报告) for it. */
  missingDailyReports: { count: number; items: Place[] };
  overdueHazards: { count: number; items: OverdueHazardAlert[] };
  /** Null for roles that may not read petition cases. */
  petitionDeadlines: { overdue: number; near: number; items: PetitionDeadlineAlert[] } | null;
  thinBaseGrids: { count: number; items: ThinBaseGridAlert[] };
}

/**
 * What needs a commander's attention under `code` on day `asOf` (China Standard Time): hazards past
 * their rectification deadline (major first, then the longest overdue), open petitions past or within
 * NEAR_DEADLINE_DAYS of their acceptance (15 days) or resolution (60 days + extension) deadline, and
 * grids whose safety pyramid has a thin base over the THIN_BASE_DAYS up to `asOf` (likely
 * under-reporting, by the configured `safety` tier set), and grids without a daily report for `asOf`.
 */
export async function commandAlerts(tx: Tx, code: string, asOf: string, withPetitions: boolean, safety: PyramidConfig): Promise<CommandAlerts> {
  const grids = tx`select id, code, name from area where level = 'grid' and valid_to is null and (code = ${code} or code like ${code + '-%'})`;
  const hazards = await tx<(OverdueHazardAlert & { total: number })[]>`
    with g as (${grids})
    select h.id, h.level, (${asOf}::date - h.deadline) as "daysOverdue",
           json_build_array(round(ST_X(h.geom)::numeric, 6), round(ST_Y(h.geom)::numeric, 6)) as position,
           g.code as "gridCode", g.name as "gridName", count(*) over ()::int as total
    from (
      -- Open after the day: still open, or rectified after it (two index-backed parts, 0007).
      select * from hazard where rectified_on is null and found_on <= ${asOf}::date and deadline < ${asOf}::date
      union all
      select * from hazard where rectified_on > ${asOf}::date and found_on <= ${asOf}::date and deadline < ${asOf}::date
    ) h join g on g.id = h.grid_id
    order by (h.level = 'major') desc, h.deadline, h.id
    limit ${ALERT_LIST_LIMIT}`;

  // The same rule as /api/analytics/daily-reports; the first few get a point to put the map on.
  const report = await gridsMissingReport(tx, code, asOf);
  const shown = report.missing.slice(0, ALERT_LIST_LIMIT);
  const points = shown.length
    ? await tx<{ id: number; x: number; y: number }[]>`
        select id, round(ST_X(ST_PointOnSurface(geom))::numeric, 6)::float8 as x, round(ST_Y(ST_PointOnSurface(geom))::numeric, 6)::float8 as y
        from area where id in ${tx(shown.map((g) => g.id))}`
    : [];
  const pointOf = new Map(points.map((p) => [Number(p.id), [p.x, p.y] as [number, number]]));

  let petitionDeadlines: CommandAlerts['petitionDeadlines'] = null;
  if (withPetitions) {
    // Due instants follow petitionDeadlines(): n × 24 h after receipt or acceptance. The clock is the
    // end of day `asOf` in China Standard Time.
    const rows = await tx<(PetitionDeadlineAlert & { overdue: number; near: number })[]>`
      with g as (${grids}), now as (
        select ((${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai') as t
      ), open as (
        select p.id, p.category, p.geom, g.code as grid_code, g.name as grid_name,
               -- A case accepted after the day was still awaiting acceptance on it.
               case when p.accepted_at is null or p.accepted_at >= now.t then 'acceptance' else 'resolution' end as stage,
               case when p.accepted_at is null or p.accepted_at >= now.t then p.received_at + ${ACCEPTANCE_DAYS} * interval '24 hours'
                    else p.accepted_at + (${RESOLUTION_DAYS} + p.extension_days) * interval '24 hours' end as due
        from (
          -- Open at the clock: still open (closed_at is null exactly for open statuses, a table
          -- check), or closed at or after it — two index-backed parts (0007).
          -- The clock written out (not now.t) so the planner estimates each part from its value.
          select c.* from petition_case c
          where c.status in ('received', 'accepted', 'mediating') and c.received_at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai'
          union all
          select c.* from petition_case c
          where c.closed_at >= (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai'
            and c.received_at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai'
        ) p join g on g.id = p.grid_id, now
      ), flagged as (
        select o.*, floor(extract(epoch from (now.t - o.due)) / 86400)::int as days_past
        from open o, now
        where o.due < now.t + ${NEAR_DEADLINE_DAYS} * interval '24 hours'
      )
      select id, category, stage, days_past as "daysPast",
             json_build_array(round(ST_X(geom)::numeric, 6), round(ST_Y(geom)::numeric, 6)) as position,
             grid_code as "gridCode", grid_name as "gridName",
             (count(*) filter (where days_past >= 0) over ())::int as overdue,
             (count(*) filter (where days_past < 0) over ())::int as near
      from flagged
      order by days_past desc, id
      limit ${ALERT_LIST_LIMIT}`;
    petitionDeadlines = {
      overdue: rows[0]?.overdue ?? 0,
      near: rows[0]?.near ?? 0,
      items: rows.map(({ overdue: _o, near: _n, ...item }) => item)
    };
  }

  // Under-reporting is a habit, not an event: judge it over the year up to `asOf`, whatever the window.
  const thinFrom = dateOfDay(dayNumber(asOf) - (THIN_BASE_DAYS - 1));
  const tierRows = await tx<{ code: string; name: string; x: number; y: number; serious: number; minor: number; near_miss: number }[]>`
    with g as (${grids})
    select g.code, g.name,
           round(ST_X(ST_PointOnSurface(a.geom))::numeric, 6)::float8 as x, round(ST_Y(ST_PointOnSurface(a.geom))::numeric, 6)::float8 as y,
           sum(d.serious)::int as serious, sum(d.minor)::int as minor, sum(d.near_miss)::int as near_miss
    from incident_daily d join g on g.id = d.grid_id join area a on a.id = g.id
    where d.day >= ${thinFrom}::date and d.day <= ${asOf}::date
    group by g.code, g.name, a.geom
    having sum(d.serious + d.minor + d.near_miss) > 0`;
  const thin: ThinBaseGridAlert[] = [];
  for (const r of tierRows) {
    const p = computePyramid({ serious: r.serious, minor: r.minor, near_miss: r.near_miss, open_hazard: 0 }, safety);
    if (p.thinBase?.flagged) {
      thin.push({
        position: [r.x, r.y],
        gridCode: r.code,
        gridName: r.name,
        minor: r.minor,
        nearMiss: r.near_miss,
        observedRatio: p.thinBase.observedRatio,
        threshold: p.thinBase.threshold
      });
    }
  }
  thin.sort((a, b) => (a.observedRatio ?? 0) - (b.observedRatio ?? 0) || b.minor - a.minor || a.gridCode.localeCompare(b.gridCode));

  return {
    asOf,
    missingDailyReports: {
      count: report.missing.length,
      items: shown.map((g) => ({ gridCode: g.code, gridName: g.name, position: pointOf.get(Number(g.id))! }))
    },
    overdueHazards: { count: hazards[0]?.total ?? 0, items: hazards.map(({ total: _t, ...h }) => h) },
    petitionDeadlines,
    thinBaseGrids: { count: thin.length, items: thin.slice(0, ALERT_LIST_LIMIT) }
  };
}
