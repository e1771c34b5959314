import { ScatterplotLayer } from '@deck.gl/layers';
import { DataFilterExtension } from '@deck.gl/extensions';
import { HAZARD_OVERDUE_COLOR, HAZARD_STATUS_COLORS } from '../colors';
import type { HazardColumnsData } from '../hazard-payload';

export type { HazardColumnsData };

/**
 * Binary attributes of the hazard layer: positions, colour by status (overdue on `today` in its own
 * colour), radius by level (major 7 px, general 4 px) and the day found as the GPU filter value.
 */
export function hazardAttributes(cols: HazardColumnsData, today: number) {
  // Decoded binary columns already hold Float32 positions: used as they are, no copy.
  const positions = cols.positions instanceof Float32Array ? cols.positions : new Float32Array(cols.positions);
  const colors = new Uint8Array(cols.count * 4);
  const radii = new Float32Array(cols.count);
  const found = new Float32Array(cols.count);
  for (let i = 0; i < cols.count; i++) {
    // Open and rectifying hazards have no rectification day (a check constraint of the hazard table).
    const open = cols.status[i]! < 2;
    const overdue = open && cols.deadlineDay[i]! < today;
    const c = overdue ? HAZARD_OVERDUE_COLOR : (HAZARD_STATUS_COLORS[cols.status[i]!] ?? [128, 128, 128]);
    colors.set([c[0], c[1], c[2], 230], i * 4);
    radii[i] = cols.level[i] === 1 ? 7 : 4;
    found[i] = cols.foundDay[i]!;
  }
  // One data object per data set: deck.gl compares `data` by reference, so a new object on every
  // playback step would re-upload every attribute instead of only moving the filter range.
  const data = {
    length: cols.count,
    attributes: {
      getPosition: { value: positions, size: 2 },
      getFillColor: { value: colors, size: 4, normalized: true },
      getRadius: { value: radii, size: 1 },
      getFilterValue: { value: found, size: 1 }
    }
  };
  return { positions, colors, radii, found, data };
}

/**
 * Hazard sites (隐患点) by status and level, filtered on the GPU to those found in `dayRange`
 * (inclusive day numbers) — playback changes the range without rebuilding the data.
 */
export function createHazardLayer(
  attributes: ReturnType<typeof hazardAttributes>,
  dayRange: [number, number],
  options: { opacity?: number } = {}
) {
  return new ScatterplotLayer({
    id: 'hazards',
    data: attributes.data,
    radiusUnits: 'pixels',
    stroked: true,
    getLineColor: [255, 255, 255, 200],
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    pickable: true,
    opacity: options.opacity ?? 1,
    filterRange: dayRange,
    extensions: [new DataFilterExtension({ filterSize: 1 })]
  } as never);
}
