import type { Tx } from '../db/contexts';
import type { AreaRef } from '../../api/common';
export type { AreaRef };

/** The area with this code, current or as of a day, if it lies in the caller's view (row-level security). */
export async function findArea(tx: Tx, code: string, asOf?: string): Promise<AreaRef | null> {
  const [row] = await tx<
    AreaRef[]
  >`select id, code, name, level from area where code = ${code} and ${validOn(tx, asOf)}`;
  return row ?? null;
}

/**
 * Boundaries of a day: the versions valid that day (valid_from ≤ day < valid_to), or the current
 * ones. With a day, events belong to the grid that covered them that day (grid_at, migration 0006),
 * so past statistics reproduce with past boundaries.
 */
const validOn = (tx: Tx, asOf?: string) =>
  asOf === undefined
    ? tx`valid_to is null`
    : tx`valid_from <= ${asOf}::date and (valid_to is null or valid_to > ${asOf}::date)`;
/**
 * Whether a fact lay, on `asOf`, in one of the CTE `grids` (the subtree's versions valid that day).
 * Facts always sit on current grids (0013); a current grid that was already valid on `asOf` had the
 * same outline then, so its facts keep it — an index lookup, not a point-in-polygon test per row.
 * Only facts in grids drawn after `asOf` are placed with grid_at (0006). The two differ only for a
 * point exactly on an edge between a current grid and one closed since (docs/topology.md). The
 * query needs the CTE `unchanged`: current grids valid on `asOf`.
 * At the demo size this took the 90-day pyramid with `asOf` from 24 s to the current path's time.
 */
const inGridsAsOf = (tx: Tx, asOf: string) =>
  tx`(grid_id in (select id from grids) or (grid_id not in (select id from unchanged) and grid_at(geom, ${asOf}::date) in (select id from grids)))`;
const unchangedGrids = (tx: Tx, asOf: string) =>
  tx`select id from area where level = 'grid' and valid_to is null and valid_from <= ${asOf}::date`;

/** Safety tier counts of an area in [from, to) plus the overdue-hazard stock at both ends. */
export interface SafetyCounts {
  serious: number;
  minor: number;
  near_miss: number;
  /** Hazards found before `to` and not rectified by then. */
  open_hazard: number;
  /**
   * Hazards overdue on the window's last day (`to` − 1), and on the day before `from` (the end of
   * the previous period): open at the end of that day with the deadline before it — the alerts'
   * definition (docs/analytics.md, "Overdue"): a hazard due on a day is not yet overdue on it.
   */
  overdue_now: number;
  overdue_before: number;
}

/**
 * Safety pyramid counts for an area's subtree, computed next to the data. Days are China Standard
 * Time; `from` and `to` are the first day and the day after the last day.
 */
export async function safetyCounts(
  tx: Tx,
  code: string,
  from: string,
  to: string,
  asOf?: string
): Promise<SafetyCounts> {
  if (asOf === undefined) return currentSafetyCounts(tx, code, from, to);
  const [row] = await tx<SafetyCounts[]>`
    with grids as (
      select id from area where level = 'grid' and ${validOn(tx, asOf)} and (code = ${code} or code like ${code + '-%'})
    ), unchanged as (${unchangedGrids(tx, asOf)}
    ), events as (
      select tier from incident
      where domain = 'safety' and ${inGridsAsOf(tx, asOf)}
        and occurred_at >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
        and occurred_at < (${to}::date)::timestamp at time zone 'Asia/Shanghai'
    ), stock as (
      select found_on, deadline, rectified_on from hazard where ${inGridsAsOf(tx, asOf)}
    )
    select
      (select count(*)::int from events where tier = 'serious') as serious,
      (select count(*)::int from events where tier = 'minor') as minor,
      (select count(*)::int from events where tier = 'near_miss') as near_miss,
      (select count(*)::int from stock where found_on < ${to}::date and (rectified_on is null or rectified_on >= ${to}::date)) as open_hazard,
      (select count(*)::int from stock where found_on < ${to}::date and deadline < ${to}::date - 1
         and (rectified_on is null or rectified_on >= ${to}::date)) as overdue_now,
      (select count(*)::int from stock where found_on < ${from}::date and deadline < ${from}::date - 1
         and (rectified_on is null or rectified_on >= ${from}::date)) as overdue_before`;
  return row!;
}

