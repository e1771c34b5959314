import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getisOrdGiStar } from '../../src/lib/domain/getis-ord-gi-star';
import { trusted } from '../../src/lib/server/db/contexts';
import { gridEventCounts, gridEventCountsBySlice } from '../../src/lib/server/queries/grid-event-counts';
import { gridNeighbours, type GridNeighbours } from '../../src/lib/server/queries/grid-neighbours';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { engines, type TestDatabase } from '../support/db';

const DISTRICT = '370105';
const FROM = '2023-11-24';
const TO = '2026-11-24';

/** Unordered neighbour pairs as 'idA-idB' with idA < idB. */
const pairsOf = (g: GridNeighbours) =>
  new Set(g.neighbours.flatMap((list, i) => list.map((j) => [g.ids[i]!, g.ids[j]!].sort((a, b) => a - b).join('-'))));

describe.each(engines())('grid neighbours and hot spots on $name', (engine) => {
  let db: TestDatabase;
  let edge: GridNeighbours;
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 9, endDate: '2026-11-23', scale: 0.1 });
    edge = await trusted(db.sql, (tx) => gridNeighbours(tx, DISTRICT, { by: 'edge' }));
  });
  afterAll(async () => {
    await db?.close();
  });

  test('edge neighbours: every current grid of the district, symmetric, no self-neighbour, none isolated', async () => {
    const [row] = await trusted(
      db.sql,
      (tx) =>
        tx<
          { n: number }[]
        >`select count(*)::int as n from area where level = 'grid' and valid_to is null and district_code = ${DISTRICT}`
    );
    expect(edge.ids).toHaveLength(row!.n);
    expect(row!.n).toBeGreaterThan(20);
    edge.neighbours.forEach((list, i) => {
      expect(list, `grid ${edge.ids[i]}`).not.toContain(i);
      expect(new Set(list).size, `grid ${edge.ids[i]} repeats a neighbour`).toBe(list.length);
      expect(list.length, `grid ${edge.ids[i]} has no edge neighbour`).toBeGreaterThan(0);
      for (const j of list) expect(edge.neighbours[j], `${edge.ids[j]} does not list ${edge.ids[i]} back`).toContain(i);
    });
  });

  test('each edge pair shares more than 1 cm of boundary, measured pair by pair on the spheroid', async () => {
    const pairs = [...pairsOf(edge)].slice(0, 40).map((p) => p.split('-').map(Number) as [number, number]);
    const lengths = await trusted(db.sql, (tx) =>
      Promise.all(
        pairs.map(async ([a, b]) => {
          const [r] = await tx<{ m: number }[]>`
            select ST_Length(ST_Intersection(ST_Boundary(x.geom), ST_Boundary(y.geom), 1e-9::float8)::geography) as m
            from area x, area y where x.id = ${a} and y.id = ${b}`;
          return r!.m;
        })
      )
    );
    // Well above snapping noise (1e-9° ≈ 0.1 mm); the shortest shared edge in the seed is under 1 m.
    for (const m of lengths) expect(m).toBeGreaterThan(0.01);
  });

  test('distance bands nest: the 500 m band is a subset of the 1500 m band, same ids, symmetric', async () => {
    const [near, far] = await trusted(db.sql, (tx) =>
      Promise.all([
        gridNeighbours(tx, DISTRICT, { by: 'distance', metres: 500 }),
        gridNeighbours(tx, DISTRICT, { by: 'distance', metres: 1500 })
      ])
    );
    expect(near.ids).toEqual(edge.ids);
    expect(far.ids).toEqual(edge.ids);
    const nearPairs = pairsOf(near);
    const farPairs = pairsOf(far);
    for (const p of nearPairs) expect(farPairs.has(p), p).toBe(true);
    expect(farPairs.size).toBeGreaterThan(nearPairs.size);
    far.neighbours.forEach((list, i) => {
      expect(list).not.toContain(i);
      for (const j of list) expect(far.neighbours[j]).toContain(i);
    });
  });

  test('a distance band outside 0…100 km is refused before any query', async () => {
    await expect(trusted(db.sql, (tx) => gridNeighbours(tx, DISTRICT, { by: 'distance', metres: 0 }))).rejects.toThrow(
      'Invalid distance band 0 m: must be more than 0 and at most 100000 metres'
    );
  });

  test('counts per grid equal a recount of the raw rows, in the neighbour id order', async () => {
    const raw = await trusted(db.sql, async (tx) => ({
      petitions: await tx<
        { grid_id: number; category: string; at: Date }[]
      >`select grid_id, category, received_at as at from petition_case`,
      incidents: await tx<
        { grid_id: number; at: Date }[]
      >`select grid_id, occurred_at as at from incident where domain = 'safety'`,
      hazards: await tx<{ grid_id: number; found_on: string }[]>`select grid_id, found_on::text from hazard`
    }));
    const cstDay = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = '2025-06-15';
    const to = '2026-06-15';
    const [pet, inc, haz] = await trusted(db.sql, (tx) =>
      Promise.all([
        gridEventCounts(tx, DISTRICT, { kind: 'petition', category: 'land_demolition' }, from, to),
        gridEventCounts(tx, DISTRICT, { kind: 'safety_incident' }, from, to),
        gridEventCounts(tx, DISTRICT, { kind: 'hazard' }, from, to)
      ])
    );
    const tally = (gridIds: number[]) => edge.ids.map((id) => gridIds.filter((g) => g === id).length);
    expect(pet).toEqual({
      ids: edge.ids,
      counts: tally(
        raw.petitions
          .filter((p) => p.category === 'land_demolition' && cstDay(p.at) >= from && cstDay(p.at) < to)
          .map((p) => p.grid_id)
      )
    });
    expect(inc).toEqual({
      ids: edge.ids,
      counts: tally(raw.incidents.filter((i) => cstDay(i.at) >= from && cstDay(i.at) < to).map((i) => i.grid_id))
    });
    expect(haz).toEqual({
      ids: edge.ids,
      counts: tally(raw.hazards.filter((h) => h.found_on >= from && h.found_on < to).map((h) => h.grid_id))
    });
    expect(pet.counts.reduce((s, n) => s + n, 0)).toBeGreaterThan(0);
  });

  test('counts by slice: each slice equals a recount of its days, on every kind, and a refused order of bounds', async () => {
    const raw = await trusted(db.sql, async (tx) => ({
      petitions: await tx<{ grid_id: number; at: Date }[]>`select grid_id, received_at as at from petition_case`,
      hazards: await tx<{ grid_id: number; found_on: string }[]>`select grid_id, found_on::text from hazard`
    }));
    const cstDay = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    // Uneven slices whose bounds fall mid-month, so a day-boundary mistake moves events across.
    const bounds = ['2025-03-17', '2025-07-01', '2025-07-02', '2026-01-31', '2026-06-15'];
    const [pet, haz] = await trusted(db.sql, (tx) =>
      Promise.all([
        gridEventCountsBySlice(tx, DISTRICT, { kind: 'petition' }, bounds),
        gridEventCountsBySlice(tx, DISTRICT, { kind: 'hazard' }, bounds)
      ])
    );
    const tally = (gridIds: number[]) => edge.ids.map((id) => gridIds.filter((g) => g === id).length);
    const expected = (days: { grid: number; day: string }[]) =>
      bounds.slice(1).map((end, k) => tally(days.filter((d) => d.day >= bounds[k]! && d.day < end).map((d) => d.grid)));
    expect(pet.ids).toEqual(edge.ids);
    expect(pet.slices).toEqual(expected(raw.petitions.map((p) => ({ grid: p.grid_id, day: cstDay(p.at) }))));
    expect(haz.slices).toEqual(expected(raw.hazards.map((h) => ({ grid: h.grid_id, day: h.found_on }))));
    expect(pet.slices.flat().reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await expect(
      trusted(db.sql, (tx) => gridEventCountsBySlice(tx, DISTRICT, { kind: 'hazard' }, ['2026-01-02', '2026-01-01']))
    ).rejects.toThrow(/ascending/);
  });

  test('Gi* on land-demolition petitions: the grid with the most cases is a hot spot, also under FDR', async () => {
    const { counts } = await trusted(db.sql, (tx) =>
      gridEventCounts(tx, DISTRICT, { kind: 'petition', category: 'land_demolition' }, FROM, TO)
    );
    const top = counts.indexOf(Math.max(...counts));
    const gi = getisOrdGiStar(counts, edge.neighbours, { fdr: true });
    expect(gi[top]!.kind).toBe('hot');
    expect(gi.filter((c) => c.kind === 'hot').length).toBeGreaterThan(0);
    expect(JSON.stringify(gi)).not.toMatch(/NaN|Infinity/);
  });
});
