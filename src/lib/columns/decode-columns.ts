import {
  COLUMN_MAGIC,
  COLUMN_TYPES,
  COLUMN_VERSION,
  ENCODINGS,
  ENTRY_BYTES,
  HEADER_BYTES,
  MAX_COLUMNS,
  NAME_BYTES,
  hostIsLittleEndian,
  type Encoding,
  type RawArray
} from './column-format';

/** One decoded column: its raw values as a view on the payload (no copy) and how to read them. */
export interface DecodedColumn {
  name: string;
  type: 'u8' | 'u16' | 'u32';
  encoding: Encoding;
  /** Value of raw 0 (linear) or of the first point (delta). */
  offset: number;
  /** Value units per raw unit: for quantised degrees, the grid step; a value is within scale/2 of what was encoded. */
  scale: number;
  raw: RawArray;
}

export interface DecodedColumns {
  count: number;
  columns: Record<string, DecodedColumn>;
}

/** Why a payload was refused; the message says what is wrong and where. */
export class ColumnFormatError extends Error {
  override name = 'ColumnFormatError';
}

function fail(message: string): never {
  throw new ColumnFormatError(`Invalid binary columns: ${message}`);
}

/**
 * Read a payload in the binary column format (docs/binary-columns.md). Every column comes back as
 * a typed-array view on the payload's bytes (no copy; a payload not 8-aligned in its buffer is
 * copied once). A payload that is short, truncated, of another format or version, or whose
 * directory points outside it, is refused with a ColumnFormatError.
 * @example const { count, columns } = decodeColumns(await response.arrayBuffer());
 */
export function decodeColumns(input: ArrayBuffer | ArrayBufferView): DecodedColumns {
  if (!hostIsLittleEndian()) throw new Error('decodeColumns needs a little-endian host');
  let buffer: ArrayBuffer;
  let base = 0;
  let length: number;
  if (input instanceof ArrayBuffer) {
    buffer = input;
    length = input.byteLength;
  } else {
    length = input.byteLength;
    if (input.byteOffset % 8 === 0 && input.buffer instanceof ArrayBuffer) {
      buffer = input.buffer;
      base = input.byteOffset;
    } else {
      buffer = new Uint8Array(input.buffer, input.byteOffset, length).slice().buffer;
    }
  }
  if (length < HEADER_BYTES) fail(`${length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  const view = new DataView(buffer, base, length);
  if (view.getUint32(0, true) !== COLUMN_MAGIC) fail('the payload does not start with "PAMC"');
  const version = view.getUint16(4, true);
  if (version !== COLUMN_VERSION)
    fail(`version ${version} is not supported (this reader knows version ${COLUMN_VERSION})`);
  const k = view.getUint16(6, true);
  const count = view.getUint32(8, true);
  const declared = view.getUint32(12, true);
  if (declared !== length) fail(`the header says ${declared} bytes but ${length} arrived (truncated or padded)`);
  if (k < 1 || k > MAX_COLUMNS) fail(`${k} columns (1…${MAX_COLUMNS} allowed)`);
  const dirEnd = HEADER_BYTES + ENTRY_BYTES * k;
  if (dirEnd > length) fail(`the directory of ${k} columns ends at byte ${dirEnd}, past the payload's ${length}`);

  const columns: Record<string, DecodedColumn> = {};
  const bytes = new Uint8Array(buffer, base, length);
  for (let j = 0; j < k; j++) {
    const e = HEADER_BYTES + ENTRY_BYTES * j;
    let name = '';
    for (let c = 0; c < NAME_BYTES && bytes[e + 24 + c] !== 0; c++) name += String.fromCharCode(bytes[e + 24 + c]!);
    if (!/^[\x21-\x7e]{1,8}$/.test(name)) fail(`column ${j} has no readable name`);
    if (name in columns) fail(`column "${name}" appears twice`);
    const offset = view.getFloat64(e, true);
    const scale = view.getFloat64(e + 8, true);
    const at = view.getUint32(e + 16, true);
    const code = view.getUint8(e + 20);
    const enc = view.getUint8(e + 21);
    const type = COLUMN_TYPES[code as keyof typeof COLUMN_TYPES];
    if (!type) fail(`column "${name}" has unknown type code ${code}`);
    const encoding = (Object.keys(ENCODINGS) as Encoding[]).find((n) => ENCODINGS[n] === enc);
    if (!encoding) fail(`column "${name}" has unknown encoding ${enc}`);
    if (!Number.isFinite(offset) || !Number.isFinite(scale) || !(scale > 0))
      fail(`column "${name}" has offset ${offset} and scale ${scale} (finite, scale > 0 required)`);
    if (at % 8 !== 0 || at < dirEnd)
      fail(`column "${name}" starts at byte ${at} (8-aligned, after the directory required)`);
    const end = at + type.bytes * count;
    if (end > length)
      fail(`column "${name}" of ${count} ${type.name} values ends at byte ${end}, past the payload's ${length}`);
    columns[name] = { name, type: type.name, encoding, offset, scale, raw: new type.array(buffer, base + at, count) };
  }
  return { count, columns };
}
