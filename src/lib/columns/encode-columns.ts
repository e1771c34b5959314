import {
  COLUMN_MAGIC,
  COLUMN_TYPES,
  COLUMN_VERSION,
  ENCODINGS,
  ENTRY_BYTES,
  HEADER_BYTES,
  MAX_COLUMNS,
  NAME_BYTES,
  align8,
  hostIsLittleEndian,
  type ColumnTypeCode,
  type Encoding
} from './column-format';

/** One column to encode. Every column holds one value per point. */
export type ColumnSpec =
  /** Integers stored as `value − origin` in the narrowest unsigned type (origin: the smallest value unless given). */
  | { name: string; kind: 'int'; values: ArrayLike<number>; origin?: number }
  /**
   * Reals (degrees) quantised to a grid of `step` from an origin at a multiple of `resolution`: the
   * step is the smallest multiple of `resolution` at which the column's extent fits in u16, so a
   * value decodes within step/2 of itself. When that step would exceed `maxStep`, the column is
   * stored as u32 at `resolution` instead.
   */
  | { name: string; kind: 'quantised'; values: ArrayLike<number>; resolution: number; maxStep?: number }
  /** Non-decreasing integers (ids in id order) stored as gaps from the previous value (delta encoding). */
  | { name: string; kind: 'ascending'; values: ArrayLike<number> };

interface Planned {
  name: string;
  type: ColumnTypeCode;
  encoding: Encoding;
  offset: number;
  scale: number;
  raw: ArrayLike<number>;
}

function narrowest(range: number, name: string): ColumnTypeCode {
  for (const code of [1, 2, 3] as const) if (range <= COLUMN_TYPES[code].max) return code;
  throw new RangeError(`column "${name}": range ${range} does not fit in 32 bits`);
}

function extent(values: ArrayLike<number>, name: string, integer: boolean): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`column "${name}": value ${v} at ${i} is not a finite number`);
    if (integer && !Number.isInteger(v)) throw new RangeError(`column "${name}": value ${v} at ${i} is not an integer`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return values.length ? [min, max] : [0, 0];
}

function plan(spec: ColumnSpec): Planned {
  const { name, values } = spec;
  if (spec.kind === 'int') {
    const [min, max] = extent(values, name, true);
    const origin = spec.origin ?? min;
    if (!Number.isInteger(origin) || origin > min)
      throw new RangeError(`column "${name}": origin ${origin} must be an integer ≤ the smallest value ${min}`);
    const raw = Array.from(values, (v) => v - origin);
    return { name, type: narrowest(max - origin, name), encoding: 'linear', offset: origin, scale: 1, raw };
  }
  if (spec.kind === 'ascending') {
    extent(values, name, true);
    const raw = new Array<number>(values.length);
    let maxGap = 0;
    for (let i = 0; i < values.length; i++) {
      const gap = i === 0 ? 0 : values[i]! - values[i - 1]!;
      if (gap < 0)
        throw new RangeError(`column "${name}": values must not decrease (${values[i - 1]} then ${values[i]} at ${i})`);
      raw[i] = gap;
      if (gap > maxGap) maxGap = gap;
    }
    return {
      name,
      type: narrowest(maxGap, name),
      encoding: 'delta',
      offset: values.length ? values[0]! : 0,
      scale: 1,
      raw
    };
  }
  const { resolution } = spec;
  if (!(resolution > 0) || !Number.isFinite(resolution))
    throw new RangeError(`column "${name}": resolution must be a positive number`);
  if (spec.maxStep !== undefined && !(spec.maxStep >= resolution))
    throw new RangeError(`column "${name}": maxStep ${spec.maxStep} is below the resolution ${resolution}`);
  const [min, max] = extent(values, name, false);
  const origin = Math.floor(min / resolution) * resolution;
  const u16 = COLUMN_TYPES[2].max;
  let step = resolution * Math.max(1, Math.ceil((max - origin) / (resolution * u16)));
  let type: ColumnTypeCode = 2;
  if (step > (spec.maxStep ?? Infinity)) {
    step = resolution;
    type = narrowest(Math.ceil((max - origin) / step), name);
  }
  const top = COLUMN_TYPES[type].max;
  // Clamped: floating-point rounding may put the largest value a hair past the top of the type.
  const raw = Array.from(values, (v) => Math.min(top, Math.max(0, Math.round((v - origin) / step))));
  return { name, type, encoding: 'linear', offset: origin, scale: step, raw };
}

/**
 * Encode `count` points' columns in the binary column format (docs/binary-columns.md): a header,
 * a directory with each column's type, origin and scale, then the columns as 8-aligned
 * little-endian typed arrays.
 * @example encodeColumns(2, [{ name: 'day', kind: 'int', values: [20400, 20401] }]) // 56 bytes, u8 column
 */
export function encodeColumns(count: number, specs: ColumnSpec[]): Uint8Array<ArrayBuffer> {
  if (!hostIsLittleEndian()) throw new Error('encodeColumns needs a little-endian host');
  if (!Number.isInteger(count) || count < 0 || count > 0xffffffff)
    throw new RangeError(`count ${count} must be an integer in 0…2³²−1`);
  if (specs.length < 1 || specs.length > MAX_COLUMNS)
    throw new RangeError(`between 1 and ${MAX_COLUMNS} columns, not ${specs.length}`);
  const names = new Set<string>();
  for (const s of specs) {
    if (!/^[\x21-\x7e]{1,8}$/.test(s.name))
      throw new RangeError(`column name "${s.name}" must be 1–${NAME_BYTES} printable ASCII characters`);
    if (names.has(s.name)) throw new RangeError(`column name "${s.name}" appears twice`);
    names.add(s.name);
    if (s.values.length !== count)
      throw new RangeError(`column "${s.name}" has ${s.values.length} values for ${count} points`);
  }
  const planned = specs.map(plan);

  let at = align8(HEADER_BYTES + ENTRY_BYTES * planned.length);
  const offsets = planned.map((p) => {
    const o = at;
    at = align8(at + COLUMN_TYPES[p.type].bytes * count);
    return o;
  });
  const buffer = new ArrayBuffer(at);
  const view = new DataView(buffer);
  view.setUint32(0, COLUMN_MAGIC, true);
  view.setUint16(4, COLUMN_VERSION, true);
  view.setUint16(6, planned.length, true);
  view.setUint32(8, count, true);
  view.setUint32(12, at, true);
  const bytes = new Uint8Array(buffer);
  planned.forEach((p, j) => {
    const e = HEADER_BYTES + ENTRY_BYTES * j;
    view.setFloat64(e, p.offset, true);
    view.setFloat64(e + 8, p.scale, true);
    view.setUint32(e + 16, offsets[j]!, true);
    view.setUint8(e + 20, p.type);
    view.setUint8(e + 21, ENCODINGS[p.encoding]);
    for (let c = 0; c < p.name.length; c++) bytes[e + 24 + c] = p.name.charCodeAt(c);
    new COLUMN_TYPES[p.type].array(buffer, offsets[j]!, count).set(p.raw);
  });
  return bytes;
}
