import { ScatterplotLayer } from '@deck.gl/layers';
import { DataFilterExtension } from '@deck.gl/extensions';
import { HAZARD_OVERDUE_COLOR, HAZARD_STATUS_COLORS } from '../colors';
import type { HazardColumnsData } from '../hazard-payload';

export type { HazardColumnsData };

/**
 * The filter value of a hazard never rectified: a day number far after any window (exact in
 * float32, which holds integers up to 2^24 exactly).
 */
export const STILL_OPEN_DAY = 1_000_000;

/**
 * Binary attributes of the hazard layer: positions, colour by status on day `asOf` (open there and
 * past the deadline in the overdue colour; rectified after `asOf` drawn as open), radius by level
 * (major 7 px, general 4 px), and two GPU filter values per hazard: the day found and the day
 * rectified (STILL_OPEN_DAY when never), so a day range shows the hazards found by its end and not
 * rectified before its start — open at some time in it or found in it.
 * @param asOf day number the colours describe: the window's last day
 */
export function hazardAttributes(cols: HazardColumnsData, asOf: number) {
  // Decoded binary columns already hold Float32 positions: used as they are, no copy.
  const positions = cols.positions instanceof Float32Array ? cols.positions : new Float32Array(cols.positions);
  const colors = new Uint8Array(cols.count * 4);
  const radii = new Float32Array(cols.count);
  const filter = new Float32Array(cols.count * 2);
  for (let i = 0; i < cols.count; i++) {
    // Open and rectifying hazards have no rectification day (a check constraint of the hazard table).
    const rectified = cols.rectifiedDay[i]!;
    const openAtEnd = cols.status[i]! < 2 || rectified > asOf;
    const overdue = openAtEnd && cols.deadlineDay[i]! < asOf;
    const status = openAtEnd && cols.status[i]! >= 2 ? 0 : cols.status[i]!;
    const c = overdue ? HAZARD_OVERDUE_COLOR : (HAZARD_STATUS_COLORS[status] ?? [128, 128, 128]);
    colors.set([c[0], c[1], c[2], 230], i * 4);
    radii[i] = cols.level[i] === 1 ? 7 : 4;
    filter[2 * i] = cols.foundDay[i]!;
    filter[2 * i + 1] = rectified >= 0 ? rectified : STILL_OPEN_DAY;
  }
  // One data object per data set: deck.gl compares `data` by reference, so a new object on every
  // playback step would re-upload every attribute instead of only moving the filter range.
  const data = {
    length: cols.count,
    attributes: {
      getPosition: { value: positions, size: 2 },
      getFillColor: { value: colors, size: 4, normalized: true },
      getRadius: { value: radii, size: 1 },
      getFilterValue: { value: filter, size: 2 }
    }
  };
  return { positions, colors, radii, filter, data };
}

/**
 * The GPU filter range of the hazard layer for an inclusive day range: found on or before its
 * last day, rectified on or after its first (STILL_OPEN_DAY passes every range).
 */
export function hazardFilterRange(dayRange: [number, number]): [[number, number], [number, number]] {
  return [
    [0, dayRange[1]],
    [dayRange[0], STILL_OPEN_DAY]
  ];
}

/**
 * Hazard sites (隐患点) by status and level, filtered on the GPU to those open at some time in
 * `dayRange` or found in it (inclusive day numbers) — playback changes the range without
 * rebuilding the data. `selected` (an index into the data) is drawn highlighted.
 */
export function createHazardLayer(
  attributes: ReturnType<typeof hazardAttributes>,
  dayRange: [number, number],
  options: { opacity?: number; selected?: number | null } = {}
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
    highlightedObjectIndex: options.selected ?? -1,
    highlightColor: [255, 230, 0, 255],
    filterRange: hazardFilterRange(dayRange),
    extensions: [new DataFilterExtension({ filterSize: 2 })]
  } as never);
}

/**
 * A ring around the selected hazard (an alert's site), drawn above the points so it stays visible
 * among its neighbours; not pickable.
 */
export function createHazardSelectionLayer(position: [number, number], options: { dark?: boolean } = {}) {
  return new ScatterplotLayer<{ position: [number, number] }>({
    id: 'hazard-selection',
    data: [{ position }],
    getPosition: (d) => d.position,
    radiusUnits: 'pixels',
    getRadius: 14,
    filled: false,
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
    getLineColor: options.dark ? [255, 255, 255, 255] : [20, 20, 20, 255],
    pickable: false
  });
}
