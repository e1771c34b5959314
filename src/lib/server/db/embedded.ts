/**
 * The embedded default database: PGlite (PostgreSQL compiled to WASM) with PostGIS, served on a
 * loopback socket by @electric-sql/pglite-socket so that postgres.js talks to it exactly as to a
 * server. See https://pglite.dev/docs/pglite-socket and FIELD-NOTES (one connection, 2 GiB heap,
 * no ST_AsMVT).
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { StartupError } from './startup-error';

/** A running embedded database. */
export interface EmbeddedDatabase {
  host: string;
  port: number;
  /** Stop the socket server and close PGlite (flushes its files). */
  stop(): Promise<void>;
}

/**
 * Make sure `dir` exists and is writable by this process.
 * @throws StartupError naming the folder and what to do.
 */
export function assertWritableDir(dir: string): void {
  // Kernel file systems are no place for a database, and mkdir there can loop forever (Node's
  // recursive mkdir under /proc never returns): refuse them by name first.
  if (/^\/(proc|sys|dev)(\/|$)/.test(resolve(dir))) {
    throw new StartupError(
      `DATA_DIR "${dir}" is on a kernel file system (/proc, /sys or /dev): set DATA_DIR to a folder on a disk, e.g. .data/pglite.`
    );
  }
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, 'ok');
    unlinkSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new StartupError(
      `DATA_DIR "${dir}" is not writable (${code}): set DATA_DIR to a folder this user can write, or fix its permissions.`
    );
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take an exclusive lock on the data directory: two processes writing the same PGlite files
 * corrupt them. A lock left by a dead process is taken over.
 */
const lockedHere = new Set<string>();

function lockDataDir(dir: string): () => void {
  const lockPath = join(dir, 'app.lock');
  if (lockedHere.has(lockPath)) {
    throw new StartupError(
      `DATA_DIR "${dir}" is in use by another running instance (pid ${process.pid}, this process): stop it, or set DATA_DIR to another folder.`
    );
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      lockedHere.add(lockPath);
      return () => {
        lockedHere.delete(lockPath);
        rmSync(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lockPath, 'utf8'));
      // Our own pid in a lock file we do not hold means a previous run with a reused pid (pid 1
      // in a container): stale.
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) {
        throw new StartupError(
          `DATA_DIR "${dir}" is in use by another running instance (pid ${pid}): stop it, or set DATA_DIR to another folder.`
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new StartupError(`Could not lock DATA_DIR "${dir}": remove ${lockPath} and start again.`);
}

/**
 * Start PGlite with PostGIS and serve it on 127.0.0.1 on a free port.
 * @param dataDir folder for the database files, or `memory://` for a throw-away database (tests).
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const inMemory = dataDir.startsWith('memory://');
  let unlock = () => {};
  let pgDir = dataDir;
  if (!inMemory) {
    assertWritableDir(dataDir);
    unlock = lockDataDir(dataDir);
    pgDir = join(dataDir, 'pgdata');
  }
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir: inMemory ? undefined : pgDir, extensions: { postgis } });
  } catch (err) {
    unlock();
    throw new StartupError(
      `The embedded database in "${pgDir}" could not be opened (${(err as Error).message}): move that folder away to start fresh, or set DATA_DIR to another folder.`
    );
  }
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const conn = server.getServerConn();
  const port = Number(conn.slice(conn.lastIndexOf(':') + 1));
  return {
    host: '127.0.0.1',
    port,
    async stop() {
      await server.stop();
      await db.close();
      unlock();
    }
  };
}
