/**
 * Identical reads waiting for the database at the same moment run once. When a duty room opens the
 * command map together, a hundred requests for the same layer queue for the pool (one connection
 * on the embedded database); each used to run the same query again, so the last waited for all the
 * others (issue 8: p99 of 3–5 s at 100 connections). Now the requests of one scope and query that
 * are still waiting join one transaction and share its answer.
 *
 * Not a cache: a group closes the moment its transaction begins, before its first statement takes
 * a snapshot, and a request arriving later starts a new group. Every answer therefore comes from a
 * snapshot taken after its request arrived: whatever was committed before a request (an inspector's
 * visit, a hazard's status) is in its answer, and nothing is kept once the answer is sent.
 */
import type { SessionUser } from '../auth/sessions';
import type { Sql } from './connect';
import { withCaller, type Tx } from './contexts';

const waiting = new WeakMap<Sql, Map<string, Promise<unknown>>>();

/**
 * The key of a read: what its answer depends on. Row-level security scopes rows by the caller's
 * role and home area (app_session_user(): role, scope_code), permissions follow the role, and the
 * request names the rest (path and query parameters, in a canonical order). Only reads whose answer
 * depends on nothing else of the caller may be shared (not, e.g., one's own visit receipts).
 * @example sharedReadKey(user, new URL('http://x/api/map/hazards?to=2026-11-25&from=2026-08-28'))
 *   // 'commander|370105|/api/map/hazards?from=2026-08-28&to=2026-11-25'
 */
export function sharedReadKey(user: Pick<SessionUser, 'role' | 'homeAreaCode'>, url: URL): string {
  const params = [...url.searchParams].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return `${user.role}|${user.homeAreaCode}|${url.pathname}?${new URLSearchParams(params).toString()}`;
}

/**
 * `withCaller(sql, token, fn)` shared by the reads of the same `key` (see {@link sharedReadKey})
 * that are waiting for a connection together: `fn` runs once, as the first caller of the group, and
 * every caller gets its answer (or its error). The answer is shared: do not mutate it.
 */
export function withCallerShared<T>(sql: Sql, token: string, key: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
/** …with `finish` applied once per group to the answer after the transaction (e.g. serialising it). */
export function withCallerShared<T, U>(
  sql: Sql,
  token: string,
  key: string,
  fn: (tx: Tx) => Promise<T>,
  finish: (answer: T) => U
): Promise<U>;
export function withCallerShared<T, U>(
  sql: Sql,
  token: string,
  key: string,
  fn: (tx: Tx) => Promise<T>,
  finish?: (answer: T) => U
): Promise<T | U> {
  let groups = waiting.get(sql);
  if (!groups) waiting.set(sql, (groups = new Map()));
  const open = groups.get(key);
  if (open) return open as Promise<T | U>;
  const close = () => {
    if (groups.get(key) === group) groups.delete(key);
  };
  const read = withCaller(sql, token, (tx) => {
    // The transaction has begun and no statement has run yet: later requests start a new group.
    close();
    return fn(tx);
  });
  const group: Promise<T | U> = finish ? read.then(finish) : read;
  groups.set(key, group);
  group.then(close, close);
  return group;
}

/** withCallerShared for a request: the signed-in caller's session, keyed by its scope and URL. */
export function readShared<T>(sql: Sql, locals: App.Locals, url: URL, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withCallerShared(sql, locals.sessionToken!, sharedReadKey(locals.user!, url), fn);
}

/**
 * readShared for a JSON answer: serialised once per group (the large map layers cost more to
 * serialise than to query) and answered as `application/json`.
 */
export async function readSharedJson(
  sql: Sql,
  locals: App.Locals,
  url: URL,
  fn: (tx: Tx) => Promise<unknown>
): Promise<Response> {
  const body = await withCallerShared(sql, locals.sessionToken!, `${sharedReadKey(locals.user!, url)}#json`, fn, (v) =>
    JSON.stringify(v)
  );
  return new Response(body, { headers: { 'content-type': 'application/json' } });
}
