import type { Sql } from '../db/connect';
import { countRows } from '../seed/write-dataset';
import type { HealthReport } from '../../api/health';

/** Read PostgreSQL and PostGIS versions, the migration level, row counts and the data set's facts. */
export async function readHealth(sql: Sql): Promise<HealthReport> {
  const [v] = await sql<{ postgres: string; postgis: string; level: number | null }[]>`
    select current_setting('server_version') as postgres,
           postgis_lib_version() as postgis,
           (select max(version) from schema_migrations) as level`;
  const [meta] = await sql.begin(async (tx) => {
    await tx`select set_config('app.trusted', 'on', true)`;
    return tx<{ value: HealthReport['dataset'] }[]>`select value from dataset_meta where key = 'demo'`;
  });
  return {
    postgres: v!.postgres,
    postgis: v!.postgis,
    migrationLevel: v!.level ?? 0,
    counts: await countRows(sql),
    dataset: meta?.value ?? null
  };
}
