/**
 * Content negotiation of the endpoints that answer JSON or binary columns (docs/binary-columns.md):
 * binary for `?format=bin`, or without `format` when the Accept header names
 * application/octet-stream; JSON otherwise, so existing callers keep their answer.
 */
import type { Sql } from './db/connect';
import type { Tx } from './db/contexts';
import { sharedReadKey, withCallerShared } from './db/shared-read';
import { versionedAnswer, type VersionedTable } from './db/versioned-answers';
import { wantsFresh } from './stored-answer';

/** Whether the caller asked for binary columns. */
export function wantsBinary(format: 'json' | 'bin' | undefined, request: Request): boolean {
  if (format) return format === 'bin';
  return /(^|,)\s*application\/octet-stream\s*(;|,|$)/i.test(request.headers.get('accept') ?? '');
}

/** A binary columns answer: application/octet-stream, varying by Accept (the format may come from it). */
export function binaryColumnsResponse(bytes: Uint8Array<ArrayBuffer>): Response {
  return new Response(bytes, {
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength), vary: 'Accept' }
  });
}

/**
 * A map point layer that reads one table: the answer stored for the caller's scope while `table`
 * is unchanged (db/versioned-answers.ts), else a shared read — binary columns or JSON.
 * `Cache-Control: no-cache` reads again.
 */
export async function readLayer<T>(
  sql: Sql,
  locals: App.Locals,
  { url, request }: { url: URL; request: Request },
  table: VersionedTable,
  binary: boolean,
  fn: (tx: Tx) => Promise<T>,
  encode: (answer: T) => Uint8Array<ArrayBuffer>,
  toJson: (answer: T) => unknown
): Promise<Response> {
  const key = `${sharedReadKey(locals.user!, url)}#${binary ? 'bin' : 'json'}`;
  const body = await versionedAnswer(
    sql,
    table,
    key,
    () =>
      withCallerShared(sql, locals.sessionToken!, key, fn, (answer) =>
        binary ? encode(answer) : new TextEncoder().encode(JSON.stringify(toJson(answer)))
      ),
    { fresh: wantsFresh(request) }
  );
  if (binary) return binaryColumnsResponse(body);
  return new Response(body, { headers: { 'content-type': 'application/json', vary: 'Accept' } });
}
