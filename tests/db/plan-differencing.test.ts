/**
 * Issue 14: a planner may not read petition rows, so no sequence of draft grids may locate a case.
 * The bisection attack (drafts that shrink around a case and compare the counts) is scripted here:
 * every answer must stay the same when each case moves anywhere else inside its current grid.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MultiPolygon } from 'geojson';
import { trusted } from '../../src/lib/server/db/contexts';
import { withPlanTx } from '../../src/lib/server/plan-http';
import { planWorkload } from '../../src/lib/server/queries/plan-workload';
import { engines, type TestDatabase } from '../support/db';
import { BOX, box, createPlanWorld, initialGrids, multi, type PlanWorld } from '../support/plan-world';

/** Seeded uniform numbers (mulberry32, public domain). */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(engines())('draft workload reveals no case location on $name', (engine) => {
  let db: TestDatabase;
  let world: PlanWorld;
  beforeAll(async () => {
    db = await engine.create();
    world = await createPlanWorld(db.sql, { perTable: 20, seed: 11 });
  });
  afterAll(async () => {
    await db?.close();
  });

  /** The attack: a grid bisected again and again around where a case might be, plus random boxes. */
  function draftSequences(): MultiPolygon[][] {
    const next = seeded(3);
    const out: MultiPolygon[][] = [];
    let [w, s, e, n]: number[] = [BOX.w, BOX.s, (BOX.w + BOX.e) / 2, (BOX.s + BOX.n) / 2];
    for (let i = 0; i < 12; i++) {
      const half = i % 2 === 0 ? [w!, s!, (w! + e!) / 2, n!] : [w!, s!, e!, (s! + n!) / 2];
      out.push([multi(box(half[0]!, half[1]!, half[2]!, half[3]!)), multi(box(BOX.w, BOX.s, BOX.e, BOX.n))]);
      [w, s, e, n] = half;
    }
    for (let i = 0; i < 20; i++) {
      const x = BOX.w + next() * (BOX.e - BOX.w) * 0.8;
      const y = BOX.s + next() * (BOX.n - BOX.s) * 0.8;
      const dx = 0.001 + next() * 0.004;
      const dy = 0.001 + next() * 0.004;
      out.push([multi(box(x, y, x + dx, y + dy)), multi(box(x + dx, y, Math.min(BOX.e, x + 2 * dx), y + dy))]);
    }
    return out;
  }

  const answers = (sequences: MultiPolygon[][]) =>
    withPlanTx(db.sql, world.planner, async (tx) => {
      const out = [];
      for (const drafts of sequences)
        out.push((await planWorkload(tx, world.parentId, drafts, 1600)).map((w) => w.openCases));
      return out;
    });

  test('every answer is the same wherever each open case lies inside its grid', async () => {
    const sequences = draftSequences();
    const before = await answers(sequences);
    // Some answers carry counts (the attack is not answered with nothing at all).
    expect(before.flat().some((n) => n !== null && n > 0)).toBe(true);
    const next = seeded(99);
    const cases = await trusted(
      db.sql,
      (tx) => tx<{ id: number; code: string }[]>`
      select c.id::int, a.code from petition_case c join area a on a.id = c.grid_id`
    );
    expect(cases.length).toBeGreaterThan(10);
    const boxes = new Map(initialGrids().map((g) => [g.code, g.geometry.coordinates[0]!]));
    await trusted(db.sql, async (tx) => {
      for (const c of cases) {
        const ring = boxes.get(c.code)!;
        const [x0, y0] = ring[0]!;
        const [x1, y1] = ring[2]!;
        const x = x0! + (0.01 + next() * 0.98) * (x1! - x0!);
        const y = y0! + (0.01 + next() * 0.98) * (y1! - y0!);
        await tx`update petition_case set geom = ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326) where id = ${c.id}`;
      }
    });
    const moved = await trusted(
      db.sql,
      (tx) => tx<{ id: number; code: string }[]>`
      select c.id::int, a.code from petition_case c join area a on a.id = c.grid_id`
    );
    expect(moved).toEqual(cases);
    expect(await answers(sequences)).toEqual(before);
  });

  test('drafts equal to the current grids show their exact open cases, and a tiling keeps the total', async () => {
    const current = initialGrids().map((g) => multi(g.geometry));
    const exact = await trusted(
      db.sql,
      (tx) => tx<{ code: string; n: number }[]>`
      select a.code, count(c.id)::int as n from area a
      left join petition_case c on c.grid_id = a.id and c.status in ('received', 'accepted', 'mediating')
      where a.level = 'grid' and a.valid_to is null group by a.code order by a.code`
    );
    const [same] = await answers([current]);
    expect(same).toEqual(exact.map((r) => r.n));
    const mx = BOX.w + (BOX.e - BOX.w) * 0.3;
    const [cut] = await answers([[multi(box(BOX.w, BOX.s, mx, BOX.n)), multi(box(mx, BOX.s, BOX.e, BOX.n))]]);
    expect(cut!.reduce((s, n) => s! + n!, 0)).toBe(exact.reduce((s, r) => s + r.n, 0));
  });
});
