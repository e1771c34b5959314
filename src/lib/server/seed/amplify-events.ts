/**
 * Scale generator: grow a seeded demo district to a target number of events inside the database,
 * keeping the district's structure — the same grids, enterprises, places, categories, tiers and
 * their proportions — by copying the demo's events set-based in SQL:
 * - back in time, one demo span (three years) per period, up to `periods` periods (a city's ten
 *   years and more); cases and hazards still open in a copied past period are closed there;
 * - denser within each period: further copies shifted back 1–6 days (per row), as if more grids'
 *   worth of events happened at the same places.
 * Copies keep their grid (the point is the original's), so they are written with triggers off
 * (session_replication_role = replica: no per-row point-in-polygon, no per-row rollup upsert, no
 * foreign-key check — every copied reference is the original's) and the rollups are recounted once
 * at the end. That needs a superuser connection: use a scratch database.
 */
import type { Sql } from '../db/connect';
import { countRows } from './write-dataset';

export interface AmplifyOptions {
  /** Target total of events (hazard + incident + petition_case + inspection rows). */
  events: number;
  /** Most periods of the demo's span to go back (default 4: twelve years from a three-year demo). */
  periods?: number;
  /** Called after each copy with the running total. */
  progress?: (done: number, total: number) => void;
}

export interface AmplifyReport {
  baseEvents: number;
  copies: number;
  periods: number;
  events: number;
  counts: Record<string, number>;
}

const EVENT_TABLES = ['hazard', 'incident', 'petition_case', 'inspection'] as const;

async function countEvents(sql: Sql): Promise<Record<string, number>> {
  const all = await countRows(sql);
  return Object.fromEntries(EVENT_TABLES.map((t) => [t, all[t] ?? 0]));
}

/** The copies to make: (period p, density d), (0, 0) being the demo itself; spread evenly over periods. */
export function planCopies(baseEvents: number, target: number, maxPeriods: number): { p: number; d: number }[] {
  const needed = Math.max(0, Math.ceil(target / Math.max(1, baseEvents)) - 1);
  const periods = Math.max(1, Math.min(maxPeriods, needed + 1));
  const out: { p: number; d: number }[] = [];
  for (let d = 0; out.length < needed; d++) {
    for (let p = 0; p < periods && out.length < needed; p++) if (p > 0 || d > 0) out.push({ p, d });
  }
  return out;
}

