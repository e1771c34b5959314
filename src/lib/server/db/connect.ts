/**
 * One postgres.js client for both engines: a PostGIS server named by DATABASE_URL, or the embedded
 * PGlite served on a loopback socket. https://github.com/porsager/postgres
 */
import postgres from 'postgres';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded';
import { redactUrl, StartupError } from './startup-error';
import type { DatabaseMode } from '../../api/health';

export type Sql = postgres.Sql<Record<string, unknown>>;

/** Which engine serves the data (named once, in the health answer). */
export type { DatabaseMode };

/** An open database: the client, the engine, and how to close both. */
export interface Database {
  sql: Sql;
  mode: DatabaseMode;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL URL; undefined starts the embedded database. */
  databaseUrl?: string;
  /** Folder of the embedded database (or `memory://`). */
  dataDir: string;
  /** Pool size for a server database (the embedded one always uses one connection). */
  max?: number;
}

const clientDefaults: postgres.Options<Record<string, postgres.PostgresType>> = {
  onnotice: () => {},
  connection: { application_name: 'pingan-yizhangtu' },
  // bigint (int8) ids and counts come back as JS numbers: they stay far below 2^53.
  types: {
    bigint: {
      to: 20,
      from: [20],
      serialize: (x: number | bigint) => String(x),
      parse: (x: string) => Number(x)
    }
  }
};

function describeConnectError(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is PostgreSQL running and listening there?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'connection timed out';
    case '28P01':
    case '28000':
      return 'authentication failed (check user and password)';
    case '3D000':
      return 'database does not exist (create it with createdb)';
    default:
      return (e.message ?? String(err)).split('\n')[0]!;
  }
}

/**
 * Make sure PostGIS is installed in the connected database, creating the extension if the server
 * has it available.
 * @throws StartupError when the server has no PostGIS or the user may not create it.
 */
export async function ensurePostgis(sql: Sql, where: string): Promise<string> {
  const [installed] = await sql<{ extversion: string }[]>`
    select extversion from pg_extension where extname = 'postgis'`;
  if (installed) return installed.extversion;
  const [available] = await sql`select 1 from pg_available_extensions where name = 'postgis'`;
  if (!available) {
    throw new StartupError(
      `PostGIS is not installed on ${where}: install it on the server (Debian: apt-get install postgresql-15-postgis-3), or unset DATABASE_URL to use the embedded database.`
    );
  }
  try {
    await sql`create extension if not exists postgis`;
  } catch (err) {
    throw new StartupError(
      `PostGIS is available on ${where} but could not be enabled (${(err as Error).message}): run "CREATE EXTENSION postgis;" in that database as a superuser.`
    );
  }
  const [now] = await sql<{ extversion: string }[]>`
    select extversion from pg_extension where extname = 'postgis'`;
  return now!.extversion;
}

/**
 * Open the database the configuration names and check that it has PostGIS.
 * @throws StartupError with a one-line explanation when it cannot be reached or lacks PostGIS.
 */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let sql: Sql;
  let where: string;
  if (opts.databaseUrl) {
    where = `the server at DATABASE_URL (${redactUrl(opts.databaseUrl)})`;
    sql = postgres(opts.databaseUrl, { ...clientDefaults, max: opts.max ?? 10, connect_timeout: 10 });
  } else {
    embedded = await startEmbeddedDatabase(opts.dataDir);
    where = `the embedded database in ${opts.dataDir}`;
    sql = postgres({
      ...clientDefaults,
      host: embedded.host,
      port: embedded.port,
      user: 'postgres',
      database: 'postgres',
      max: 1,
      // PGlite answers SSL requests with "no"; skip the round trip.
      ssl: false
    });
  }
  const close = async () => {
    await sql.end({ timeout: 5 });
    await embedded?.stop();
  };
  try {
    await sql`select 1`;
  } catch (err) {
    await close().catch((e: Error) => console.error(`[db] closing after a failed start: ${e.message}`));
    throw new StartupError(
      `Cannot reach ${where}: ${describeConnectError(err)}. Fix DATABASE_URL, start the server, or unset DATABASE_URL to use the embedded database.`
    );
  }
  try {
    await ensurePostgis(sql, where);
  } catch (err) {
    await close().catch((e: Error) => console.error(`[db] closing after a failed start: ${e.message}`));
    throw err;
  }
  return { sql, mode: embedded ? 'embedded' : 'server', close };
}
