/**
 * A throw-away database on a PostgreSQL server for a bench that seeds its own data: created
 * beside the database `serverUrl` names (which is never written), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/lib/server/db/connect';

/** Run `fn` with the URL of a new empty database on `serverUrl`'s server; drop it afterwards. */
export async function withScratchDatabase<T>(
  serverUrl: string,
  prefix: string,
  fn: (url: string) => Promise<T>
): Promise<T> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`create database ${admin(name)}`;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    try {
      return await fn(url.toString());
    } finally {
      await admin`drop database if exists ${admin(name)} with (force)`;
    }
  } finally {
    await admin.end();
  }
}

/**
 * Run `measure` on a fresh embedded database, then — when BENCH_DATABASE_URL names a server — on a
 * scratch database there (created and dropped by {@link withScratchDatabase}).
 */
export async function onEmbeddedAndScratchServer(
  prefix: string,
  measure: (engine: 'embedded' | 'server', db: Database) => Promise<void>,
  max = 2
): Promise<void> {
  const embedded = await openDatabase({ dataDir: 'memory://' });
  try {
    await measure('embedded', embedded);
  } finally {
    await embedded.close();
  }
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    console.log('(BENCH_DATABASE_URL=<a PostGIS server> adds the server, in a scratch database)');
    return;
  }
  await withScratchDatabase(serverUrl, prefix, async (url) => {
    const db = await openDatabase({ databaseUrl: url, dataDir: 'unused', max });
    try {
      await measure('server', db);
    } finally {
      await db.close();
    }
  });
}
