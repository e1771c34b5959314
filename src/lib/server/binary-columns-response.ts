/**
 * Content negotiation of the endpoints that answer JSON or binary columns (docs/binary-columns.md):
 * binary for `?format=bin`, or without `format` when the Accept header names
 * application/octet-stream; JSON otherwise, so existing callers keep their answer.
 */
import type { Sql } from './db/connect';
import type { Tx } from './db/contexts';
import { sharedReadKey, withCallerShared } from './db/shared-read';

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
 * A shared read (db/shared-read.ts) answered as binary columns: `encode` runs once per group of
 * identical waiting requests, each gets the same bytes.
 */
export async function readSharedBinary<T>(sql: Sql, locals: App.Locals, url: URL, fn: (tx: Tx) => Promise<T>, encode: (answer: T) => Uint8Array<ArrayBuffer>): Promise<Response> {
  const bytes = await withCallerShared(sql, locals.sessionToken!, `${sharedReadKey(locals.user!, url)}#bin`, fn, encode);
  return binaryColumnsResponse(bytes);
}
