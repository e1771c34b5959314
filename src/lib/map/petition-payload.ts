/**
 * The petition point layers' data in the binary column format (docs/binary-columns.md): what
 * /api/map/petitions?format=bin sends and the command map reads. Places only — no person, no text.
 */
import { encodeColumns } from '../columns/encode-columns';
import { decodeColumns, ColumnFormatError } from '../columns/decode-columns';
import { columnValues, interleavePositions } from '../columns/column-values';

/** Places are kept to 1e-5° (≈ 1 m: a place, not a door), as in the JSON answer. */
export const PETITION_POSITION_RESOLUTION = 1e-5;

/** Petition cases as columns (from /api/map/petitions, as JSON arrays or decoded binary columns). */
export interface PetitionColumnsData {
  count: number;
  /** Flat [lon0, lat0, …], degrees. */
  positions: ArrayLike<number>;
  /** Day numbers (days since 1970-01-01, China Standard Time). */
  receivedDay: ArrayLike<number>;
  /** 1 for a case by fewer than 5 people, its group size (capped at 50) otherwise. */
  weight: ArrayLike<number>;
  /** 1 while the case is open, else 0. */
  open: ArrayLike<number>;
}

/** Encode petition columns: positions as u16 offsets on a 1e-5° grid, the day received from the earliest, weight and open flag as bytes — about 8 bytes per case. */
export function encodePetitionPayload(cols: PetitionColumnsData): Uint8Array<ArrayBuffer> {
  const n = cols.count;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = cols.positions[2 * i]!;
    y[i] = cols.positions[2 * i + 1]!;
  }
  const res = PETITION_POSITION_RESOLUTION;
  return encodeColumns(n, [
    { name: 'x', kind: 'quantised', values: x, resolution: res, maxStep: res },
    { name: 'y', kind: 'quantised', values: y, resolution: res, maxStep: res },
    { name: 'day', kind: 'int', values: cols.receivedDay },
    { name: 'weight', kind: 'int', values: cols.weight, origin: 0 },
    { name: 'open', kind: 'int', values: cols.open, origin: 0 }
  ]);
}

/** Read /api/map/petitions?format=bin into the petition layers' columns. */
export function decodePetitionPayload(payload: ArrayBuffer | ArrayBufferView): PetitionColumnsData {
  const { count, columns: c } = decodeColumns(payload);
  for (const name of ['x', 'y', 'day', 'weight', 'open']) {
    if (!c[name]) throw new ColumnFormatError(`Invalid binary columns: petition payload without column "${name}"`);
  }
  return {
    count,
    positions: interleavePositions(c.x!, c.y!),
    receivedDay: columnValues(c.day!),
    weight: columnValues(c.weight!),
    open: columnValues(c.open!)
  };
}
