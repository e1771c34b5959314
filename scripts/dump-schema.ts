/**
 * `npm run schema`: write db/schema.sql, today's schema, from a fresh embedded PGlite database with
 * every migration applied (src/lib/server/db/dump-schema.ts). Needs no server and no data.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/lib/server/db/connect';
import { dumpSchema } from '../src/lib/server/db/dump-schema';
import { loadMigrations, migrate } from '../src/lib/server/db/migrate';
import { projectRoot } from '../src/lib/server/project-root';

async function main() {
  const root = projectRoot();
  const migrations = loadMigrations(join(root, 'db', 'migrations'));
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(db.sql, migrations);
    const text = await dumpSchema(db.sql, migrations);
    const file = join(root, 'db', 'schema.sql');
    writeFileSync(file, text);
    console.log(`Wrote ${file}: ${text.split('\n').length - 1} lines from ${migrations.length} migrations.`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
