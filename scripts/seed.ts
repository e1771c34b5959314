/**
 * `npm run seed [-- --seed N --end-date YYYY-MM-DD --scale X]`: replace the data with the generated
 * Tianqiao demo data. Uses DATABASE_URL when set, else the embedded database in DATA_DIR (stop the
 * app first: one process owns the embedded files). Prints row counts, checksums and timings.
 *
 * Scale: 1 = the demo (~190k rows); 20 ≈ 1.5M events, for benchmarks against a PostGIS server.
 *
 * `--events N` then grows the seeded district to N events in the database (amplify-events.ts:
 * copies of the demo's events back in time and denser, same places and proportions), e.g.
 * `DATABASE_URL=postgres://…/scratch npm run seed -- --events 10000000` for the scale benchmarks.
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
import { amplifyEvents } from '../src/lib/server/seed/amplify-events';
import { todayInChina } from '../src/lib/core/dates';

const argsSchema = z.object({
  seed: z.coerce
    .number()
    .int()
    .nonnegative()
    .max(2 ** 31)
    .optional(),
  'end-date': z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-23')
    .refine((d) => !Number.isNaN(Date.parse(d)), 'is not a real date')
    .optional(),
  scale: z.coerce.number().positive().max(200).default(1),
  events: z.coerce.number().int().positive().max(100_000_000).optional()
});

/** Most events the embedded database takes from --events (its WASM heap is 2 GiB). */
const EMBEDDED_MAX_EVENTS = 400_000;

async function main() {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      'end-date': { type: 'string' },
      scale: { type: 'string' },
      events: { type: 'string' }
    },
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
  if (!config.databaseUrl && (args.events ?? 0) > EMBEDDED_MAX_EVENTS) {
    throw new StartupError(
      `--events ${args.events} is too many for the embedded database (at most ${EMBEDDED_MAX_EVENTS}): set DATABASE_URL to a scratch PostGIS database.`
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
    console.table(
      Object.fromEntries(Object.entries(report.counts).map(([t, n]) => [t, { rows: n, checksum: report.checksums[t] }]))
    );
    console.log(
      `[seed] ${total} rows: generated in ${(report.generateMs / 1000).toFixed(1)} s, written in ${(report.writeMs / 1000).toFixed(1)} s (${Math.round(total / (report.writeMs / 1000))} rows/s)`
    );
    if (args.events) {
      const t0 = performance.now();
      const grown = await amplifyEvents(db.sql, {
        events: args.events,
        progress: (done, all) => {
          if (done === all || done % Math.max(1, Math.floor(all / 10)) === 0)
            console.log(`[seed] copies ${done}/${all} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
        }
      });
      console.table(grown.counts);
      console.log(
        `[seed] ${grown.events} events from ${grown.baseEvents} by ${grown.copies} copies over ${grown.periods} periods in ${((performance.now() - t0) / 1000).toFixed(0)} s`
      );
    }
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  const message = err instanceof StartupError ? err.message : (err as Error).message;
  console.error(`Seed failed: ${message.split('\n')[0]}`);
  process.exit(1);
});
