import { describe, expect, test } from 'vitest';
import { createRandom } from '../../src/lib/core/random';
import { decodeHazardPayload, encodeHazardPayload, type HazardColumnsData } from '../../src/lib/map/hazard-payload';
import {
  decodePetitionPayload,
  encodePetitionPayload,
  type PetitionColumnsData
} from '../../src/lib/map/petition-payload';
import { encodeColumns } from '../../src/lib/columns/encode-columns';
import { ColumnFormatError } from '../../src/lib/columns/decode-columns';

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** Hazards as /api/map/hazards answers them in JSON: ids ascending, positions at 6 decimals in the demo district, a 90-day window. */
function createHazards(n: number, seed = 1) {
  const r = createRandom(seed);
  const cols = {
    count: n,
    ids: [] as number[],
    positions: [] as number[],
    level: [] as number[],
    status: [] as number[],
    foundDay: [] as number[],
    deadlineDay: [] as number[],
    rectifiedDay: [] as number[]
  };
  let id = r.int(1, 1000);
  for (let i = 0; i < n; i++) {
    id += r.int(1, 300);
    const level = r.int(0, 1);
    const found = 20_330 + r.int(0, 89);
    cols.ids.push(id);
    cols.positions.push(round(r.uniform(116.93, 117.06), 6), round(r.uniform(36.67, 36.84), 6));
    cols.level.push(level);
    const status = r.int(0, 3);
    cols.status.push(status);
    cols.foundDay.push(found);
    cols.rectifiedDay.push(status >= 2 ? found + r.int(0, 60) : -1);
    cols.deadlineDay.push(found + (level === 1 ? r.int(30, 90) : r.int(7, 30)));
  }
  return cols;
}

function createPetitions(n: number, seed = 2): PetitionColumnsData & { positions: number[] } {
  const r = createRandom(seed);
  const cols = {
    count: n,
    positions: [] as number[],
    receivedDay: [] as number[],
    weight: [] as number[],
    open: [] as number[]
  };
  for (let i = 0; i < n; i++) {
    cols.positions.push(round(r.uniform(116.93, 117.06), 5), round(r.uniform(36.67, 36.84), 5));
    cols.receivedDay.push(20_330 + r.int(0, 89));
    cols.weight.push(r.int(0, 9) === 0 ? r.int(5, 50) : 1);
    cols.open.push(r.int(0, 1));
  }
  return cols;
}

