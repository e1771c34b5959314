/**
 * The binary column format of the map's point payloads (version 1), shared by the server's encoder
 * and the browser's decoder. Full description: docs/binary-columns.md.
 *
 * Little-endian throughout. A 16-byte header, a directory of 32 bytes per column, then each column's
 * raw values as one typed array starting at a multiple of 8 bytes, so the decoder hands out views
 * on the received buffer without copying.
 *
 * | bytes | field |
 * |---|---|
 * | 0–3 | magic `PAMC` |
 * | 4–5 | version (u16) = 1 |
 * | 6–7 | number of columns k (u16) |
 * | 8–11 | number of points n (u32) |
 * | 12–15 | total byte length (u32) |
 * | 16 + 32j … | column j: offset (f64), scale (f64), byte offset (u32), type (u8), encoding (u8), 0 (u16), name (8 bytes ASCII, NUL-padded) |
 *
 * A raw value r at point i decodes as `offset + scale × r` (encoding `linear`), or as
 * `offset + scale × (r₀ + … + rᵢ)` (encoding `delta`, for ascending ids).
 */

/** `PAMC` (Ping'an map columns) as a little-endian u32. */
export const COLUMN_MAGIC = 0x434d4150;
export const COLUMN_VERSION = 1;
export const HEADER_BYTES = 16;
export const ENTRY_BYTES = 32;
/** Longest column name, in ASCII bytes. */
export const NAME_BYTES = 8;
/** Most columns one payload may hold (a guard against absurd headers). */
export const MAX_COLUMNS = 64;

/** Raw value types by their code in the directory. */
export const COLUMN_TYPES = {
  1: { name: 'u8', bytes: 1, max: 0xff, array: Uint8Array },
  2: { name: 'u16', bytes: 2, max: 0xffff, array: Uint16Array },
  3: { name: 'u32', bytes: 4, max: 0xffffffff, array: Uint32Array }
} as const;
export type ColumnTypeCode = keyof typeof COLUMN_TYPES;

export const ENCODINGS = { linear: 0, delta: 1 } as const;
export type Encoding = keyof typeof ENCODINGS;

export type RawArray = Uint8Array | Uint16Array | Uint32Array;

/** Bytes rounded up to the next multiple of 8 (every column starts 8-aligned). */
export function align8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

/** Whether this machine stores numbers little-endian (typed arrays use the host's order). */
export function hostIsLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
