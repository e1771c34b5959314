/**
 * The two ways server code talks to the database:
 * - withCaller: a request on behalf of a signed-in user. The transaction runs as pingan_app (not
 *   superuser, not owner) with the session token set locally, so row-level security scopes every
 *   row to the user's role and area (db/migrations/0002_access_control.sql).
 * - trusted: server code acting for the system (start-up, sign-in, the audit writer) as the owner,
 *   with app.trusted set locally so the owner's policy lets it through.
 * Both use set_config(…, true): local to the transaction, so a pooled connection never carries one
 * request's identity into the next. Both pass the heavy-request gate (heavy-gate.ts): a heavy
 * request's transactions take turns, so light requests never queue behind many of them.
 */
import type postgres from 'postgres';
import type { Sql } from './connect';
import { admitted } from './heavy-gate';

export type Tx = postgres.TransactionSql<Record<string, unknown>>;

/*
 * Both contexts plan every statement for its parameters (plan_cache_mode, transaction-local, in the
 * same round trip as the identity). The client
 * prepares statements; after five runs PostgreSQL may switch to a generic plan that cannot see the
 * window's days: at 10M events the pyramid's stock query then estimated "rectified on or after $6"
 * as a third of all hazards and took seconds instead of milliseconds, and a generic plan prunes
 * time partitions only at executor start. Planning costs a few milliseconds; these are analytical
 * queries.
 */
let requestTimeoutMs = 10_000;

/**
 * The statement timeout of every request transaction, milliseconds (REQUEST_TIMEOUT_MS, set once at
 * start-up): a statement that runs longer is cancelled with SQLSTATE 57014 and the request answers
 * 503, so no request holds the database from other users for longer.
 */
export function setRequestTimeout(ms: number): void {
  if (!(Number.isInteger(ms) && ms >= 1000))
    throw new RangeError(`request timeout must be a whole number of milliseconds ≥ 1000, got ${ms}`);
  requestTimeoutMs = ms;
}

/** Run `fn` in a transaction as the request role, on behalf of the session `token`. */
export async function withCaller<T>(sql: Sql, token: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return admitted(
    sql,
    () =>
      sql.begin(async (tx) => {
        await tx`select set_config('role', 'pingan_app', true), set_config('app.session_token', ${token}, true), set_config('plan_cache_mode', 'force_custom_plan', true),
                    set_config('statement_timeout', ${String(requestTimeoutMs)}, true)`;
        return fn(tx as unknown as Tx);
      }) as Promise<T>
  );
}

/** Run `fn` in a transaction as trusted server code (owner, app.trusted = on). */
export async function trusted<T>(sql: Sql, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return admitted(
    sql,
    () =>
      sql.begin(async (tx) => {
        await tx`select set_config('app.trusted', 'on', true), set_config('plan_cache_mode', 'force_custom_plan', true)`;
        return fn(tx as unknown as Tx);
      }) as Promise<T>
  );
}
