import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { StartupError } from './db/startup-error';
import { projectRoot } from './project-root';

/** Settings read from the environment once at start-up. */
export interface AppConfig {
  /** A PostgreSQL/PostGIS server; undefined means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** Folder for the embedded database's files (absolute). */
  dataDir: string;
  /** A MapLibre style URL for a real basemap; undefined means the offline default style. */
  basemapStyle: string | undefined;
  /** Seed of the demo data generator. */
  demoSeed: number;
  /** Whether an empty database gets the demo data at start-up. */
  demoData: boolean;
  /** Petition counts 1…k−1 are hidden from users outside the cases' area (k-anonymity). */
  privacyK: number;
  /**
   * Longest a statement of a user's request may run, milliseconds (statement_timeout of each
   * request transaction): no request can hold the database from others longer. A PostgreSQL server
   * enforces it; the embedded engine cannot interrupt a statement, so there every answer is kept
   * bounded by its queries (docs/scaling.md).
   */
  requestTimeoutMs: number;
  /** The analytics configuration file (absolute), and whether ANALYTICS_CONFIG named it. */
  analyticsConfig: { path: string; explicit: boolean };
}

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: 'DATABASE_URL must start with postgres:// or postgresql:// (or be unset for the embedded database)'
    }),
  DATA_DIR: z.string().trim().optional(),
  BASEMAP_STYLE: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^(https?:\/\/|\/)/.test(v), {
      message: 'BASEMAP_STYLE must be an http(s) URL or a path starting with / to a MapLibre style JSON'
    }),
  DEMO_SEED: z.coerce
    .number()
    .int()
    .nonnegative()
    .max(2 ** 31)
    .default(20261123),
  DEMO_DATA: z.enum(['on', 'off']).default('on'),
  PRIVACY_K: z.coerce.number().int().min(2).max(100).default(5),
  REQUEST_TIMEOUT_MS: z.coerce
    .number({ message: 'REQUEST_TIMEOUT_MS must be a number of milliseconds' })
    .int('REQUEST_TIMEOUT_MS must be a whole number of milliseconds')
    .min(1000, 'REQUEST_TIMEOUT_MS must be at least 1000 (1 s)')
    .max(600_000, 'REQUEST_TIMEOUT_MS must be at most 600000 (10 min)')
    .default(10_000),
  ANALYTICS_CONFIG: z.string().trim().optional()
});

/**
 * Read and validate the configuration from an environment (default `process.env`).
 * @throws StartupError with a one-line message naming the variable to fix.
 */
export function readConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StartupError(`${issue.path.join('.') || 'configuration'}: ${issue.message}`);
  }
  const e = parsed.data;
  const root = projectRoot();
  const dataDir = e.DATA_DIR
    ? isAbsolute(e.DATA_DIR)
      ? e.DATA_DIR
      : resolve(root, e.DATA_DIR)
    : join(root, '.data', 'pglite');
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir,
    basemapStyle: e.BASEMAP_STYLE,
    demoSeed: e.DEMO_SEED,
    demoData: e.DEMO_DATA === 'on',
    privacyK: e.PRIVACY_K,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    analyticsConfig: e.ANALYTICS_CONFIG
      ? {
          path: isAbsolute(e.ANALYTICS_CONFIG) ? e.ANALYTICS_CONFIG : resolve(root, e.ANALYTICS_CONFIG),
          explicit: true
        }
      : { path: join(root, 'config', 'analytics.json'), explicit: false }
  };
}
