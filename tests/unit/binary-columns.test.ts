import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { encodeColumns, type ColumnSpec } from '../../src/lib/columns/encode-columns';
import { decodeColumns, ColumnFormatError } from '../../src/lib/columns/decode-columns';
import { columnValues, interleavePositions } from '../../src/lib/columns/column-values';

/** A payload with one of each kind of column, for the malformed-input cases. */
function createPayload() {
  return encodeColumns(3, [
    { name: 'x', kind: 'quantised', values: [117.0, 117.01, 117.02], resolution: 1e-6 },
    { name: 'id', kind: 'ascending', values: [5, 9, 400] },
    { name: 'day', kind: 'int', values: [20400, 20401, 20500] }
  ]);
}

/** Little-endian u32 / u8 writers on a copy of a payload. */
function patched(payload: Uint8Array, edit: (view: DataView) => void): Uint8Array {
  const copy = payload.slice();
  edit(new DataView(copy.buffer));
  return copy;
}

describe('encodeColumns → decodeColumns', () => {
  test('integers, ascending ids and quantised reals come back (ints exactly, reals within step/2)', () => {
    const row = fc.record({
      int: fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
      gap: fc.integer({ min: 0, max: 5_000_000 }),
      real: fc.double({ min: 0, max: 1, noNaN: true })
    });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 200 }),
        fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
        fc.double({ min: -180, max: 179, noNaN: true }),
        fc.constantFrom(1e-6, 1e-5, 1e-3),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.option(fc.constantFrom(1, 10, 100), { nil: undefined }),
        (rows, firstId, west, resolution, width, maxSteps) => {
          const maxStep = maxSteps === undefined ? undefined : maxSteps * resolution;
          const n = rows.length;
          const ints = rows.map((r) => r.int);
          const ids: number[] = [];
          rows.forEach((r, i) => ids.push(i === 0 ? firstId : ids[i - 1]! + r.gap));
          const reals = rows.map((r) => west + r.real * width);
          const bytes = encodeColumns(n, [
            { name: 'int', kind: 'int', values: ints },
            { name: 'id', kind: 'ascending', values: ids },
            { name: 'real', kind: 'quantised', values: reals, resolution, maxStep }
          ]);
          const { count, columns } = decodeColumns(bytes.buffer);
          expect(count).toBe(n);
          expect(Array.from(columnValues(columns.int!))).toEqual(ints);
          expect(Array.from(columnValues(columns.id!))).toEqual(ids);

          const real = columns.real!;
          const extent = n ? Math.max(...reals) - Math.min(...reals) : 0;
          if (real.type === 'u16') {
            // The stated bound: the step is the resolution, or the least multiple of it that spans
            // the extent (from an origin up to two resolutions below the least value) in 65,535
            // steps — so never a whole resolution more than that.
            expect(real.scale).toBeLessThanOrEqual(
              Math.max(resolution, (extent + 2 * resolution) / 65535 + resolution) * (1 + 1e-9)
            );
            if (maxStep !== undefined) expect(real.scale).toBeLessThanOrEqual(maxStep * (1 + 1e-9));
          } else {
            expect(real.type).toBe('u32');
            expect(maxStep).toBeDefined();
            expect(real.scale).toBe(resolution);
          }
          const decoded = columnValues(real);
          for (let i = 0; i < n; i++) {
            expect(Math.abs(decoded[i]! - reals[i]!)).toBeLessThanOrEqual(real.scale / 2 + 1e-11);
          }
        }
      ),
      { numRuns: 300 }
    );
  });

  test('each column takes the narrowest unsigned type that holds its range', () => {
    const { columns } = decodeColumns(
      encodeColumns(2, [
        { name: 'a', kind: 'int', values: [10, 265] },
        { name: 'b', kind: 'int', values: [10, 266] },
        { name: 'c', kind: 'int', values: [0, 65535] },
        { name: 'd', kind: 'int', values: [0, 65536] },
        { name: 'e', kind: 'ascending', values: [1_000_000, 1_000_255] },
        { name: 'f', kind: 'int', values: [3, 4], origin: 0 }
      ])
    );
    expect(Object.values(columns).map((c) => c.type)).toEqual(['u8', 'u16', 'u16', 'u32', 'u8', 'u8']);
    expect(columns.a!.offset).toBe(10);
    expect(columns.f!.offset).toBe(0);
  });

  test('positions over the demo district at 1e-6°: steps of 2e-6° east and 3e-6° north, so within 0.17 m', () => {
    // Extents 0.13° and 0.17°: 0.13 / 65,535 = 1.98e-6 → 2e-6; 0.17 / 65,535 = 2.59e-6 → 3e-6.
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i <= 1000; i++) {
      xs.push(116.93 + (0.13 * i) / 1000 + 3.7e-7 * (i % 3));
      ys.push(36.67 + (0.17 * ((i * 7919) % 1001)) / 1000);
    }
    const { columns } = decodeColumns(
      encodeColumns(xs.length, [
        { name: 'x', kind: 'quantised', values: xs, resolution: 1e-6, maxStep: 1e-5 },
        { name: 'y', kind: 'quantised', values: ys, resolution: 1e-6, maxStep: 1e-5 }
      ])
    );
    expect(columns.x!.type).toBe('u16');
    expect(columns.x!.scale).toBeCloseTo(2e-6, 15);
    expect(columns.y!.scale).toBeCloseTo(3e-6, 15);
    const p = interleavePositions(columns.x!, columns.y!);
    const f32 = (v: number) => Math.fround(v);
    let worstX = 0;
    let worstY = 0;
    const x = columnValues(columns.x!);
    const y = columnValues(columns.y!);
    for (let i = 0; i < xs.length; i++) {
      worstX = Math.max(worstX, Math.abs(x[i]! - xs[i]!));
      worstY = Math.max(worstY, Math.abs(y[i]! - ys[i]!));
      expect(p[2 * i]).toBe(f32(x[i]!));
      expect(p[2 * i + 1]).toBe(f32(y[i]!));
    }
    expect(worstX).toBeLessThanOrEqual(1e-6 + 1e-12);
    expect(worstY).toBeLessThanOrEqual(1.5e-6 + 1e-12);
    // 1.5e-6° of latitude is 1.5e-6 × 111,195 m ≈ 0.167 m.
    expect(1.5e-6 * 111_195).toBeLessThan(0.17);
  });

  test('a wide extent that would need a step above maxStep is stored as u32 at the resolution', () => {
    const { columns } = decodeColumns(
      encodeColumns(2, [{ name: 'x', kind: 'quantised', values: [110, 112.5], resolution: 1e-6, maxStep: 1e-5 }])
    );
    expect(columns.x!.type).toBe('u32');
    expect(columns.x!.scale).toBe(1e-6);
    expect(Array.from(columnValues(columns.x!)).map((v) => Math.round(v * 1e6))).toEqual([110_000_000, 112_500_000]);
  });

  test('every column starts 8-aligned and the total length is stated in the header', () => {
    const bytes = createPayload();
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(12, true)).toBe(bytes.byteLength);
    expect(bytes.byteLength % 8).toBe(0);
    for (let j = 0; j < 3; j++) expect(view.getUint32(16 + 32 * j + 16, true) % 8).toBe(0);
  });

  test('linear columns with offset 0 and scale 1 are views on the payload, not copies', () => {
    const bytes = encodeColumns(3, [{ name: 'flag', kind: 'int', values: [0, 1, 1], origin: 0 }]);
    const flag = decodeColumns(bytes.buffer).columns.flag!;
    const values = columnValues(flag);
    expect(values).toBe(flag.raw);
    expect(flag.raw.buffer).toBe(bytes.buffer);
  });

  test('a payload at an unaligned place in a larger buffer is read all the same', () => {
    const bytes = createPayload();
    const holder = new Uint8Array(bytes.byteLength + 3);
    holder.set(bytes, 3);
    const { columns } = decodeColumns(holder.subarray(3));
    expect(Array.from(columnValues(columns.id!))).toEqual([5, 9, 400]);
  });

  test('an empty payload has its columns and no values', () => {
    const { count, columns } = decodeColumns(
      encodeColumns(0, [{ name: 'x', kind: 'quantised', values: [], resolution: 1e-6 }])
    );
    expect(count).toBe(0);
    expect(columns.x!.raw.length).toBe(0);
  });
});

