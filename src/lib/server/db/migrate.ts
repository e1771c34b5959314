/**
 * Forward-only schema migrations: numbered SQL files `db/migrations/NNNN_name.sql`, each applied
 * once, in order, in its own transaction, and recorded in `schema_migrations`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sql } from './connect';
import { StartupError } from './startup-error';

/** One migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Read the migrations in `dir`, sorted by version.
 * @throws Error when a file name does not follow `NNNN_name.sql` or two files share a number.
 */
export function loadMigrations(dir: string): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const m = FILE_PATTERN.exec(file);
    if (!m) throw new Error(`Migration file "${file}" must be named NNNN_lower_snake_name.sql`);
    const version = Number(m[1]);
    if (seen.has(version)) throw new Error(`Two migration files share the number ${m[1]}`);
    seen.add(version);
    const text = readFileSync(join(dir, file), 'utf8');
    return { version, name: m[2]!, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
  });
}

/** What a migration run did. */
export interface MigrationResult {
  applied: number[];
  level: number;
}

/**
 * Apply the migrations not yet recorded. Running it again changes nothing.
 * An advisory lock keeps two app instances on one server from migrating at once.
 * @throws StartupError when an applied migration's file was edited afterwards.
 */
export async function migrate(sql: Sql, migrations: Migration[]): Promise<MigrationResult> {
  await sql`
    create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`;
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(7301050001)`;
      const [row] = await tx<{ checksum: string }[]>`
        select checksum from schema_migrations where version = ${m.version}`;
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new StartupError(
            `Migration ${String(m.version).padStart(4, '0')}_${m.name} was edited after it was applied: migrations are forward-only, so restore the file and add a new numbered migration instead.`
          );
        }
        return false;
      }
      // Migration files are the project's own SQL, never request data.
      await tx.unsafe(m.sql);
      await tx`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`;
      return true;
    });
    if (done) applied.push(m.version);
  }
  const [level] = await sql<{ level: number | null }[]>`select max(version) as level from schema_migrations`;
  return { applied, level: level?.level ?? 0 };
}
