import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { readHealth } from '$lib/server/queries/health';
import { DATABASE_RETRY_AFTER_SECONDS } from '$lib/server/db/unavailable';
import { translator, resolveLocale } from '$lib/i18n/messages';
import type { HealthAnswer } from '$lib/api/health';
import type { RequestHandler } from './$types';

/**
 * How long the database may take to answer the health queries, milliseconds. The embedded engine
 * has one connection, so under load a query waits its turn (seconds, FIELD-NOTES); longer than this
 * is not an answer.
 */
const HEALTH_TIMEOUT_MS = 10_000;

/**
 * GET /api/health — database mode, versions, migration level and row counts; 503 with Retry-After
 * when the database does not answer (refused, shut down, or slower than HEALTH_TIMEOUT_MS).
 */
export const GET: RequestHandler = async ({ url, cookies }) => {
  const db = await getDatabase();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS / 1000} s`)), HEALTH_TIMEOUT_MS);
    });
    const health = await Promise.race([readHealth(db.sql), timeout]);
    return json({ status: 'ok', mode: db.mode, ...health } satisfies HealthAnswer, {
      headers: { 'cache-control': 'no-store' }
    });
  } catch (err) {
    console.error(`[health] database did not answer: ${(err as Error).message}`);
    const t = translator(resolveLocale(url.searchParams.get('lang') ?? cookies.get('lang')));
    return json(
      {
        status: 'unavailable',
        mode: db.mode,
        message: t('error.databaseUnavailable', { seconds: DATABASE_RETRY_AFTER_SECONDS })
      } satisfies HealthAnswer,
      { status: 503, headers: { 'cache-control': 'no-store', 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) } }
    );
  } finally {
    clearTimeout(timer);
  }
};
