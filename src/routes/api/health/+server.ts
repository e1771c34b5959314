import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { readHealth } from '$lib/server/queries/health';
import type { RequestHandler } from './$types';

/** GET /api/health — database mode, versions, migration level and row counts. */
export const GET: RequestHandler = async () => {
  const db = await getDatabase();
  const health = await readHealth(db.sql);
  return json({ status: 'ok', mode: db.mode, ...health }, { headers: { 'cache-control': 'no-store' } });
};
