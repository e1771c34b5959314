/**
 * Write a generated demo data set into the database in one transaction: existing data is
 * replaced, ids are the generator's, and every located row gets its grid from the database's own
 * point-in-polygon trigger (assign_grid), exactly as a live write would.
 */
import type { Sql } from '../db/connect';
import type { DemoDataset } from '../../seed/types';

/** Tables holding data, in dependency order. */
export const DATA_TABLES = [
  'area',
  'enterprise',
  'staff',
  'hazard',
  'incident',
  'petition_case',
  'inspection',
  'daily_report',
  'sensitive_period'
] as const;

const BATCH = 5000;

function* chunks<T>(rows: T[], size = BATCH): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

const xs = (rows: { position: number[] }[]) => rows.map((r) => r.position[0]!);
const ys = (rows: { position: number[] }[]) => rows.map((r) => r.position[1]!);

/**
 * Replace all data with `dataset`.
 * @returns row counts per table as written
 */
export async function writeDataset(sql: Sql, dataset: DemoDataset): Promise<Record<string, number>> {
  await sql.begin(async (tx) => {
    // Trusted server code: the owner's row-level-security policy admits it (0002_access_control).
    await tx`select set_config('app.trusted', 'on', true)`;
    await tx`truncate ${tx(DATA_TABLES as unknown as string[])} restart identity cascade`;
    // One recount of the per-day rollups at the end instead of a trigger per row (0007).
    await tx`truncate incident_daily, petition_daily`;
    await tx`select set_config('app.rollups_deferred', 'on', true)`;

    for (const batch of chunks(dataset.areas, 200)) {
      await tx`
        insert into area (id, code, district_code, level, parent_id, name, households, population, geom, valid_from)
        select id, code, district_code, level, parent_id, name, households, population,
               ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326), valid_from
        from unnest(
          ${batch.map((a) => a.id)}::bigint[], ${batch.map((a) => a.code)}::text[],
          ${batch.map((a) => a.districtCode)}::text[], ${batch.map((a) => a.level)}::text[],
          ${batch.map((a) => a.parentId)}::bigint[], ${batch.map((a) => a.name)}::text[],
          ${batch.map((a) => a.households)}::int[], ${batch.map((a) => a.population)}::int[],
          ${batch.map((a) => JSON.stringify(a.geom))}::text[], ${batch.map((a) => a.validFrom)}::date[]
        ) as t(id, code, district_code, level, parent_id, name, households, population, geom, valid_from)
        order by id`;
    }

    for (const b of chunks(dataset.enterprises)) {
      await tx`
        insert into enterprise (id, name, industry, risk_class, employees, created_on, geom)
        select id, name, industry, risk_class, employees, created_on, ST_SetSRID(ST_MakePoint(x, y), 4326)
        from unnest(
          ${b.map((r) => r.id)}::bigint[], ${b.map((r) => r.name)}::text[], ${b.map((r) => r.industry)}::text[],
          ${b.map((r) => r.riskClass)}::text[], ${b.map((r) => r.employees)}::int[], ${b.map((r) => r.createdOn)}::date[],
          ${xs(b)}::float8[], ${ys(b)}::float8[]
        ) as t(id, name, industry, risk_class, employees, created_on, x, y)
        order by id`;
    }

    for (const b of chunks(dataset.staff)) {
      await tx`
        insert into staff (id, district_code, role, display_name, home_area_id, capacity_per_week)
        select t.id, a.district_code, t.role, t.display_name, t.home_area_id, t.capacity
        from unnest(
          ${b.map((r) => r.id)}::bigint[], ${b.map((r) => r.role)}::text[], ${b.map((r) => r.displayName)}::text[],
          ${b.map((r) => r.homeAreaId)}::bigint[], ${b.map((r) => r.capacityPerWeek)}::int[]
        ) as t(id, role, display_name, home_area_id, capacity)
        join area a on a.id = t.home_area_id
        order by t.id`;
    }

    for (const b of chunks(dataset.hazards)) {
      await tx`
        insert into hazard (id, enterprise_id, level, status, source, found_on, deadline, rectified_on, verified_on, geom)
        select id, enterprise_id, level, status, source, found_on, deadline, rectified_on, verified_on,
               ST_SetSRID(ST_MakePoint(x, y), 4326)
        from unnest(
          ${b.map((r) => r.id)}::bigint[], ${b.map((r) => r.enterpriseId)}::bigint[], ${b.map((r) => r.level)}::text[],
          ${b.map((r) => r.status)}::text[], ${b.map((r) => r.source)}::text[], ${b.map((r) => r.foundOn)}::date[],
          ${b.map((r) => r.deadline)}::date[], ${b.map((r) => r.rectifiedOn)}::date[], ${b.map((r) => r.verifiedOn)}::date[],
          ${xs(b)}::float8[], ${ys(b)}::float8[]
        ) as t(id, enterprise_id, level, status, source, found_on, deadline, rectified_on, verified_on, x, y)
        order by id`;
    }

    for (const b of chunks(dataset.incidents)) {
      await tx`
        insert into incident (id, enterprise_id, domain, tier, category, occurred_at, deaths, serious_injuries,
                              minor_injuries, participants, geom)
        select id, enterprise_id, domain, tier, category, occurred_at, deaths, serious_injuries, minor_injuries,
               participants, ST_SetSRID(ST_MakePoint(x, y), 4326)
        from unnest(
          ${b.map((r) => r.id)}::bigint[], ${b.map((r) => r.enterpriseId)}::bigint[], ${b.map((r) => r.domain)}::text[],
          ${b.map((r) => r.tier)}::text[], ${b.map((r) => r.category)}::text[], ${b.map((r) => r.occurredAt)}::timestamptz[],
          ${b.map((r) => r.deaths)}::int[], ${b.map((r) => r.seriousInjuries)}::int[], ${b.map((r) => r.minorInjuries)}::int[],
          ${b.map((r) => r.participants)}::int[], ${xs(b)}::float8[], ${ys(b)}::float8[]
        ) as t(id, enterprise_id, domain, tier, category, occurred_at, deaths, serious_injuries, minor_injuries,
               participants, x, y)
        order by id`;
    }

    for (const b of chunks(dataset.petitions)) {
      await tx`
        insert into petition_case (id, received_at, channel, category, group_size, repeat_of_id, level_reached, status,
                                   accepted_at, extension_days, closed_at, resolution_method, geom)
        select id, received_at, channel, category, group_size, repeat_of_id, level_reached, status, accepted_at,
               extension_days, closed_at, resolution_method, ST_SetSRID(ST_MakePoint(x, y), 4326)
        from unnest(
          ${b.map((r) => r.id)}::bigint[], ${b.map((r) => r.receivedAt)}::timestamptz[], ${b.map((r) => r.channel)}::text[],
          ${b.map((r) => r.category)}::text[], ${b.map((r) => r.groupSize)}::int[], ${b.map((r) => r.repeatOfId)}::bigint[],
          ${b.map((r) => r.levelReached)}::text[], ${b.map((r) => r.status)}::text[], ${b.map((r) => r.acceptedAt)}::timestamptz[],
          ${b.map((r) => r.extensionDays)}::int[], ${b.map((r) => r.closedAt)}::timestamptz[],
          ${b.map((r) => r.resolutionMethod)}::text[], ${xs(b)}::float8[], ${ys(b)}::float8[]
        ) as t(id, received_at, channel, category, group_size, repeat_of_id, level_reached, status, accepted_at,
               extension_days, closed_at, resolution_method, x, y)
        order by id`;
    }

    // Each case's history as far as its dates go (0016_casework: imported steps).
    await tx`select backfill_case_history()`;

    for (const b of chunks(dataset.inspections)) {
      await tx`
        insert into inspection (id, enterprise_id, inspector_id, inspected_at, result, hazards_found, geom)
        select id, enterprise_id, inspector_id, inspected_at, result, hazards_found, ST_SetSRID(ST_MakePoint(x, y), 4326)
        from unnest(
          ${b.map((r) => r.id)}::bigint[], ${b.map((r) => r.enterpriseId)}::bigint[], ${b.map((r) => r.inspectorId)}::bigint[],
          ${b.map((r) => r.inspectedAt)}::timestamptz[], ${b.map((r) => r.result)}::text[], ${b.map((r) => r.hazardsFound)}::int[],
          ${xs(b)}::float8[], ${ys(b)}::float8[]
        ) as t(id, enterprise_id, inspector_id, inspected_at, result, hazards_found, x, y)
        order by id`;
    }

    for (const b of chunks(dataset.dailyReports, 10_000)) {
      await tx`
        insert into daily_report (grid_id, report_date, district_code, status, issues_count, submitted_at)
        select t.grid_id, t.report_date, a.district_code, t.status, t.issues_count, t.submitted_at
        from unnest(
          ${b.map((r) => r.gridId)}::bigint[], ${b.map((r) => r.reportDate)}::date[], ${b.map((r) => r.status)}::text[],
          ${b.map((r) => r.issuesCount)}::int[], ${b.map((r) => r.submittedAt)}::timestamptz[]
        ) as t(grid_id, report_date, status, issues_count, submitted_at)
        join area a on a.id = t.grid_id`;
    }

    const sp = dataset.sensitivePeriods;
    await tx`
      insert into sensitive_period (id, name, kind, starts_on, ends_on, weight)
      select * from unnest(
        ${sp.map((r) => r.id)}::bigint[], ${sp.map((r) => r.name)}::text[], ${sp.map((r) => r.kind)}::text[],
        ${sp.map((r) => r.startsOn)}::date[], ${sp.map((r) => r.endsOn)}::date[], ${sp.map((r) => r.weight)}::numeric[]
      )`;

    // Explicit ids were inserted: move each identity past them so later writes do not collide.
    for (const table of DATA_TABLES) {
      if (table === 'daily_report') continue;
      await tx`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${tx(table)}), 0) + 1, false)`;
    }
    await tx`select rebuild_rollups(), set_config('app.rollups_deferred', 'off', true)`;

    await tx`
      insert into dataset_meta (key, value) values
        ('demo', ${tx.json({ seed: dataset.seed, startDate: dataset.startDate, endDate: dataset.endDate, generated: true })})
      on conflict (key) do update set value = excluded.value`;
  });
  return countRows(sql);
}

