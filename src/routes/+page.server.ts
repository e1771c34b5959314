import { getDatabase } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const db = await getDatabase();
  const [meta] = await withCaller(db.sql, locals.sessionToken!, (tx) => tx<{ value: { generated: boolean; startDate: string; endDate: string } }[]>`
    select value from dataset_meta where key = 'demo'`);
  return {
    basemapStyle: db.config.basemapStyle ?? null,
    demo: meta?.value ?? null
  };
};
