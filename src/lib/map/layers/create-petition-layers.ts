import { ScatterplotLayer } from '@deck.gl/layers';
import { HeatmapLayer, HexagonLayer } from '@deck.gl/aggregation-layers';
import { DataFilterExtension } from '@deck.gl/extensions';
import type { PetitionColumnsData } from '../petition-payload';
import { PETITION_CLOSED_COLOR, PETITION_DENSITY_COLORS, PETITION_OPEN_COLOR } from '../colors';
import type { HeatBins as HeatBinsData } from '../../api/analytics';

export type { PetitionColumnsData };

/** Counts per square bin, as /api/analytics/heat answers them. */
export type { HeatBinsData };

const YL_OR_RD = PETITION_DENSITY_COLORS;

/** Bin centres and counts as binary columns. */
export function heatBinPoints(bins: HeatBinsData) {
  const positions = new Float32Array(bins.n.length * 2);
  const weights = new Float32Array(bins.n.length);
  for (let i = 0; i < bins.n.length; i++) {
    positions[2 * i] = bins.x0 + (bins.ix[i]! + 0.5) * bins.size;
    positions[2 * i + 1] = bins.y0 + (bins.iy[i]! + 0.5) * bins.size;
    weights[i] = bins.n[i]!;
  }
  return { positions, weights };
}

/** Petition heatmap (信访热力) from server-side bins: the browser never gets one point per case. */
export function createPetitionHeatLayer(bins: HeatBinsData, options: { opacity?: number } = {}) {
  const { positions, weights } = heatBinPoints(bins);
  return new HeatmapLayer({
    id: 'petition-heat',
    data: {
      length: weights.length,
      attributes: { getPosition: { value: positions, size: 2 }, getWeight: { value: weights, size: 1 } }
    },
    radiusPixels: 45,
    intensity: 1.5,
    threshold: 0.03,
    aggregation: 'SUM',
    colorRange: YL_OR_RD,
    opacity: options.opacity ?? 1
  } as never);
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