/** Row counts of the data tables. */
export async function countRows(sql: Sql): Promise<Record<string, number>> {
  return sql.begin(async (tx) => {
    await tx`select set_config('app.trusted', 'on', true)`;
    const counts: Record<string, number> = {};
    for (const table of DATA_TABLES) {
      const [row] = await tx<{ n: number }[]>`select count(*)::int as n from ${tx(table)}`;
      counts[table] = row!.n;
    }
    return counts;
  });
}

/**
 * A content checksum per data table: md5 over every row's text in key order, with the time zone
 * pinned so timestamps print the same everywhere. Geometry prints as hex EWKB, bit for bit.
 */
export async function tableChecksums(sql: Sql): Promise<Record<string, string>> {
  return sql.begin(async (tx) => {
    await tx`set local time zone 'Asia/Shanghai'`;
    await tx`select set_config('app.trusted', 'on', true)`;
    const sums: Record<string, string> = {};
    for (const table of DATA_TABLES) {
      const order = table === 'daily_report' ? tx`grid_id, report_date` : tx`id`;
      const [row] = await tx<{ sum: string | null }[]>`
        select md5(coalesce(string_agg(t::text, E'\n' order by ${order}), '')) as sum from ${tx(table)} t`;
      sums[table] = row!.sum ?? '';
    }
    return sums;
  });
}