describe('hazard payload', () => {
  test('round trip: ids, level, status and days exactly; positions within 1.5e-6° plus float32 rounding', () => {
    const cols = createHazards(2000);
    const back = decodeHazardPayload(encodeHazardPayload(cols).buffer);
    expect(back.count).toBe(2000);
    for (const key of ['ids', 'level', 'status', 'foundDay', 'deadlineDay', 'rectifiedDay'] as const) {
      expect(Array.from(back[key]), key).toEqual(cols[key]);
    }
    // Steps of 2e-6° (x) and 3e-6° (y) over the district (see binary-columns.test.ts), then float32:
    // half an ulp of a float32 near 117 is 2^-18 ≈ 3.8e-6°.
    const f32HalfUlp = 2 ** -18;
    for (let i = 0; i < 2 * cols.count; i++) {
      const bound = (i % 2 === 0 ? 1e-6 : 1.5e-6) + f32HalfUlp;
      expect(Math.abs(back.positions[i]! - cols.positions[i]!)).toBeLessThanOrEqual(bound);
    }
  });

  test('10 bytes per hazard before compression when all were found and rectified within 255 days', () => {
    const bytes = encodeHazardPayload(createHazards(2000));
    // 7 columns: x, y, id gaps (u16), day found in a 90-day window (u8), days to the deadline (u8),
    // status + 4 × level (u8), days to rectification (u8) = 10 bytes, plus a 240-byte header and
    // directory and ≤ 7 × 7 padding.
    expect(bytes.byteLength).toBeLessThanOrEqual(240 + 10 * 2000 + 49);
    expect(bytes.byteLength / 2000).toBeLessThan(11);
  });

  test('ids with gaps above 65,535 (a city’s hazards interleaved): 12 bytes per hazard in a 90-day window, 13 over five years, 14 at worst', () => {
    const cols = createHazards(2000);
    cols.ids = cols.ids.map((id, i) => id + i * 100_000);
    const bytes = encodeHazardPayload(cols);
    // id gaps u32: 2 + 2 + 4 + 1 + 1 + 1 + 1 = 12 bytes, and the header.
    expect(bytes.byteLength).toBe(240 + 12 * 2000);
    expect(Array.from(decodeHazardPayload(bytes).ids)).toEqual(cols.ids);

    // Hazards still open in the window but found up to five years before it: the day found as u16.
    const shift = (i: number) => (i % 1826) - 89;
    cols.foundDay = cols.foundDay.map((d, i) => d + shift(i));
    cols.deadlineDay = cols.deadlineDay.map((d, i) => d + shift(i));
    cols.rectifiedDay = cols.rectifiedDay.map((d, i) => (d < 0 ? d : d + shift(i)));
    expect(encodeHazardPayload(cols).byteLength).toBe(240 + 13 * 2000);

    // …and rectified years after they were found (days to rectification as u16): 14 bytes, the worst
    // case while deadlines stay within 255 days of the day found.
    cols.rectifiedDay = cols.rectifiedDay.map((d, i) => (d < 0 ? d : d + (i % 1000)));
    const worst = encodeHazardPayload(cols);
    expect(worst.byteLength).toBe(240 + 14 * 2000);
    expect(Array.from(decodeHazardPayload(worst).rectifiedDay)).toEqual(cols.rectifiedDay);
  });

  test('a day rectified that does not fit the status is refused', () => {
    const open = createHazards(3);
    open.status[0] = 0;
    open.rectifiedDay[0] = open.foundDay[0]! + 3;
    expect(() => encodeHazardPayload(open)).toThrow('does not fit status 0');
    const closed = createHazards(3);
    closed.status[0] = 2;
    closed.rectifiedDay[0] = closed.foundDay[0]! - 1;
    expect(() => encodeHazardPayload(closed)).toThrow('does not fit status 2');
  });

  test('decoded positions are Float32 for deck.gl, status and level bytes', () => {
    const back = decodeHazardPayload(encodeHazardPayload(createHazards(10)));
    expect(back.positions).toBeInstanceOf(Float32Array);
    expect(back.status).toBeInstanceOf(Uint8Array);
    expect(back.level).toBeInstanceOf(Uint8Array);
  });

  test('a status or level out of range is refused, not packed into another', () => {
    const cols = createHazards(3);
    cols.status[1] = 4;
    expect(() => encodeHazardPayload(cols)).toThrow('status 4 or level');
  });

  test('an empty window encodes and decodes', () => {
    const empty: HazardColumnsData = {
      count: 0,
      ids: [],
      positions: [],
      level: [],
      status: [],
      foundDay: [],
      deadlineDay: [],
      rectifiedDay: []
    };
    expect(decodeHazardPayload(encodeHazardPayload(empty)).count).toBe(0);
  });

  test('a payload without the hazard columns is refused', () => {
    const other = encodeColumns(1, [{ name: 'x', kind: 'int', values: [1] }]);
    expect(() => decodeHazardPayload(other)).toThrow(ColumnFormatError);
    expect(() => decodeHazardPayload(other)).toThrow('hazard payload without column "y"');
  });
});

describe('petition payload', () => {
  test('round trip: places keep their 5 decimals, days, weight and open flag exactly', () => {
    const cols = createPetitions(3000);
    const back = decodePetitionPayload(encodePetitionPayload(cols));
    expect(back.count).toBe(3000);
    expect(Array.from(back.positions, (v) => round(v, 5))).toEqual(cols.positions);
    expect(Array.from(back.receivedDay)).toEqual(cols.receivedDay);
    expect(Array.from(back.weight)).toEqual(cols.weight);
    expect(Array.from(back.open)).toEqual(cols.open);
  });

  test('8 bytes per case plus the header', () => {
    const bytes = encodePetitionPayload(createPetitions(3000));
    // x, y (u16), day in a 90-day window, weight, open (u8); 16 + 5 × 32 header and directory.
    expect(bytes.byteLength).toBe(176 + 2 * 3000 * 2 + 3000 * 3);
    expect(bytes.byteLength / 3000).toBeLessThan(12);
  });
});
