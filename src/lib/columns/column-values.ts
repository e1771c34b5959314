import type { DecodedColumn } from './decode-columns';
import type { RawArray } from './column-format';

/**
 * A decoded column's values. A linear column with offset 0 and scale 1 (enums, flags) is its raw
 * view itself — no copy; any other is computed into a Float64Array.
 * @example columnValues(columns.day) // Float64Array of day numbers
 */
export function columnValues(col: DecodedColumn): RawArray | Float64Array {
  const { raw, offset, scale } = col;
  if (col.encoding === 'linear' && offset === 0 && scale === 1) return raw;
  const out = new Float64Array(raw.length);
  if (col.encoding === 'linear') {
    for (let i = 0; i < raw.length; i++) out[i] = offset + scale * raw[i]!;
  } else {
    let sum = 0;
    for (let i = 0; i < raw.length; i++) {
      sum += raw[i]!;
      out[i] = offset + scale * sum;
    }
  }
  return out;
}

/**
 * Two linear coordinate columns as one interleaved Float32Array [x0, y0, x1, y1, …] — the layout
 * deck.gl's binary `getPosition` attribute takes.
 */
export function interleavePositions(x: DecodedColumn, y: DecodedColumn): Float32Array {
  if (x.encoding !== 'linear' || y.encoding !== 'linear') throw new Error('positions must be linear columns');
  const n = x.raw.length;
  const out = new Float32Array(n * 2);
  const { offset: x0, scale: sx, raw: rx } = x;
  const { offset: y0, scale: sy, raw: ry } = y;
  for (let i = 0; i < n; i++) {
    out[2 * i] = x0 + sx * rx[i]!;
    out[2 * i + 1] = y0 + sy * ry[i]!;
  }
  return out;
}
