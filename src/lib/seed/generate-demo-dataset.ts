import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { dateOfDay, dayNumber } from '../core/dates';
import { generateAreas, type DemoLayout } from './generate-areas';
import { generateEvents } from './generate-events';
import { createRandom } from '../core/random';
import type { DemoDataset } from './types';

/** Options of the demo data generator. */
export interface DemoOptions {
  /** Seed: the same seed, end date and scale give the same data, row for row. */
  seed: number;
  /** Last day of the data (YYYY-MM-DD, China Standard Time); the data covers three years up to it. */
  endDate: string;
  /** Multiplier of event volumes (1 = the demo: about 50,000 petition cases). */
  scale?: number;
  /** Days of daily reports before the end date (default 120). */
  reportDays?: number;
}

/**
 * Generate the whole demo data set of the Tianqiao district from a seed. Pure: no I/O.
 * @param outline the real district outline (data/tianqiao-370105.geojson, feature 370105)
 * @param layout data/demo-layout.json
 */
export function generateDemoDataset(
  outline: Feature<Polygon | MultiPolygon>,
  layout: DemoLayout,
  options: DemoOptions
): DemoDataset & { underReportingGridIds: number[] } {
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 200)) throw new Error(`scale must be in (0, 200], got ${scale}`);
  const end = dayNumber(options.endDate);
  const startDate = dateOfDay(end - 3 * 365);
  const rng = createRandom(options.seed);
  const validFrom = `${Number(startDate.slice(0, 4)) - 1}-01-01`;
  const areas = generateAreas(outline, layout, rng.fork('areas'), validFrom);
  const kinds = layout.subdistricts.map((s) => s.kind);
  const events = generateEvents(areas, kinds, rng.fork('events'), {
    startDate,
    endDate: options.endDate,
    scale,
    reportDays: options.reportDays ?? 120
  });
  return { seed: options.seed, endDate: options.endDate, startDate, areas, ...events };
}
