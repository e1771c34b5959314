import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { engines, type TestDatabase } from '../support/db';
import { createPlanWorld, initialGrids, PARENT_CODE, readPlanState, type PlanWorld } from '../support/plan-world';
import { planText, submitPlan } from '../support/plan-submit';
import { badGeoJsonCorpus } from '../fixtures/bad-geojson/corpus';

const corpus = badGeoJsonCorpus(`${PARENT_CODE}-001`);

describe.each(engines())('bad GeoJSON refused on $name', (engine) => {
  let db: TestDatabase;
  let world: PlanWorld;
  let before: Awaited<ReturnType<typeof readPlanState>>;
  beforeAll(async () => {
    db = await engine.create();
    world = await createPlanWorld(db.sql, { perTable: 4 });
    before = await readPlanState(db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });

  test('the corpus has at least 30 inputs with distinct names', () => {
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  test.each(corpus)('$name → $status $reason, nothing written', async (input) => {
    const r = await submitPlan(db.sql, world.planner, PARENT_CODE, 0, input.text);
    expect(r.status).toBe(input.status);
    if (r.ok) return;
    expect(r.body.reason).toBe(input.reason);
    expect(r.body.message.length).toBeGreaterThan(20);
    if (input.problems) expect([...new Set(r.body.problems!.map((p) => p.kind))].sort()).toEqual(input.problems);
    expect(await readPlanState(db.sql)).toEqual(before);
  });

  test('after the corpus the database still answers and a good plan still saves', async () => {
    const r = await submitPlan(
      db.sql,
      world.planner,
      PARENT_CODE,
      0,
      planText(initialGrids().map((g, i) => ({ code: i === 0 ? null : g.code, geometry: g.geometry })))
    );
    expect(r.status).toBe(200);
  });
});
