import { getDatabase } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
  const db = await getDatabase();
  const [meta] = await db.sql<{ value: { generated: boolean; startDate: string; endDate: string } }[]>`
    select value from dataset_meta where key = 'demo'`;
  return {
    basemapStyle: db.config.basemapStyle ?? null,
    demo: meta?.value ?? null
  };
};
