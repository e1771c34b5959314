import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Sql } from '../db/connect';
import { projectRoot } from '../project-root';
import { generateDemoDataset, type DemoOptions } from '../../seed/generate-demo-dataset';
import type { DemoLayout } from '../../seed/generate-areas';
import { tableChecksums, writeDataset } from './write-dataset';

/** The district outline and layout shipped in data/. */
export function loadDemoInputs(): { outline: Feature<Polygon | MultiPolygon>; layout: DemoLayout } {
  const root = projectRoot();
  const fc = JSON.parse(readFileSync(join(root, 'data', 'tianqiao-370105.geojson'), 'utf8'));
  const layout = JSON.parse(readFileSync(join(root, 'data', 'demo-layout.json'), 'utf8')) as DemoLayout;
  return { outline: fc.features[0], layout };
}

/** What seeding did. */
export interface SeedReport {
  counts: Record<string, number>;
  checksums: Record<string, string>;
  generateMs: number;
  writeMs: number;
}

/**
 * Generate the demo data from `options` and replace the database's data with it, then record
 * the content checksums in dataset_meta.
 */
export async function seedDemo(sql: Sql, options: DemoOptions): Promise<SeedReport> {
  const { outline, layout } = loadDemoInputs();
  const t0 = performance.now();
  const dataset = generateDemoDataset(outline, layout, options);
  const t1 = performance.now();
  const counts = await writeDataset(sql, dataset);
  const checksums = await tableChecksums(sql);
  await sql.begin(async (tx) => {
    await tx`select set_config('app.trusted', 'on', true)`;
    await tx`
      insert into dataset_meta (key, value) values ('checksums', ${tx.json(checksums)})
      on conflict (key) do update set value = excluded.value`;
  });
  // Statistics for the planner now: the embedded database has no autovacuum, and no server's
  // autovacuum analyses a partitioned parent (incident, petition_case). Without them the command
  // map's alerts and risk took ~30 s on a fresh embedded start instead of well under a second.
  await sql`analyze`;
  const t2 = performance.now();
  return { counts, checksums, generateMs: Math.round(t1 - t0), writeMs: Math.round(t2 - t1) };
}
