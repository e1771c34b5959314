/**
 * Users a bench signs in as: the demo data's accounts on the embedded default, or bench accounts
 * on a server database (created if missing, as `npm run user:add` does, with a fresh random
 * password each run, so no password is kept anywhere).
 */
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../src/lib/server/db/connect';
import { trusted } from '../../src/lib/server/db/contexts';
import { createUser, DEMO_USERS as SEEDED_USERS } from '../../src/lib/server/auth/users';
import { hashPassword } from '../../src/lib/server/auth/password';
import type { Role } from '../../src/lib/server/access/permissions';

/** A name and password to sign in with. */
export interface Credentials {
  username: string;
  password: string;
}

/** The demo data's accounts (embedded default, DEMO_DATA on), by role. */
export const DEMO_USERS: Record<'commander' | 'planner' | 'inspector' | 'mediator', Credentials> = Object.fromEntries(
  SEEDED_USERS.filter((u) => ['commander', 'planner', 'inspector', 'mediator'].includes(u.username)).map((u) => [
    u.username,
    { username: u.username, password: u.password }
  ])
) as Record<'commander' | 'planner' | 'inspector' | 'mediator', Credentials>;

/**
 * Make sure `username` exists on the server database with `role` and `homeAreaCode`, and give it a
 * fresh random password.
 */
export async function benchUser(
  databaseUrl: string,
  username: string,
  role: Role,
  homeAreaCode: string
): Promise<Credentials> {
  const db = await openDatabase({ databaseUrl, dataDir: 'unused', max: 1 });
  try {
    const password = randomBytes(18).toString('base64url');
    const [row] = await trusted(db.sql, (tx) => tx`select 1 from app_user where username = ${username}`);
    if (row) {
      const hash = await hashPassword(password);
      await trusted(db.sql, (tx) => tx`update app_user set password_hash = ${hash} where username = ${username}`);
    } else {
      await createUser(db.sql, { username, displayName: 'bench', role, homeAreaCode, password });
    }
    return { username, password };
  } finally {
    await db.close();
  }
}
