import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadMigrations, migrate, type Migration } from '../../src/lib/server/db/migrate';
import { engines, MIGRATIONS_DIR, type TestDatabase } from '../support/db';

describe.each(engines())('migrations on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.create({ migrated: false });
  });
  afterAll(async () => {
    await db?.close();
  });

  test('the first run applies every migration in order and records it', async () => {
    const migrations = loadMigrations(MIGRATIONS_DIR);
    const result = await migrate(db.sql, migrations);
    expect(result.applied).toEqual(migrations.map((m) => m.version));
    const rows = await db.sql<{ version: number }[]>`select version from schema_migrations order by version`;
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
  });

  test('a second run changes nothing', async () => {
    const before = await db.sql`select version, checksum, applied_at from schema_migrations order by version`;
    const result = await migrate(db.sql, loadMigrations(MIGRATIONS_DIR));
    expect(result.applied).toEqual([]);
    const after = await db.sql`select version, checksum, applied_at from schema_migrations order by version`;
    expect(after).toEqual(before);
  });

  test('an applied migration whose file was edited stops start-up with a clear message', async () => {
    const [first] = loadMigrations(MIGRATIONS_DIR) as [Migration];
    const edited = { ...first, sql: `${first.sql}\n-- edited`, checksum: 'different' };
    await expect(migrate(db.sql, [edited])).rejects.toThrow(/was edited after it was applied.*new numbered migration/);
  });

  test('a failing migration leaves no trace (each runs in its own transaction)', async () => {
    const broken: Migration = {
      version: 9999,
      name: 'broken',
      sql: 'create table half_done (id int); select no_such_function();',
      checksum: 'x'
    };
    await expect(migrate(db.sql, [broken])).rejects.toThrow(/no_such_function/);
    const [t] = await db.sql`select to_regclass('half_done') as t`;
    expect(t!.t).toBeNull();
    const [v] = await db.sql`select count(*)::int as n from schema_migrations where version = 9999`;
    expect(v!.n).toBe(0);
  });
});
