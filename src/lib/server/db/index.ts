/**
 * The app's one database handle, opened once per process at start-up (hooks.server.ts `init`):
 * connect (embedded PGlite or DATABASE_URL), check PostGIS, migrate, and seed the demo data when
 * the database is empty.
 */
import { join } from 'node:path';
import { readConfig, type AppConfig } from '../config';
import { seedDemo } from '../seed/seed-demo';
import { todayInChina } from '../../core/dates';
import { openDatabase, type Database, type Sql } from './connect';
import { loadMigrations, migrate } from './migrate';
import { projectRoot } from '../project-root';
import { setRequestTimeout, trusted } from './contexts';
import { createUser, DEMO_USERS } from '../auth/users';

export type { Sql } from './connect';

/** The state of the database after start-up. */
export interface DatabaseState extends Database {
  config: AppConfig;
  migrationLevel: number;
}

let state: Promise<DatabaseState> | undefined;

/**
 * Open, migrate and (when empty) seed the database. Called once; later calls share the result.
 * @param log where progress lines go (default console.log)
 * @throws StartupError on a configuration problem
 */
export function initDatabase(log: (line: string) => void = console.log): Promise<DatabaseState> {
  state ??= (async () => {
    const config = readConfig();
    setRequestTimeout(config.requestTimeoutMs);
    const t0 = performance.now();
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      log(
        db.mode === 'embedded'
          ? `[db] embedded PGlite + PostGIS in ${config.dataDir} (${Math.round(performance.now() - t0)} ms)`
          : `[db] server database ${describeServer(config.databaseUrl!)}`
      );
      const result = await migrate(db.sql, loadMigrations(join(projectRoot(), 'db', 'migrations')));
      if (result.applied.length) log(`[db] applied migrations ${result.applied.join(', ')}; level ${result.level}`);
      const [areas] = await trusted(db.sql, (tx) => tx<{ n: number }[]>`select count(*)::int as n from area`);
      if (areas!.n === 0 && config.demoData) {
        const endDate = todayInChina();
        log(`[seed] empty database: generating the Tianqiao demo data (seed ${config.demoSeed}, up to ${endDate})…`);
        const report = await seedDemo(db.sql, { seed: config.demoSeed, endDate });
        const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
        log(
          `[seed] ${total} rows in ${((report.generateMs + report.writeMs) / 1000).toFixed(1)} s (generate ${report.generateMs} ms, write ${report.writeMs} ms)`
        );
      }
      await ensureUsers(db.sql, db.mode, config.demoData, log);
      return { ...db, config, migrationLevel: result.level };
    } catch (err) {
      await db.close().catch((e: Error) => console.error(`[db] closing after a failed start: ${e.message}`));
      throw err;
    }
  })();
  return state;
}

/**
 * Demo mode (embedded database with demo data) gets one user per role, printed at every start.
 * A server database never gets a default password: its first admin comes from `npm run user:add`.
 */
async function ensureUsers(sql: Sql, mode: 'embedded' | 'server', demoData: boolean, log: (line: string) => void) {
  const [users] = await trusted(sql, (tx) => tx<{ n: number }[]>`select count(*)::int as n from app_user`);
  if (mode === 'embedded' && demoData) {
    if (users!.n === 0) {
      for (const u of DEMO_USERS) await createUser(sql, u);
      await trusted(
        sql,
        (tx) => tx`insert into dataset_meta (key, value) values ('demo_users', 'true') on conflict (key) do nothing`
      );
    }
    const [flag] = await trusted(sql, (tx) => tx`select 1 from dataset_meta where key = 'demo_users'`);
    if (flag) {
      log('[demo] sign in with one of these demo accounts (demo data only):');
      for (const u of DEMO_USERS)
        log(`[demo]   ${u.username.padEnd(10)} ${u.password.padEnd(22)} ${u.role}, area ${u.homeAreaCode}`);
    }
  } else if (users!.n === 0) {
    log(
      '[auth] no users yet: create the first admin with  npm run user:add -- --username <name> --role admin --area <district code>'
    );
  }
}

function describeServer(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(DATABASE_URL)';
  }
}

/** The postgres.js client; only valid after initDatabase() resolved. */
export async function getSql(): Promise<Sql> {
  if (!state) throw new Error('Database not initialised: initDatabase() runs in hooks.server.ts init');
  return (await state).sql;
}

/** The database state; only valid after initDatabase() resolved. */
export async function getDatabase(): Promise<DatabaseState> {
  if (!state) throw new Error('Database not initialised: initDatabase() runs in hooks.server.ts init');
  return state;
}

/** Close the database (tests, shutdown). */
export async function closeDatabase(): Promise<void> {
  if (!state) return;
  const s = state;
  state = undefined;
  await (await s).close();
}
