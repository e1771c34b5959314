/**
 * What the demo generator recorded about the dataset (the `dataset_meta` row `demo`).
 */
import type { Tx } from '../db/contexts';

/** The `demo` entry of dataset_meta: whether the data is generated, and the days it spans. */
export interface DemoMeta {
  generated: boolean;
  /** YYYY-MM-DD, China Standard Time. */
  startDate: string;
  /** YYYY-MM-DD, China Standard Time: the generation day. */
  endDate: string;
}

/** The demo dataset's description, or null when the database holds no demo data. */
export async function demoMeta(tx: Tx): Promise<DemoMeta | null> {
  const [meta] = await tx<{ value: DemoMeta }[]>`
    select value from dataset_meta where key = 'demo'`;
  return meta?.value ?? null;
}
