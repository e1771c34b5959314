/**
 * A throw-away database on a PostgreSQL server for a bench that seeds its own data: created
 * beside the database `serverUrl` names (which is never written), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** Run `fn` with the URL of a new empty database on `serverUrl`'s server; drop it afterwards. */
export async function withScratchDatabase<T>(serverUrl: string, prefix: string, fn: (url: string) => Promise<T>): Promise<T> {
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
