/**
 * A first start that generates the demo data leaves the planner real statistics (seedDemo ends
 * with ANALYZE), on both engines. The embedded engine runs no autovacuum: without them it guessed one
 * grid where there are 805 and nested-looped every grid over all hazards (the command map's alerts:
 * 29 s per request instead of 1.2 s; every request timed out at 10 and 100 connections in
 * bench/http-load).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeDatabase, getSql, initDatabase } from '../../src/lib/server/db';
import { trusted } from '../../src/lib/server/db/contexts';
import { engines, type TestDatabase } from '../support/db';

const TABLES = ['area', 'hazard', 'incident', 'petition_case', 'daily_report'];

describe.each(engines())('first start with demo data on $name', (engine) => {
  let scratch: TestDatabase | undefined;
  let dataDir: string | undefined;
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    DATA_DIR: process.env.DATA_DIR,
    DEMO_DATA: process.env.DEMO_DATA
  };

  beforeAll(async () => {
    if (engine.name === 'pglite') {
      dataDir = mkdtempSync(join(tmpdir(), 'pingan-stats-'));
      delete process.env.DATABASE_URL;
      process.env.DATA_DIR = dataDir;
    } else {
      scratch = await engine.create({ migrated: false });
      process.env.DATABASE_URL = scratch.url!;
    }
    process.env.DEMO_DATA = 'on';
    await initDatabase(() => {});
  }, 600_000);
  afterAll(async () => {
    await closeDatabase();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await scratch?.close();
  });

  test('every fact table has column statistics', async () => {
    const sql = await getSql();
    const rows = await sql<{ tablename: string }[]>`
      select distinct tablename from pg_stats where schemaname = 'public' and tablename in ${sql(TABLES)}`;

    expect(rows.map((r) => r.tablename).sort()).toEqual([...TABLES].sort());
  });

  test('the planner estimates the grids of the district from those statistics', async () => {
    const sql = await getSql();
    const [counted] = await trusted(
      sql,
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from area where level = 'grid' and valid_to is null`
    );
    const [plan] = await trusted(
      sql,
      (tx) => tx<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]>`
      explain (format json) select id from area where level = 'grid' and valid_to is null`
    );
    const estimated = plan!['QUERY PLAN'][0].Plan['Plan Rows'];

    expect(counted!.n).toBeGreaterThan(600);
    // Within a tenth of the true count (ANALYZE samples every row of a table this small).
    expect(Math.abs(estimated - counted!.n) / counted!.n).toBeLessThan(0.1);
  });
});
