import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trusted, withCaller } from '../../src/lib/server/db/contexts';
import { findArea, safetyCounts } from '../../src/lib/server/queries/pyramid';
import { gridsGeoJson } from '../../src/lib/server/queries/map-layers';
import { engines, type TestDatabase } from '../support/db';
import {
  BOX,
  box,
  createPlanWorld,
  initialGrids,
  PARENT_CODE,
  readPlanState,
  type PlanWorld
} from '../support/plan-world';
import { planText, submitPlan } from '../support/plan-submit';

/** Which current grid covers a point, brute force (facts are never on an edge in these tests). */
const coveringCodes = (grids: { code: string; geometry: MultiPolygon }[], p: number[]) =>
  grids.filter((g) => booleanPointInPolygon(p, g.geometry)).map((g) => g.code);

describe.each(engines())('grid plan saves on $name', (engine) => {
  let db: TestDatabase;
  let world: PlanWorld;
  beforeAll(async () => {
    db = await engine.create();
    world = await createPlanWorld(db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });

  const mx = (BOX.w + BOX.e) / 2;
  const my = (BOX.s + BOX.n) / 2;
  const qx = BOX.w + (BOX.e - BOX.w) / 4;
  const current = () => initialGrids().map((g) => ({ code: g.code, geometry: g.geometry }));

  test('a split closes one version, inserts two, reassigns every fact and keeps the counts', async () => {
    const before = await readPlanState(db.sql);
    const oldCode = `${PARENT_CODE}-001`;
    const inOld = world.facts.filter((f) => booleanPointInPolygon(f.at, box(BOX.w, BOX.s, mx, my))).length;
    expect(before.facts.filter((f) => f.code === oldCode)).toHaveLength(inOld);
    const [, ...rest] = current();
    const text = planText([{ geometry: box(BOX.w, BOX.s, qx, my) }, { geometry: box(qx, BOX.s, mx, my) }, ...rest]);
    const r = await submitPlan(db.sql, world.planner, PARENT_CODE, 0, text);
    expect(r.status).toBe(200);
    if (!r.ok) return;
    expect(r.result.revision).toBe(1);
    expect(r.result.closed.map((c) => c.code)).toEqual([oldCode]);
    expect(r.result.added.map((a) => a.code)).toEqual([`${PARENT_CODE}-005`, `${PARENT_CODE}-006`]);
    expect(r.result.after).toEqual(r.result.before);
    expect(r.result.inClosedGrids).toBe(inOld);
    expect(r.result.reassigned).toBe(inOld);
    // Each half gets the facts that lie in it, counted from the raw points.
    const left = world.facts.filter((f) => booleanPointInPolygon(f.at, box(BOX.w, BOX.s, qx, my))).length;
    expect(r.result.added.map((a) => a.facts)).toEqual([left, inOld - left]);
    // Households of the old grid (400) split by area: two equal halves.
    expect(r.result.added.map((a) => a.households)).toEqual([200, 200]);

    const after = await readPlanState(db.sql);
    expect(after.revision).toBe(1);
    expect(after.gridVersions).toBe(before.gridVersions + 2);
    expect(after.grids.map((g) => g.code)).toEqual([
      `${PARENT_CODE}-002`,
      `${PARENT_CODE}-003`,
      `${PARENT_CODE}-004`,
      `${PARENT_CODE}-005`,
      `${PARENT_CODE}-006`
    ]);
    for (const f of world.facts) {
      const found = after.facts.find((x) => x.table === f.table && x.id === f.id)!;
      expect(coveringCodes(after.grids, f.at), `${f.table} ${f.id}`).toEqual([found.code]);
    }
    const [closed] = await trusted(
      db.sql,
      (tx) => tx<{ valid_to: string; today: string }[]>`
      select valid_to::text, ((now() at time zone 'Asia/Shanghai')::date)::text as today from area where code = ${oldCode}`
    );
    expect(closed!.valid_to).toBe(closed!.today);
    const audit = await trusted(
      db.sql,
      (tx) =>
        tx`select 1 from plan_revision where parent_code = ${PARENT_CODE} and revision = 1 and closed_codes = ${[oldCode]}::text[]`
    );
    expect(audit).toHaveLength(1);
  });

  test('a save from a stale revision gets 412 with what changed and writes nothing', async () => {
    const before = await readPlanState(db.sql);
    const r = await submitPlan(db.sql, world.planner, PARENT_CODE, 0, planText(current()));
    expect(r.status).toBe(412);
    if (r.ok) return;
    expect(r.body.reason).toBe('stale-revision');
    expect(r.body.revision).toBe(1);
    expect(r.body.changes).toEqual([
      expect.objectContaining({
        revision: 1,
        closedCodes: [`${PARENT_CODE}-001`],
        addedCodes: [`${PARENT_CODE}-005`, `${PARENT_CODE}-006`]
      })
    ]);
    expect(await readPlanState(db.sql)).toEqual(before);
  });

  test('a gap and an overlap are refused with their geometry and area, and nothing is written', async () => {
    const before = await readPlanState(db.sql);
    const grids = before.grids.map((g) => ({ code: g.code, geometry: g.geometry }));
    // Grid -004 (north-east) shrunk by a strip 0.001° wide on its west side: a gap.
    const gapStrip = { w: mx, s: my, e: mx + 0.001, n: BOX.n };
    const withGap = grids.map((g) =>
      g.code.endsWith('-004') ? { code: g.code, geometry: box(mx + 0.001, my, BOX.e, BOX.n) } : g
    );
    const gap = await submitPlan(db.sql, world.planner, PARENT_CODE, 1, planText(withGap));
    expect(gap.status).toBe(422);
    if (gap.ok) return;
    expect(gap.body.problems!.map((p) => p.kind)).toEqual(['gap']);
    // Area of the strip on the WGS 84 ellipsoid, worked out apart: ≈ width × height in metres.
    const stripM2 =
      0.001 *
      111_320 *
      Math.cos((((gapStrip.s + gapStrip.n) / 2) * Math.PI) / 180) *
      ((gapStrip.n - gapStrip.s) * 110_950);
    expect(gap.body.problems![0]!.areaM2 / stripM2).toBeCloseTo(1, 2);
    // Grid -004 grown by the same strip to the west: it overlaps -003.
    const withOverlap = grids.map((g) =>
      g.code.endsWith('-004') ? { code: g.code, geometry: box(mx - 0.001, my, BOX.e, BOX.n) } : g
    );
    const overlap = await submitPlan(db.sql, world.planner, PARENT_CODE, 1, planText(withOverlap));
    expect(overlap.status).toBe(422);
    if (overlap.ok) return;
    const kinds = overlap.body.problems!.map((p) => p.kind);
    expect(kinds).toEqual(['overlap']);
    const codes = grids.map((g) => g.code);
    expect(overlap.body.problems![0]!.features.map((i) => codes[i])).toEqual([
      `${PARENT_CODE}-003`,
      `${PARENT_CODE}-004`
    ]);
    expect(overlap.body.problems![0]!.areaM2 / stripM2).toBeCloseTo(1, 2);
    expect(await readPlanState(db.sql)).toEqual(before);
  });

  test('a reshape keeps the code as a new version; merging back gives one grid with all the facts', async () => {
    const before = await readPlanState(db.sql);
    const r = await submitPlan(
      db.sql,
      world.planner,
      PARENT_CODE,
      1,
      planText([
        { geometry: box(BOX.w, BOX.s, mx, my) },
        ...before.grids
          .filter((g) => !g.code.endsWith('-005') && !g.code.endsWith('-006'))
          .map((g) => ({ code: g.code, geometry: g.geometry }))
      ])
    );
    expect(r.status).toBe(200);
    if (!r.ok) return;
    expect(r.result.closed.map((c) => c.code).sort()).toEqual([`${PARENT_CODE}-005`, `${PARENT_CODE}-006`]);
    expect(r.result.added).toEqual([expect.objectContaining({ code: `${PARENT_CODE}-007`, households: 400 })]);
    const inMerged = world.facts.filter((f) => booleanPointInPolygon(f.at, box(BOX.w, BOX.s, mx, my))).length;
    expect(r.result.added[0]!.facts).toBe(inMerged);
    // Unchanged grids submitted with their codes keep their version.
    const after = await readPlanState(db.sql);
    const kept = after.grids.filter((g) => /-00[234]$/.test(g.code)).map((g) => g.id);
    expect(kept).toEqual(before.grids.filter((g) => /-00[234]$/.test(g.code)).map((g) => g.id));
  });

  test("the grid a point had on a past day comes from that day's versions", async () => {
    const p = world.facts[0]!.at;
    const rows = await trusted(
      db.sql,
      (tx) => tx<{ then: string; now: string }[]>`
      select (select code from area where id = grid_at(ST_SetSRID(ST_MakePoint(${p[0]!}, ${p[1]!}), 4326), '2025-06-01')) as then,
             (select code from area where id = assign_grid(ST_SetSRID(ST_MakePoint(${p[0]!}, ${p[1]!}), 4326))) as now`
    );
    const initial = initialGrids().find((g) => booleanPointInPolygon(p, g.geometry))!.code;
    expect(rows[0]!.then).toBe(initial);
    const state = await readPlanState(db.sql);
    expect(rows[0]!.now).toBe(coveringCodes(state.grids, p)[0]);
  });

  test('as of the day before the edits, the map shows the old boundaries and the pyramid the old per-grid counts', async () => {
    const [{ yesterday, today }] = (await trusted(
      db.sql,
      (tx) => tx<{ yesterday: string; today: string }[]>`
      select (((now() at time zone 'Asia/Shanghai')::date) - 1)::text as yesterday, ((now() at time zone 'Asia/Shanghai')::date)::text as today`
    )) as unknown as [{ yesterday: string; today: string }];
    const initialIds = await trusted(
      db.sql,
      (tx) => tx<{ id: number; code: string }[]>`
      select id::int, code from area where level = 'grid' and valid_from = '2025-01-01' order by code`
    );
    const past = await withCaller(db.sql, world.planner, (tx) => gridsGeoJson(tx, undefined, yesterday));
    expect(past.features.map((f) => [f.properties.id, f.properties.code])).toEqual(
      initialIds.map((g) => [g.id, g.code])
    );
    const now = await withCaller(db.sql, world.planner, (tx) => gridsGeoJson(tx, undefined, today));
    expect(now.features.map((f) => f.properties.code).sort()).toEqual(
      (await readPlanState(db.sql)).grids.map((g) => g.code)
    );

    // Per-grid counts of the closed grid -001 as of yesterday, recounted from the raw points.
    const sw = box(BOX.w, BOX.s, mx, my);
    const inSw = (table: string) =>
      world.facts.filter((f) => f.table === table && booleanPointInPolygon(f.at, sw)).length;
    const oldCode = `${PARENT_CODE}-001`;
    const counts = await withCaller(db.sql, world.planner, async (tx) => ({
      area: await findArea(tx, oldCode, yesterday),
      current: await findArea(tx, oldCode),
      past: await safetyCounts(tx, oldCode, '2025-01-01', '2026-12-31', yesterday),
      merged: await safetyCounts(tx, `${PARENT_CODE}-007`, '2025-01-01', '2026-12-31'),
      // An untouched grid and the whole parent: the same counts with yesterday's boundaries as today's.
      keptPast: await safetyCounts(tx, `${PARENT_CODE}-002`, '2025-01-01', '2026-12-31', yesterday),
      keptNow: await safetyCounts(tx, `${PARENT_CODE}-002`, '2025-01-01', '2026-12-31'),
      parentPast: await safetyCounts(tx, PARENT_CODE, '2025-01-01', '2026-12-31', yesterday),
      parentNow: await safetyCounts(tx, PARENT_CODE, '2025-01-01', '2026-12-31')
    }));
    expect(counts.keptPast).toEqual(counts.keptNow);
    expect(counts.keptPast.near_miss).toBeGreaterThan(0);
    expect(counts.parentPast).toEqual(counts.parentNow);
    expect(counts.area?.code).toBe(oldCode);
    expect(counts.current).toBeNull();
    expect([inSw('incident'), inSw('hazard')].every((n) => n > 0)).toBe(true);
    // Hazards were found 2025-03-01 with a deadline of 2025-04-01 and never rectified.
    expect(counts.past).toEqual({
      serious: 0,
      minor: 0,
      near_miss: inSw('incident'),
      open_hazard: inSw('hazard'),
      overdue_now: inSw('hazard'),
      overdue_before: 0
    });
    // The grid merged back today covers the same box: the same counts from today's boundaries.
    expect(counts.merged).toEqual(counts.past);
  });
});
