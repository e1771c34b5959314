/**
 * `npm run seed [-- --seed N --end-date YYYY-MM-DD --scale X]`: replace the data with the generated
 * Tianqiao demo data. Uses DATABASE_URL when set, else the embedded database in DATA_DIR (stop the
 * app first: one process owns the embedded files). Prints row counts, checksums and timings.
 *
 * Scale: 1 = the demo (~190k rows); 20 ≈ 1.5M events, for benchmarks against a PostGIS server.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { readConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/connect';
import { loadMigrations, migrate } from '../src/lib/server/db/migrate';
import { StartupError } from '../src/lib/server/db/startup-error';
import { projectRoot } from '../src/lib/server/project-root';
import { seedDemo } from '../src/lib/server/seed/seed-demo';
import { todayInChina } from '../src/lib/seed/dates';

const argsSchema = z.object({
  seed: z.coerce.number().int().nonnegative().max(2 ** 31).optional(),
  'end-date': z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-23')
    .refine((d) => !Number.isNaN(Date.parse(d)), 'is not a real date')
    .optional(),
  scale: z.coerce.number().positive().max(200).default(1)
});

async function main() {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, 'end-date': { type: 'string' }, scale: { type: 'string' } },
    strict: true
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StartupError(`--${issue.path.join('.')} ${issue.message}`);
  }
  const args = parsed.data;
  const config = readConfig();
  if (!config.databaseUrl && args.scale > 2) {
    throw new StartupError(
      `--scale ${args.scale} is too large for the embedded database (2 GiB WASM heap): set DATABASE_URL to a PostGIS server for scales above 2.`
    );
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db.sql, loadMigrations(join(projectRoot(), 'db', 'migrations')));
    const seed = args.seed ?? config.demoSeed;
    const endDate = args['end-date'] ?? todayInChina();
    console.log(`[seed] ${db.mode} database: seed ${seed}, end date ${endDate}, scale ${args.scale}`);
    const report = await seedDemo(db.sql, { seed, endDate, scale: args.scale });
    const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
    console.table(Object.fromEntries(Object.entries(report.counts).map(([t, n]) => [t, { rows: n, checksum: report.checksums[t] }])));
    console.log(`[seed] ${total} rows: generated in ${(report.generateMs / 1000).toFixed(1)} s, written in ${(report.writeMs / 1000).toFixed(1)} s (${Math.round(total / (report.writeMs / 1000))} rows/s)`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  const message = err instanceof StartupError ? err.message : (err as Error).message;
  console.error(`Seed failed: ${message.split('\n')[0]}`);
  process.exit(1);
});
