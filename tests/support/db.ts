/**
 * Fresh databases for database tests, on both engines: the embedded PGlite (always) and a
 * PostgreSQL/PostGIS server when TEST_DATABASE_URL is set (a new database per call, dropped after).
 * Migrations are applied exactly as at start-up.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import postgres from 'postgres';
import { openDatabase, type Sql } from '../../src/lib/server/db/connect';
import { loadMigrations, migrate } from '../../src/lib/server/db/migrate';
import { requireCapability } from './ci';

export const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'db', 'migrations');

/** A fresh, migrated test database. */
export interface TestDatabase {
  sql: Sql;
  /** The server database's URL (superuser); undefined on the embedded engine. */
  url?: string;
  close(): Promise<void>;
}

/** One database engine the suite runs on. */
export interface Engine {
  name: 'pglite' | 'postgis-server';
  /** Create a fresh database with PostGIS; `migrated: false` leaves the schema empty. */
  create(options?: { migrated?: boolean }): Promise<TestDatabase>;
}

const announced = new Set<string>();

/** Print each engine's versions once per test file, so a log shows what the suite ran on. */
async function announce(name: string, sql: Sql) {
  if (announced.has(name)) return;
  announced.add(name);
  const [v] = await sql<
    { pg: string; gis: string }[]
  >`select current_setting('server_version') as pg, postgis_lib_version() as gis`;
  console.log(`[db] ${name}: PostgreSQL ${v!.pg}, PostGIS ${v!.gis}`);
}

const pglite: Engine = {
  name: 'pglite',
  async create({ migrated = true } = {}) {
    const db = await openDatabase({ dataDir: 'memory://' });
    await announce('pglite', db.sql);
    if (migrated) await migrate(db.sql, loadMigrations(MIGRATIONS_DIR));
    return { sql: db.sql, close: db.close };
  }
};

function serverEngine(adminUrl: string): Engine {
  return {
    name: 'postgis-server',
    async create({ migrated = true } = {}) {
      const name = `pingan_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin`create database ${admin(name)}`;
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused', max: 4 });
      await announce('postgis-server', db.sql);
      if (migrated) await migrate(db.sql, loadMigrations(MIGRATIONS_DIR));
      return {
        sql: db.sql,
        url: url.toString(),
        async close() {
          await db.close();
          const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
          await a`drop database if exists ${a(name)} with (force)`;
          await a.end();
        }
      };
    }
  };
}

/**
 * The engines to run a database suite on. PGlite always; the server when TEST_DATABASE_URL is set
 * (skipped with a message otherwise, and a failure under CI=true).
 * Call at the top level of a test file.
 */
export function engines(): Engine[] {
  const url = process.env.TEST_DATABASE_URL;
  const list: Engine[] = [pglite];
  if (
    requireCapability(
      'server PostGIS',
      Boolean(url),
      'TEST_DATABASE_URL is not set (see README: "Tests on a PostGIS server")'
    )
  ) {
    list.push(serverEngine(url!));
  }
  return list;
}