export async function amplifyEvents(sql: Sql, options: AmplifyOptions): Promise<AmplifyReport> {
  const base = await countEvents(sql);
  const baseEvents = Object.values(base).reduce((a, b) => a + b, 0);
  if (baseEvents === 0) throw new Error('no events to copy: seed the demo first');
  const copies = planCopies(baseEvents, options.events, options.periods ?? 4);
  const [span] = await sql.begin(async (tx) => {
    await tx`select set_config('app.trusted', 'on', true)`;
    return tx<{ first: string; last: string; days: number }[]>`
      select min(d)::text as first, max(d)::text as last, (max(d) - min(d) + 1)::int as days
      from (select cst_day(received_at) as d from petition_case union all select found_on from hazard) x`;
  });
  const periods = Math.max(0, ...copies.map((c) => c.p)) + 1;
  const firstYear = Number(span!.first.slice(0, 4)) - Math.ceil((periods * span!.days) / 365) - 1;
  const lastYear = Number(span!.last.slice(0, 4));
  await sql.begin(async (tx) => {
    await tx`select ensure_year_partitions('incident', ${firstYear}, ${lastYear}), ensure_year_partitions('petition_case', ${firstYear}, ${lastYear})`;
  });
  // The demo's own rows, by id range, so copies never copy copies.
  const [maxIds] = await sql.begin(async (tx) => {
    await tx`select set_config('app.trusted', 'on', true)`;
    return tx<{ h: number; i: number; p: number; s: number }[]>`
      select (select coalesce(max(id), 0) from hazard)::float8 as h, (select coalesce(max(id), 0) from incident)::float8 as i,
             (select coalesce(max(id), 0) from petition_case)::float8 as p, (select coalesce(max(id), 0) from inspection)::float8 as s`;
  });
  let done = 0;
  for (const { p, d } of copies) {
    const period = p * span!.days;
    await sql.begin(async (tx) => {
      await tx`select set_config('app.trusted', 'on', true), set_config('session_replication_role', 'replica', true)`;
      // Shift in days: whole periods back, plus 1–6 days per row for density copies.
      const shift = tx`(${period}::int + case when ${d}::int > 0 then 1 + ((id * 7919 + ${d}::int * 104729) % 6) else 0 end)`;
      await tx`
        insert into hazard (district_code, grid_id, enterprise_id, level, status, source, found_on, deadline, rectified_on, verified_on, geom)
        select district_code, grid_id, enterprise_id, level,
          case when ${p} > 0 and rectified_on is null then 'verified' else status end,
          source, found_on - s, deadline - s,
          case when ${p} > 0 and rectified_on is null then least(deadline, found_on + 20) - s else rectified_on - s end,
          case when ${p} > 0 and rectified_on is null then least(deadline, found_on + 20) - s + 3 else verified_on - s end,
          geom
        from (select *, ${shift}::int as s from hazard where id <= ${maxIds!.h}) h`;
      await tx`
        insert into incident (district_code, grid_id, enterprise_id, domain, tier, category, occurred_at, deaths,
          serious_injuries, minor_injuries, participants, geom)
        select district_code, grid_id, enterprise_id, domain, tier, category, occurred_at - make_interval(days => s), deaths,
          serious_injuries, minor_injuries, participants, geom
        from (select *, ${shift}::int as s from incident where id <= ${maxIds!.i}) x`;
      await tx`
        insert into petition_case (district_code, grid_id, received_at, channel, category, group_size, level_reached, status,
          accepted_at, extension_days, closed_at, resolution_method, geom, summary,
          stage, stage_on, outcome, due_on, due_kind)
        select district_code, grid_id, received_at - make_interval(days => s), channel, category, group_size, level_reached,
          case when reopen then 'resolved' else status end,
          case when reopen then coalesce(accepted_at, received_at + interval '2 days') else accepted_at end - make_interval(days => s),
          extension_days,
          case when reopen then coalesce(accepted_at, received_at + interval '2 days') + interval '25 days' else closed_at end - make_interval(days => s),
          case when reopen then 'people_mediation' else resolution_method end,
          geom, summary,
          -- The lifecycle (0016) as the copy's status says (triggers are off here): an open copy
          -- keeps its stage and its deadline shifted with it (holidays of the shifted days aside: a
          -- benchmark's approximation); an answered or closed one is closed, its review windows over.
          case when reopen or stage not in ('received', 'accepted', 'mediating') then 'closed' else stage end,
          case when reopen then cst_day(coalesce(accepted_at, received_at + interval '2 days') + interval '56 days')
               else stage_on end - s,
          case when reopen then 'resolved' else outcome end,
          case when reopen or stage not in ('received', 'accepted', 'mediating') then null else due_on - s end,
          case when reopen or stage not in ('received', 'accepted', 'mediating') then null else due_kind end
        from (select *, ${shift}::int as s, (${p} > 0 and closed_at is null) as reopen from petition_case where id <= ${maxIds!.p}) x`;
      await tx`
        insert into inspection (district_code, grid_id, enterprise_id, inspector_id, inspected_at, result, hazards_found, geom)
        select district_code, grid_id, enterprise_id, inspector_id, inspected_at - make_interval(days => s), result, hazards_found, geom
        from (select *, ${shift}::int as s from inspection where id <= ${maxIds!.s}) x`;
    });
    done++;
    options.progress?.(done, copies.length);
  }
  await sql.begin(async (tx) => {
    await tx`select set_config('app.trusted', 'on', true)`;
    await tx`select rebuild_rollups()`;
    await tx`
      insert into dataset_meta (key, value) values ('scale', ${tx.json({ baseEvents, copies: copies.length, periods, spanDays: span!.days })})
      on conflict (key) do update set value = excluded.value`;
  });
  await sql`analyze`;
  const counts = await countEvents(sql);
  return {
    baseEvents,
    copies: copies.length,
    periods,
    events: Object.values(counts).reduce((a, b) => a + b, 0),
    counts
  };
}
