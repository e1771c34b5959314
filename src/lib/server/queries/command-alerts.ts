import type { Tx } from '../db/contexts';
import { computePyramid } from '../../domain/compute-pyramid';
import type { PyramidConfig } from '../../domain/pyramid-config';
import { addDays } from '../../core/dates';
import { gridsMissingReport } from './grid-daily-reports';
import { ACCEPTANCE_DAYS, RESOLUTION_DAYS } from '../../domain/petition-deadlines';
import {
  ALERT_LIST_LIMIT,
  ALERT_LISTS,
  ALERT_PAGE_MAX,
  PETITION_ALERT_LISTS,
  type AlertListId,
  type AlertPage,
  type AlertPlace as Place,
  type CommandAlerts,
  type OverdueHazardAlert,
  type PetitionDeadlineAlert,
  type ThinBaseGridAlert
} from '../../api/command-alerts';
export { ALERT_LIST_LIMIT, ALERT_LISTS, ALERT_PAGE_MAX, PETITION_ALERT_LISTS };
export type { AlertListId, AlertPage, CommandAlerts, OverdueHazardAlert, PetitionDeadlineAlert, ThinBaseGridAlert };

/** Days over which thin-base grids are judged (a year: minor injuries per grid are rare). */
export const THIN_BASE_DAYS = 365;
/** A petition is "near" its deadline within this many days of it. */
export const NEAR_DEADLINE_DAYS = 3;

/** Which part of a list: `limit` items from `offset` (0-based) in the list's fixed order. */
export interface AlertPageRequest {
  offset: number;
  limit: number;
}

/** The current grids of `code`'s subtree (a SQL fragment). */
const gridsOf = (tx: Tx, code: string) =>
  tx`select id, code, name from area where level = 'grid' and valid_to is null and (code = ${code} or code like ${code + '-%'})`;

/**
 * Hazards overdue on day `asOf`: found by it, deadline before it (the deadline day is the last day
 * to rectify, so a hazard is overdue from the day after), and not rectified by its end — the one
 * definition of "overdue" of the product (docs/analytics.md: pyramid, trends and map agree).
 * Major first, then the longest overdue, then id.
 */
export async function overdueHazardPage(
  tx: Tx,
  code: string,
  asOf: string,
  page: AlertPageRequest
): Promise<AlertPage<OverdueHazardAlert>> {
  const [row] = await tx<{ count: number; items: OverdueHazardAlert[] }[]>`
    with g as (${gridsOf(tx, code)}), h as (
      select h.id, h.level, h.deadline, h.geom, g.code as grid_code, g.name as grid_name
      from (
        -- Open after the day: still open, or rectified after it (two index-backed parts, 0007).
        select * from hazard where rectified_on is null and found_on <= ${asOf}::date and deadline < ${asOf}::date
        union all
        select * from hazard where rectified_on > ${asOf}::date and found_on <= ${asOf}::date and deadline < ${asOf}::date
      ) h join g on g.id = h.grid_id
    ), shown as (
      select * from h order by (level = 'major') desc, deadline, id limit ${page.limit} offset ${page.offset}
    )
    select (select count(*)::int from h) as count,
           coalesce((select json_agg(json_build_object(
             'id', id, 'level', level, 'daysOverdue', ${asOf}::date - deadline,
             'position', json_build_array(round(ST_X(geom)::numeric, 6), round(ST_Y(geom)::numeric, 6)),
             'gridCode', grid_code, 'gridName', grid_name) order by (level = 'major') desc, deadline, id) from shown), '[]'::json) as items`;
  return { count: row!.count, offset: page.offset, items: row!.items.map((h) => ({ ...h, id: Number(h.id) })) };
}

/**
 * Open petitions on day `asOf` past their deadline (`which` = 'overdue', days past ≥ 0) or within
 * NEAR_DEADLINE_DAYS of it ('near'): acceptance 15 days after receipt, resolution 60 days +
 * extension after acceptance. Most days past first (for 'near': the nearest deadline first), then id.
 */
export async function petitionDeadlinePage(
  tx: Tx,
  code: string,
  asOf: string,
  which: 'overdue' | 'near',
  page: AlertPageRequest
): Promise<AlertPage<PetitionDeadlineAlert>> {
  // Due instants follow petitionDeadlines(): n × 24 h after receipt or acceptance. The clock is the
  // end of day `asOf` in China Standard Time.
  const [row] = await tx<{ count: number; items: PetitionDeadlineAlert[] }[]>`
    with g as (${gridsOf(tx, code)}), now as (
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
    ), listed as (
      select * from flagged where (days_past >= 0) = ${which === 'overdue'}
    ), shown as (
      select * from listed order by days_past desc, id limit ${page.limit} offset ${page.offset}
    )
    select (select count(*)::int from listed) as count,
           coalesce((select json_agg(json_build_object(
             'id', id, 'category', category, 'stage', stage, 'daysPast', days_past,
             'position', json_build_array(round(ST_X(geom)::numeric, 6), round(ST_Y(geom)::numeric, 6)),
             'gridCode', grid_code, 'gridName', grid_name) order by days_past desc, id) from shown), '[]'::json) as items`;
  return { count: row!.count, offset: page.offset, items: row!.items.map((p) => ({ ...p, id: Number(p.id) })) };
}

