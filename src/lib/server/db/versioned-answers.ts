/**
 * The last answer of each map point layer, kept while the data it was read from is unchanged
 * (issue 8). Migration 0010 bumps `data_version(name)` in every transaction that writes the table;
 * an answer is stored with the version read *before* its query ran, so it holds everything committed
 * up to that version (its query's snapshot is later). A request reads the current version first
 * and gets the stored answer only when the versions are equal — whatever was committed before the
 * request, the answer has it. Keys are the shared-read keys (role, home area, path and parameters):
 * row-level security gives every caller of a key the same rows.
 *
 * Unlike shared reads (shared-read.ts), this spans requests that do not overlap: a hundred
 * commanders opening the same 90-day layer within a minute cost one query while no one writes that
 * table. An inspector's visit changes hazards, never petition cases, so it leaves the petition layer
 * stored.
 *
 * The analytic panels read many tables: they are stored under the 'all' version (migration 0015),
 * the sum of every table's version, which any writing statement to any of them raises.
 */
import type { Sql } from './connect';

/** Tables with a data version (migrations 0010 and 0015), or 'all' for any of them. */
export type VersionedTable = 'hazard' | 'petition_case' | 'all';

interface Entry {
  version: string;
  body: Uint8Array<ArrayBuffer>;
}

/** Most bytes kept per process; the oldest-used answers go first. */
export const MAX_STORED_BYTES = 64 * 2 ** 20;

interface Store {
  entries: Map<string, Entry>;
  bytes: number;
  /** Answers being read, by key: requests that read the same version wait for it. */
  reading: Map<string, { version: string; body: Promise<Uint8Array<ArrayBuffer>> }>;
}

const stores = new WeakMap<Sql, Store>();

function storeOf(sql: Sql): Store {
  let s = stores.get(sql);
  if (!s) stores.set(sql, (s = { entries: new Map(), bytes: 0, reading: new Map() }));
  return s;
}

/** The current version of `table`'s data. */
export async function dataVersion(sql: Sql, table: VersionedTable): Promise<string> {
  const [row] =
    table === 'all'
      ? await sql<{ v: string | null }[]>`select sum(version)::text as v from data_version`
      : await sql<{ v: string | null }[]>`select version::text as v from data_version where name = ${table}`;
  if (!row?.v) throw new Error(`no data version for ${table}: is migration 0010 applied?`);
  return row.v;
}

/**
 * The stored answer of `key` if `table` is at the version it was read at; otherwise `compute()`
 * (which must read `table` under the caller's row-level security), stored with the version read
 * before it ran.
 */
export async function versionedAnswer(
  sql: Sql,
  table: VersionedTable,
  key: string,
  compute: () => Promise<Uint8Array<ArrayBuffer>>,
  options: { fresh?: boolean } = {}
): Promise<Uint8Array<ArrayBuffer>> {
  return (await versionedAnswerWithSource(sql, table, key, compute, options)).body;
}

/** Where an answer came from: kept from an earlier request, shared with one in flight, or computed for this one. */
export type AnswerSource = 'stored' | 'joined' | 'computed';

/**
 * {@link versionedAnswer} with where its answer came from. `fresh` (a request with
 * `Cache-Control: no-cache`) skips the stored answer and computes again (and stores the result).
 */
export async function versionedAnswerWithSource(
  sql: Sql,
  table: VersionedTable,
  key: string,
  compute: () => Promise<Uint8Array<ArrayBuffer>>,
  { fresh = false }: { fresh?: boolean } = {}
): Promise<{ body: Uint8Array<ArrayBuffer>; source: AnswerSource }> {
  const store = storeOf(sql);
  const version = await dataVersion(sql, table);
  const hit = fresh ? undefined : store.entries.get(key);
  if (hit && hit.version === version) {
    // Most recently used last: Map keeps insertion order.
    store.entries.delete(key);
    store.entries.set(key, hit);
    return { body: hit.body, source: 'stored' };
  }
  // After a write, every request reads the new version and misses: the first reads the answer,
  // the others that read the same version wait for it. That is still fresh for them: a write
  // committed before their version read would have moved the version past this one.
  const pending = store.reading.get(key);
  if (pending && pending.version === version && !fresh) return { body: await pending.body, source: 'joined' };
  const reading = compute();
  store.reading.set(key, { version, body: reading });
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await reading;
  } finally {
    if (store.reading.get(key)?.body === reading) store.reading.delete(key);
  }
  const old = store.entries.get(key);
  // A slower request that read an older version must not replace a newer answer.
  if (old && BigInt(old.version) > BigInt(version)) return { body, source: 'computed' };
  if (old) {
    store.entries.delete(key);
    store.bytes -= old.body.byteLength;
  }
  if (body.byteLength <= MAX_STORED_BYTES) {
    store.entries.set(key, { version, body });
    store.bytes += body.byteLength;
    for (const [k, e] of store.entries) {
      if (store.bytes <= MAX_STORED_BYTES) break;
      store.entries.delete(k);
      store.bytes -= e.body.byteLength;
    }
  }
  return { body, source: 'computed' };
}

/** How many answers and bytes are stored (for tests and diagnostics). */
export function storedAnswers(sql: Sql): { count: number; bytes: number } {
  const s = storeOf(sql);
  return { count: s.entries.size, bytes: s.bytes };
}
