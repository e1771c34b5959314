/**
 * The size of the data a bench ran on, for `recordDataset()` and for the `dataset` of its measures:
 * events are the rows of the four fact tables (hazards, incidents, petition cases, inspections).
 */
import type { Sql } from '../../src/lib/server/db/connect';
import { countRows } from '../../src/lib/server/seed/write-dataset';
import { recordDataset } from './report';

/** Tables whose rows count as events. */
export const EVENT_TABLES = ['hazard', 'incident', 'petition_case', 'inspection'] as const;

/** Where the data lives: the embedded PGlite or a PostGIS server. */
export type Engine = 'embedded' | 'server';

/** A data set as the report names it. */
export interface DatasetSize {
  /** e.g. `embedded 0.18M events`, `server 1.00M events`. */
  name: string;
  events: number;
  /** Rows per event table, plus any other tables the bench depends on. */
  tables: Record<string, number>;
}

/** `embedded 0.18M events` (millions from 100,000 up), `embedded 4,512 events` below. */
export function datasetName(engine: Engine, events: number): string {
  return `${engine} ${events >= 1e5 ? `${(events / 1e6).toFixed(2)}M` : events.toLocaleString('en')} events`;
}

/** A data set from row counts per table (e.g. `/api/health`'s `counts`). */
export function datasetFromCounts(
  engine: Engine,
  counts: Record<string, number>,
  alsoTables: readonly string[] = []
): DatasetSize {
  const tables: Record<string, number> = {};
  for (const t of [...EVENT_TABLES, ...alsoTables]) tables[t] = counts[t] ?? 0;
  const events = EVENT_TABLES.reduce((s, t) => s + (counts[t] ?? 0), 0);
  return { name: datasetName(engine, events), events, tables };
}

/**
 * Count the rows of the database and record the data set for `bench`; returns its name and size.
 * `note` is appended to the name (e.g. `100,000 sites`).
 */
export async function recordDatabase(
  bench: string,
  engine: Engine,
  sql: Sql,
  alsoTables: readonly string[] = [],
  note?: string
): Promise<DatasetSize> {
  const d = datasetFromCounts(engine, await countRows(sql), alsoTables);
  if (note) d.name += `, ${note}`;
  recordSize(bench, engine, d);
  return d;
}

/** Record a data set for `bench`. */
export function recordSize(bench: string, engine: Engine, d: DatasetSize): void {
  recordDataset({
    bench,
    dataset: d.name,
    engine: engine === 'embedded' ? 'PGlite (embedded)' : 'PostGIS server',
    events: d.events,
    tables: d.tables
  });
}