/** Grids in force on `asOf` without a daily report for it (the rule of /api/analytics/daily-reports), by code, each with a point inside it. */
export async function missingReportPage(
  tx: Tx,
  code: string,
  asOf: string,
  page: AlertPageRequest
): Promise<AlertPage<Place>> {
  const report = await gridsMissingReport(tx, code, asOf);
  const missing = [...report.missing].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const shown = missing.slice(page.offset, page.offset + page.limit);
  const points = shown.length
    ? await tx<{ id: number; x: number; y: number }[]>`
        select id, round(ST_X(ST_PointOnSurface(geom))::numeric, 6)::float8 as x, round(ST_Y(ST_PointOnSurface(geom))::numeric, 6)::float8 as y
        from area where id in ${tx(shown.map((g) => g.id))}`
    : [];
  const pointOf = new Map(points.map((p) => [Number(p.id), [p.x, p.y] as [number, number]]));
  return {
    count: missing.length,
    offset: page.offset,
    items: shown.map((g) => ({ gridCode: g.code, gridName: g.name, position: pointOf.get(Number(g.id))! }))
  };
}

/**
 * Grids whose safety pyramid has a thin base over the THIN_BASE_DAYS up to `asOf` (likely
 * under-reporting, by the tier set `safety`): the lowest near-miss ratio first, then the most
 * minor injuries, then code.
 */
export async function thinBasePage(
  tx: Tx,
  code: string,
  asOf: string,
  safety: PyramidConfig,
  page: AlertPageRequest
): Promise<AlertPage<ThinBaseGridAlert>> {
  // Under-reporting is a habit, not an event: judge it over the year up to `asOf`, whatever the window.
  const thinFrom = addDays(asOf, -(THIN_BASE_DAYS - 1));
  const tierRows = await tx<
    { code: string; name: string; x: number; y: number; serious: number; minor: number; near_miss: number }[]
  >`
    with g as (${gridsOf(tx, code)})
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
  thin.sort(
    (a, b) =>
      (a.observedRatio ?? 0) - (b.observedRatio ?? 0) ||
      b.minor - a.minor ||
      (a.gridCode < b.gridCode ? -1 : a.gridCode > b.gridCode ? 1 : 0)
  );
  return { count: thin.length, offset: page.offset, items: thin.slice(page.offset, page.offset + page.limit) };
}

/** One page of one alert list (petition lists only for callers that may read cases: the route checks). */
export function alertPage(
  tx: Tx,
  list: AlertListId,
  code: string,
  asOf: string,
  safety: PyramidConfig,
  page: AlertPageRequest
): Promise<AlertPage<unknown>> {
  switch (list) {
    case 'overdueHazards':
      return overdueHazardPage(tx, code, asOf, page);
    case 'petitionsOverdue':
      return petitionDeadlinePage(tx, code, asOf, 'overdue', page);
    case 'petitionsNear':
      return petitionDeadlinePage(tx, code, asOf, 'near', page);
    case 'missingDailyReports':
      return missingReportPage(tx, code, asOf, page);
    case 'thinBaseGrids':
      return thinBasePage(tx, code, asOf, safety, page);
  }
}

/**
 * What needs a commander's attention under `code` on day `asOf` (China Standard Time): hazards past
 * their rectification deadline, open petitions past or within NEAR_DEADLINE_DAYS of their deadline
 * (two lists), thin-base grids, and grids without a daily report for `asOf` — each list's complete
 * count and its first ALERT_LIST_LIMIT items; `alertPage` gives the rest.
 */
export async function commandAlerts(
  tx: Tx,
  code: string,
  asOf: string,
  withPetitions: boolean,
  safety: PyramidConfig
): Promise<CommandAlerts> {
  const first = { offset: 0, limit: ALERT_LIST_LIMIT };
  const overdueHazards = await overdueHazardPage(tx, code, asOf, first);
  const missingDailyReports = await missingReportPage(tx, code, asOf, first);
  const petitionDeadlines = withPetitions
    ? {
        nearDays: NEAR_DEADLINE_DAYS,
        overdue: await petitionDeadlinePage(tx, code, asOf, 'overdue', first),
        near: await petitionDeadlinePage(tx, code, asOf, 'near', first)
      }
    : null;
  const thinBaseGrids = await thinBasePage(tx, code, asOf, safety, first);
  return { asOf, missingDailyReports, overdueHazards, petitionDeadlines, thinBaseGrids };
}
