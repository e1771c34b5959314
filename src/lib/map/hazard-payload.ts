/**
 * The hazard layer's data in the binary column format (docs/binary-columns.md): what
 * /api/map/hazards?format=bin sends and the command map reads. Pure: runs on the server and in
 * the browser.
 */
import { HAZARD_COLUMN_LEVELS, HAZARD_COLUMN_STATUSES } from '../api/map';
import { encodeColumns } from '../columns/encode-columns';
import { decodeColumns, ColumnFormatError } from '../columns/decode-columns';
import { columnValues, interleavePositions } from '../columns/column-values';

/** Hazard statuses in the order of their index in the columns. */
export const HAZARD_STATUS_NAMES = HAZARD_COLUMN_STATUSES;
/** Hazard levels in the order of their index in the columns. */
export const HAZARD_LEVEL_NAMES = HAZARD_COLUMN_LEVELS;

/** Positions are quantised to 1e-6° (≈ 0.1 m) where the extent allows u16, and never coarser than 1e-5° (≈ 1.1 m). */
export const HAZARD_POSITION_RESOLUTION = 1e-6;
export const HAZARD_POSITION_MAX_STEP = 1e-5;

/**
 * Hazard sites as columns (from /api/map/hazards, as JSON arrays or decoded binary columns). Days
 * are day numbers (days since 1970-01-01).
 */
export interface HazardColumnsData {
  count: number;
  ids: ArrayLike<number>;
  /** Flat [lon0, lat0, lon1, lat1, …], degrees. */
  positions: ArrayLike<number>;
  /** Index into HAZARD_LEVEL_NAMES: 0 general, 1 major. */
  level: ArrayLike<number>;
  /** Index into HAZARD_STATUS_NAMES: open, rectifying, rectified, verified. */
  status: ArrayLike<number>;
  foundDay: ArrayLike<number>;
  deadlineDay: ArrayLike<number>;
  /** Day rectified for rectified and verified hazards, -1 for open and rectifying ones. */
  rectifiedDay: ArrayLike<number>;
}

/**
 * Encode hazard columns (ids ascending, as /api/map/hazards orders them): positions as u16 grid
 * offsets, ids as gaps, the day found from the earliest, the deadline and the day rectified as days
 * after the day found (`fixed`, 0 for hazards not rectified: their status says so), status and
 * level in one byte (`kind` = status + 4 × level) — 10 to 14 bytes per hazard.
 */
export function encodeHazardPayload(cols: HazardColumnsData): Uint8Array<ArrayBuffer> {
  const n = cols.count;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const due = new Float64Array(n);
  const kind = new Uint8Array(n);
  const fixed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = cols.positions[2 * i]!;
    y[i] = cols.positions[2 * i + 1]!;
    due[i] = cols.deadlineDay[i]! - cols.foundDay[i]!;
    const status = cols.status[i]!;
    const level = cols.level[i]!;
    if (!(status >= 0 && status < 4 && (level === 0 || level === 1)))
      throw new RangeError(`hazard ${cols.ids[i]}: status ${status} or level ${level} out of range`);
    kind[i] = status + 4 * level;
    // The hazard table's checks: a day rectified exactly for rectified and verified hazards, never before the day found.
    const rectified = cols.rectifiedDay[i]!;
    const closed = status >= 2;
    if (closed ? !(rectified >= cols.foundDay[i]!) : rectified !== -1)
      throw new RangeError(`hazard ${cols.ids[i]}: day rectified ${rectified} does not fit status ${status}`);
    fixed[i] = closed ? rectified - cols.foundDay[i]! : 0;
  }
  const res = HAZARD_POSITION_RESOLUTION;
  const maxStep = HAZARD_POSITION_MAX_STEP;
  return encodeColumns(n, [
    { name: 'x', kind: 'quantised', values: x, resolution: res, maxStep },
    { name: 'y', kind: 'quantised', values: y, resolution: res, maxStep },
    { name: 'id', kind: 'ascending', values: cols.ids },
    { name: 'found', kind: 'int', values: cols.foundDay },
    { name: 'due', kind: 'int', values: due, origin: 0 },
    { name: 'kind', kind: 'int', values: kind, origin: 0 },
    { name: 'fixed', kind: 'int', values: fixed, origin: 0 }
  ]);
}

/** Read /api/map/hazards?format=bin into the hazard layer's columns (positions as Float32, status and level as bytes, -1 for no day rectified). */
export function decodeHazardPayload(payload: ArrayBuffer | ArrayBufferView): HazardColumnsData {
  const { count, columns: c } = decodeColumns(payload);
  for (const name of ['x', 'y', 'id', 'found', 'due', 'kind', 'fixed']) {
    if (!c[name]) throw new ColumnFormatError(`Invalid binary columns: hazard payload without column "${name}"`);
  }
  const foundDay = columnValues(c.found!);
  const due = c.due!.raw;
  const kind = c.kind!.raw;
  const deadlineDay = new Float64Array(count);
  const status = new Uint8Array(count);
  const level = new Uint8Array(count);
  const fixed = c.fixed!.raw;
  const rectifiedDay = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    deadlineDay[i] = foundDay[i]! + c.due!.offset + due[i]!;
    status[i] = (c.kind!.offset + kind[i]!) & 3;
    level[i] = (c.kind!.offset + kind[i]!) >> 2;
    rectifiedDay[i] = status[i]! >= 2 ? foundDay[i]! + c.fixed!.offset + fixed[i]! : -1;
  }
  return {
    count,
    ids: columnValues(c.id!),
    positions: interleavePositions(c.x!, c.y!),
    level,
    status,
    foundDay,
    deadlineDay,
    rectifiedDay
  };
}