/** Stability tier counts of an area in [from, to). Needs a role that reads petition rows. */
export interface StabilityCounts {
  mass_incident: number;
  group_or_escalated: number;
  individual: number;
  screening: number;
}

/**
 * Stability pyramid counts: mass incidents; petitions by 5 or more people (集体访) or that went
 * above the district (越级: city, province, national); other petitions; disputes found by
 * screening (排查).
 */
export async function stabilityCounts(
  tx: Tx,
  code: string,
  from: string,
  to: string,
  asOf?: string
): Promise<StabilityCounts> {
  if (asOf === undefined) return currentStabilityCounts(tx, code, from, to);
  const [row] = await tx<StabilityCounts[]>`
    with grids as (
      select id from area where level = 'grid' and ${validOn(tx, asOf)} and (code = ${code} or code like ${code + '-%'})
    ), unchanged as (${unchangedGrids(tx, asOf)}
    ), cases as (
      select channel, group_size, level_reached from petition_case
      where ${inGridsAsOf(tx, asOf)}
        and received_at >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
        and received_at < (${to}::date)::timestamp at time zone 'Asia/Shanghai'
    )
    select
      (select count(*)::int from incident where domain = 'stability' and ${inGridsAsOf(tx, asOf)}
         and occurred_at >= (${from}::date)::timestamp at time zone 'Asia/Shanghai'
         and occurred_at < (${to}::date)::timestamp at time zone 'Asia/Shanghai') as mass_incident,
      (select count(*)::int from cases where channel <> 'screening'
         and (group_size >= 5 or level_reached in ('city', 'province', 'national'))) as group_or_escalated,
      (select count(*)::int from cases where channel <> 'screening'
         and group_size < 5 and level_reached not in ('city', 'province', 'national')) as individual,
      (select count(*)::int from cases where channel = 'screening') as screening`;
  return row!;
}

/**
 * Safety counts with the current boundaries, from the per-grid per-day rollup (migration 0007),
 * and the hazard stock read through two indexes: hazards still open, and hazards rectified on or
 * after `from` (open at `from`, and at `to` when rectified on or after it). Equal to the raw-row
 * query above (tests/db/pyramid.test.ts recounts both from the raw rows).
 */
async function currentSafetyCounts(tx: Tx, code: string, from: string, to: string): Promise<SafetyCounts> {
  const [row] = await tx<SafetyCounts[]>`
    with grids as (
      select id from area where level = 'grid' and valid_to is null and (code = ${code} or code like ${code + '-%'})
    ), tiers as (
      select coalesce(sum(serious), 0)::int as serious, coalesce(sum(minor), 0)::int as minor,
             coalesce(sum(near_miss), 0)::int as near_miss
      from incident_daily where grid_id in (select id from grids) and day >= ${from}::date and day < ${to}::date
    ), stock as (
      select found_on, deadline, rectified_on from hazard
      where grid_id in (select id from grids) and rectified_on is null and found_on < ${to}::date
      union all
      select found_on, deadline, rectified_on from hazard
      where grid_id in (select id from grids) and rectified_on is not null and rectified_on >= ${from}::date
        and found_on < ${to}::date
    )
    select tiers.*,
      (select count(*)::int from stock where rectified_on is null or rectified_on >= ${to}::date) as open_hazard,
      (select count(*)::int from stock where deadline < ${to}::date - 1 and (rectified_on is null or rectified_on >= ${to}::date)) as overdue_now,
      (select count(*)::int from stock where found_on < ${from}::date and deadline < ${from}::date - 1) as overdue_before
    from tiers`;
  return row!;
}

/** Stability counts with the current boundaries, from the per-grid per-day rollups (migration 0007). */
async function currentStabilityCounts(tx: Tx, code: string, from: string, to: string): Promise<StabilityCounts> {
  const [row] = await tx<StabilityCounts[]>`
    with grids as (
      select id from area where level = 'grid' and valid_to is null and (code = ${code} or code like ${code + '-%'})
    )
    select
      (select coalesce(sum(mass_incident), 0)::int from incident_daily
        where grid_id in (select id from grids) and day >= ${from}::date and day < ${to}::date) as mass_incident,
      p.*
    from (
      select coalesce(sum(group_or_escalated), 0)::int as group_or_escalated, coalesce(sum(individual), 0)::int as individual,
             coalesce(sum(screening), 0)::int as screening
      from petition_daily where grid_id in (select id from grids) and day >= ${from}::date and day < ${to}::date
    ) p`;
  return row!;
}
