/**
 * `npm run user:add -- --username NAME --role ROLE --area CODE [--display-name TEXT]`
 * Create a user. The password is read from standard input (first line), never from the command
 * line (shell history) and never defaulted:
 *
 *   printf '%s\n' 'a long secret password' | npm run user:add -- --username chen --role admin --area 370105
 *
 * Uses DATABASE_URL when set, else the embedded database in DATA_DIR (stop the app first).
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { readConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/connect';
import { loadMigrations, migrate } from '../src/lib/server/db/migrate';
import { projectRoot } from '../src/lib/server/project-root';
import { createUser, newUserSchema } from '../src/lib/server/auth/users';

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (at least 12 characters, then Enter): ');
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

async function main() {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      area: { type: 'string' },
      'display-name': { type: 'string' }
    },
    strict: true
  });
  const password = await readPassword();
  const parsed = newUserSchema.safeParse({
    username: values.username,
    role: values.role,
    homeAreaCode: values.area,
    displayName: values['display-name'] ?? values.username,
    password
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag =
      { homeAreaCode: '--area', displayName: '--display-name', password: 'password (stdin)' }[String(issue.path[0])] ??
      `--${String(issue.path[0])}`;
    throw new Error(`${flag}: ${issue.message}`);
  }
  const config = readConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db.sql, loadMigrations(join(projectRoot(), 'db', 'migrations')));
    const id = await createUser(db.sql, parsed.data);
    console.log(
      `[user] created ${parsed.data.username} (id ${id}): ${parsed.data.role}, area ${parsed.data.homeAreaCode}`
    );
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(`user:add failed: ${(err as Error).message.split('\n')[0]}`);
  process.exit(1);
});