describe('decodeColumns refuses malformed payloads', () => {
  test('every truncation of a payload is refused', () => {
    const bytes = createPayload();
    for (let n = 0; n < bytes.byteLength; n++) {
      expect(() => decodeColumns(bytes.slice(0, n)), `prefix of ${n} bytes`).toThrow(ColumnFormatError);
    }
  });

  test.each([
    ['another magic', (v: DataView) => v.setUint32(0, 0x46445025, true), 'does not start with "PAMC"'],
    ['another version', (v: DataView) => v.setUint16(4, 2, true), 'version 2 is not supported'],
    ['no columns', (v: DataView) => v.setUint16(6, 0, true), '0 columns'],
    [
      'more columns than the directory holds',
      (v: DataView) => v.setUint16(6, 60, true),
      'the directory of 60 columns ends at byte'
    ],
    ['a count past the data', (v: DataView) => v.setUint32(8, 1_000_000, true), 'past the payload'],
    [
      'a stated length that is not the real one',
      (v: DataView) => v.setUint32(12, 4096, true),
      'the header says 4096 bytes'
    ],
    ['an unknown type', (v: DataView) => v.setUint8(16 + 20, 9), 'unknown type code 9'],
    ['an unknown encoding', (v: DataView) => v.setUint8(16 + 21, 7), 'unknown encoding 7'],
    ['a zero scale', (v: DataView) => v.setFloat64(16 + 8, 0, true), 'scale > 0 required'],
    ['a NaN offset', (v: DataView) => v.setFloat64(16, Number.NaN, true), 'finite'],
    ['a misaligned column', (v: DataView) => v.setUint32(16 + 16, v.getUint32(16 + 16, true) + 2, true), '8-aligned'],
    ['a column inside the directory', (v: DataView) => v.setUint32(16 + 16, 8, true), 'after the directory'],
    ['a nameless column', (v: DataView) => v.setUint8(16 + 24, 0), 'no readable name'],
    [
      'a repeated name',
      (v: DataView) => {
        v.setUint8(16 + 32 + 24, 'x'.charCodeAt(0));
        v.setUint8(16 + 32 + 25, 0);
      },
      'appears twice'
    ]
  ])('%s', (_, edit, message) => {
    expect(() => decodeColumns(patched(createPayload(), edit))).toThrow(message);
  });

  test('the encoder refuses what it cannot represent, naming the column', () => {
    const cases: [ColumnSpec[], string][] = [
      [[{ name: 'a', kind: 'int', values: [1.5] }], 'column "a": value 1.5 at 0 is not an integer'],
      [[{ name: 'a', kind: 'int', values: [Number.NaN] }], 'not a finite number'],
      [[{ name: 'a', kind: 'int', values: [0, 2 ** 33] }], 'does not fit in 32 bits'],
      [[{ name: 'a', kind: 'ascending', values: [3, 2] }], 'must not decrease'],
      [[{ name: 'a', kind: 'int', values: [1], origin: 2 }], 'origin 2 must be an integer ≤ the smallest value 1'],
      [[{ name: 'too-long-name', kind: 'int', values: [1] }], 'printable ASCII'],
      [
        [
          { name: 'a', kind: 'int', values: [1] },
          { name: 'a', kind: 'int', values: [1] }
        ],
        'appears twice'
      ],
      [
        [{ name: 'a', kind: 'quantised', values: [1], resolution: 1e-5, maxStep: 1e-6 }],
        'maxStep 0.000001 is below the resolution'
      ],
      [[{ name: 'a', kind: 'quantised', values: [1], resolution: 0 }], 'resolution must be a positive number']
    ];
    for (const [specs, message] of cases) expect(() => encodeColumns(specs[0]!.values.length, specs)).toThrow(message);
    expect(() => encodeColumns(1, [{ name: 'a', kind: 'int', values: [1, 2] }])).toThrow('has 2 values for 1 points');
  });
});
