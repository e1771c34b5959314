/**
 * db/schema.sql is today's schema: regenerated from a freshly migrated database, it is the
 * committed file byte for byte. The file is generated on the embedded PGlite (`npm run schema`);
 * on a PostGIS server the same migrations must leave the same schema, so the dump of the server's
 * database must equal the file too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dumpSchema } from '../../src/lib/server/db/dump-schema';
import { loadMigrations } from '../../src/lib/server/db/migrate';
import { engines, MIGRATIONS_DIR, type TestDatabase } from '../support/db';

const SCHEMA_FILE = join(MIGRATIONS_DIR, '..', 'schema.sql');

/** The first line where two texts differ, for a failure message a person can act on. */
function firstDifference(committed: string, fresh: string): string {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const n = i === -1 ? a.length : i;
  return `first difference at line ${n + 1}:\n  committed: ${a[n] ?? '(end of file)'}\n  fresh:     ${b[n] ?? '(end of file)'}`;
}

describe.each(engines())('db/schema.sql on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.create();
  });
  afterAll(async () => {
    await db?.close();
  });

  test('the committed schema equals a dump of a freshly migrated database', async () => {
    const fresh = await dumpSchema(db.sql, loadMigrations(MIGRATIONS_DIR));
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    if (committed !== fresh) {
      expect.fail(`db/schema.sql is stale: run npm run schema\n${firstDifference(committed, fresh)}`);
    }
  });

  test('the dump names every migration it results from and every table', async () => {
    const migrations = loadMigrations(MIGRATIONS_DIR);
    const text = await dumpSchema(db.sql, migrations);
    const last = migrations[migrations.length - 1]!;
    expect(text).toContain(`the ${migrations.length} migrations in db/migrations`);
    expect(text).toContain(`${String(last.version).padStart(4, '0')}_${last.name}`);
    const tables = await db.sql<{ name: string }[]>`
      select relname as name from pg_class
      where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') and relname <> 'spatial_ref_sys'
      order by 1`;
    for (const { name } of tables) expect(text, name).toMatch(new RegExp(`^create table ${name} `, 'm'));
  });

  test('two dumps of the same database are the same text', async () => {
    const migrations = loadMigrations(MIGRATIONS_DIR);
    expect(await dumpSchema(db.sql, migrations)).toBe(await dumpSchema(db.sql, migrations));
  });
});
