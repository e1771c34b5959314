/**
 * Whether an error means "the database is not there right now" (answer 503 and ask to retry)
 * rather than "this request went wrong" (500). Connection failures come three ways: Node's socket
 * errors (ECONNREFUSED …, possibly inside an AggregateError when a host has several addresses),
 * postgres.js's own codes (CONNECTION_CLOSED, CONNECTION_ENDED, CONNECTION_DESTROYED,
 * CONNECT_TIMEOUT: https://github.com/porsager/postgres#connection-errors) and the server's
 * SQLSTATEs of class 08 (connection exception), 57P01–57P03 (admin / crash shutdown, cannot
 * connect now) and 53300 (too many connections):
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */

/** Seconds a client is asked to wait (Retry-After) before it tries again. */
export const DATABASE_RETRY_AFTER_SECONDS = 10;

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN'
]);
const CLIENT_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * True when `err` (or its cause, or one of an AggregateError's errors) is a connection failure.
 * @example
 * isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) // true
 * isDatabaseUnavailable(Object.assign(new Error('syntax error'), { code: '42601' }))                              // false
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || CLIENT_CODES.has(code) || SERVER_CODES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  const nested = (err as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable((err as { cause?: unknown }).cause, depth + 1);
}

/** SQLSTATE of a statement cancelled by statement_timeout (REQUEST_TIMEOUT_MS, contexts.ts). */
const STATEMENT_TIMEOUT = '57014';

/** Why the database could not answer a request (see {@link databaseRefusal}). */
export type DatabaseRefusal = 'unavailable' | 'timeout' | 'busy';

/**
 * Why the database could not answer a request, when that is the reason it failed: `unavailable`
 * (a connection failure, see {@link isDatabaseUnavailable}), `timeout` (the request's statement
 * ran past REQUEST_TIMEOUT_MS and was cancelled) or `busy` (a heavy request found no turn at the
 * gate, heavy-gate.ts); null for any other error. All answer 503.
 */
export function databaseRefusal(err: unknown): DatabaseRefusal | null {
  if (isDatabaseUnavailable(err)) return 'unavailable';
  const code = (err as { code?: unknown } | null)?.code;
  if (code === STATEMENT_TIMEOUT) return 'timeout';
  return code === 'GATE_BUSY' ? 'busy' : null;
}
