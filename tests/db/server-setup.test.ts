/**
 * The README's server setup, as `.ci/run` does it: a database owned by a non-superuser with
 * CREATEROLE and `SET` on app.trusted. The migrations apply as that owner, the demo data seeds,
 * and a signed-in request reads through row-level security.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Sql } from '../../src/lib/server/db/connect';
import { loadMigrations, migrate } from '../../src/lib/server/db/migrate';
import { createSession } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';
import { trusted, withCaller } from '../../src/lib/server/db/contexts';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { requireCapability } from '../support/ci';
import { MIGRATIONS_DIR } from '../support/db';

const url = process.env.SERVER_SETUP_DATABASE_URL;
const run = requireCapability(
  'the README server setup',
  Boolean(url),
  'SERVER_SETUP_DATABASE_URL is not set (.ci/run sets it)'
);

describe.skipIf(!run)('a server database owned by a non-superuser, set up as the README says', () => {
  let sql: Sql;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const db = await openDatabase({ databaseUrl: url!, dataDir: 'unused', max: 2 });
    sql = db.sql;
    close = db.close;
  });
  afterAll(async () => {
    await close?.();
  });

  test('the owner is not a superuser, the migrations apply (twice: the second changes nothing) and the demo seeds', async () => {
    const [me] = await sql<
      { superuser: boolean }[]
    >`select rolsuper as superuser from pg_roles where rolname = current_user`;
    expect(me!.superuser).toBe(false);
    const first = await migrate(sql, loadMigrations(MIGRATIONS_DIR));
    const again = await migrate(sql, loadMigrations(MIGRATIONS_DIR));
    expect(again.applied).toEqual([]);
    expect(again.level).toBe(first.level);
    const report = await seedDemo(sql, { seed: 3, endDate: '2026-11-23', scale: 0.02 });
    expect(report.counts.area).toBeGreaterThan(600);
  });

  test('a signed-in commander of one sub-district reads its grids and no others', async () => {
    const [sub] = await trusted(
      sql,
      (tx) => tx<{ code: string }[]>`select code from area where level = 'subdistrict' order by code limit 1`
    );
    const id = await createUser(sql, {
      username: `setup_${Date.now().toString(36)}`,
      displayName: 'setup',
      role: 'commander',
      homeAreaCode: sub!.code,
      password: 'a-long-test-password'
    });
    const token = await createSession(sql, id);
    const rows = await withCaller(
      sql,
      token,
      (tx) => tx<{ code: string }[]>`select code from area where level = 'grid' and valid_to is null`
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.code.startsWith(`${sub!.code}-`))).toBe(true);
  });
});
