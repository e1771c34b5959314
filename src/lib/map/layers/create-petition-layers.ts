import { BitmapLayer, ScatterplotLayer } from '@deck.gl/layers';
import { HexagonLayer } from '@deck.gl/aggregation-layers';
import { DataFilterExtension } from '@deck.gl/extensions';
import type { PetitionColumnsData } from '../petition-payload';
import { PETITION_CLOSED_COLOR, PETITION_DENSITY_COLORS, PETITION_OPEN_COLOR } from '../colors';
import type { HeatAnswer } from '../../api/analytics';
import type { HeatRaster } from '../heat-raster';

export type { PetitionColumnsData };

/** Counts per square bin, as /api/analytics/heat answers them. */
export type { HeatAnswer };

const YL_OR_RD = PETITION_DENSITY_COLORS;

/**
 * Petition heatmap (信访热力) from server-side bins, drawn as one image (see heat-raster.ts): the
 * browser never gets one point per case, and no GPU aggregation is compiled.
 */
export function createPetitionHeatLayer(raster: HeatRaster, options: { opacity?: number } = {}) {
  return new BitmapLayer({
    id: 'petition-heat',
    image: new ImageData(raster.rgba as Uint8ClampedArray<ArrayBuffer>, raster.width, raster.height),
    bounds: raster.bounds,
    textureParameters: { minFilter: 'linear', magFilter: 'linear' },
    opacity: options.opacity ?? 1,
    pickable: false
  });
}

/** Petition hexbins: cases received in `dayRange` (inclusive day numbers), weighted by group size. */
export function createPetitionHexLayer(
  cols: PetitionColumnsData,
  dayRange: [number, number],
  options: { opacity?: number } = {}
) {
  const picked: number[] = [];
  for (let i = 0; i < cols.count; i++) {
    const d = cols.receivedDay[i]!;
    if (d >= dayRange[0] && d <= dayRange[1]) picked.push(i);
  }
  return new HexagonLayer<number>({
    id: 'petition-hex',
    data: picked,
    getPosition: (i) => [cols.positions[2 * i]!, cols.positions[2 * i + 1]!],
    getColorWeight: (i) => cols.weight[i]!,
    colorAggregation: 'SUM',
    // One demolition cluster would otherwise push every other hexagon into the palest class.
    colorScaleType: 'quantile',
    radius: 400,
    coverage: 0.9,
    extruded: false,
    pickable: true,
    gpuAggregation: false,
    colorRange: YL_OR_RD,
    opacity: options.opacity ?? 0.8,
    updateTriggers: { getPosition: dayRange }
  });
}

/** Binary attributes of the petition point layer, built once per data set. */
export function petitionPointAttributes(cols: PetitionColumnsData) {
  // Decoded binary columns already hold Float32 positions: used as they are, no copy.
  const positions = cols.positions instanceof Float32Array ? cols.positions : new Float32Array(cols.positions);
  const days = new Float32Array(cols.receivedDay);
  const colors = new Uint8Array(cols.count * 4);
  for (let i = 0; i < cols.count; i++) colors.set(cols.open[i] ? PETITION_OPEN_COLOR : PETITION_CLOSED_COLOR, i * 4);
  // Stable `data` reference: playback only changes the filter range (see hazardAttributes).
  const data = {
    length: cols.count,
    attributes: {
      getPosition: { value: positions, size: 2 },
      getFillColor: { value: colors, size: 4, normalized: true },
      getFilterValue: { value: days, size: 1 }
    }
  };
  return { positions, days, colors, data };
}

/** Petition cases as small points (open ones darker), filtered on the GPU by the day received. */
export function createPetitionPointLayer(
  attributes: ReturnType<typeof petitionPointAttributes>,
  dayRange: [number, number],
  options: { opacity?: number } = {}
) {
  return new ScatterplotLayer({
    id: 'petition-points',
    data: attributes.data,
    radiusUnits: 'pixels',
    getRadius: 2.5,
    pickable: false,
    opacity: options.opacity ?? 1,
    filterRange: dayRange,
    extensions: [new DataFilterExtension({ filterSize: 1 })]
  } as never);
}
