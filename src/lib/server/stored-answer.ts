/**
 * The analytic panels of the command map, kept while the data is unchanged (issue 16: the first
 * view in seconds). A panel's answer (risk, pyramids, trends, alerts, timeline, priorities,
 * allocation, hotspots, heat) is stored per scope — role, home area, language, path and parameters,
 * and the day in China (defaults such as "as of today" follow it) — under the 'all' data version
 * (db/versioned-answers.ts, migration 0015): any write to a table the panels read makes the next
 * request compute again. Only 200 answers are kept; a refusal (403, 404, 400) is answered each time,
 * with its audit row. `Cache-Control: no-cache` computes again (a hard reload, the bench's baseline).
 *
 * Each answer says where it came from in `x-answer: stored | joined | computed`.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { todayInChina } from '../core/dates';
import { getSql } from './db';
import { sharedReadKey } from './db/shared-read';
import { versionedAnswerWithSource } from './db/versioned-answers';

/** A response that is not kept (not 200, or not JSON): handed back as it was. */
class NotKept {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: ArrayBuffer
  ) {}
}

/** Whether the request asks for an answer computed again (`Cache-Control: no-cache`, as a hard reload sends). */
export function wantsFresh(request: Request): boolean {
  return /(^|,)\s*no-cache\s*(,|$)/i.test(request.headers.get('cache-control') ?? '');
}

/** The key of a stored panel answer (see the module comment). */
export function storedAnswerKey(locals: App.Locals, url: URL): string {
  return `${sharedReadKey(locals.user!, url)}|${locals.locale}|${todayInChina()}`;
}

/**
 * `respond()` (the route's handler) answered from the store when the data is unchanged since it was
 * last computed for this key; otherwise computed, kept when it is a 200 JSON answer.
 */
export async function storedAnswer(
  event: Pick<RequestEvent, 'url' | 'locals' | 'request'>,
  respond: () => Promise<Response>
): Promise<Response> {
  const { url, locals, request } = event;
  const fresh = wantsFresh(request);
  try {
    const { body, source } = await versionedAnswerWithSource(
      await getSql(),
      'all',
      storedAnswerKey(locals, url),
      async () => {
        const res = await respond();
        const bytes = await res.arrayBuffer();
        if (res.status !== 200 || !/^application\/json\b/.test(res.headers.get('content-type') ?? ''))
          throw new NotKept(res.status, res.headers, bytes);
        return new Uint8Array(bytes);
      },
      { fresh }
    );
    return new Response(body, { headers: { 'content-type': 'application/json', 'x-answer': source } });
  } catch (err) {
    if (err instanceof NotKept) return new Response(err.body.slice(0), { status: err.status, headers: err.headers });
    throw err;
  }
}
