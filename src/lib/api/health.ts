/**
 * GET /api/health: the answer when the database answers and when it does not, and a client
 * function. Browser-safe (types only).
 */
import { requestJson, type FetchFn } from './common';

/** Where the data lives: the embedded PGlite or a PostgreSQL/PostGIS server. */
export type DatabaseMode = 'embedded' | 'server';

/** The demo data set's facts, when the database holds one. */
export interface DatasetFacts {
  seed: number;
  /** YYYY-MM-DD. */
  startDate: string;
  endDate: string;
  generated: boolean;
}

/** Versions and contents of the database. */
export interface HealthReport {
  postgres: string;
  postgis: string;
  /** Number of the last migration applied (db/migrations/NNNN_…). */
  migrationLevel: number;
  /** Rows per table. */
  counts: Record<string, number>;
  dataset: DatasetFacts | null;
}

/** The answer of GET /api/health: 200 `ok` with the report, or 503 `unavailable` with Retry-After. */
export type HealthAnswer =
  | ({ status: 'ok'; mode: DatabaseMode } & HealthReport)
  | { status: 'unavailable'; mode: DatabaseMode; message: string };

/**
 * The database's health (GET /api/health). A 503 throws an ApiError whose `body` is the
 * `unavailable` answer.
 */
export function getHealth(
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<Extract<HealthAnswer, { status: 'ok' }>> {
  return requestJson('/api/health', { signal }, fetchFn);
}
