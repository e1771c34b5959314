/**
 * Issue 14: plan saves while facts are written into the same grids, on a PostgreSQL server (the
 * embedded engine has one connection, so nothing runs at the same time there). Every save succeeds
 * or is refused with a conflict the planner can act on, every write lands, and no fact is ever
 * left on a closed grid version (0013 and save-plan.ts's locks).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trusted } from '../../src/lib/server/db/contexts';
import { engines, type TestDatabase } from '../support/db';
import {
  BOX,
  box,
  createPlanWorld,
  PARENT_CODE,
  readPlanState,
  randomPoints,
  type PlanWorld
} from '../support/plan-world';
import { planText, submitPlan } from '../support/plan-submit';

const server = engines().find((e) => e.name === 'postgis-server');

describe.skipIf(!server)('plan saves beside fact writes on a PostGIS server', () => {
  const engine = server!;
  let db: TestDatabase;
  let world: PlanWorld;
  beforeAll(async () => {
    db = await engine.create();
    world = await createPlanWorld(db.sql, { perTable: 4 });
  });
  afterAll(async () => {
    await db?.close();
  });

  test('20 rounds of a save with 2 writers: saves succeed or meet a conflict, writes all land, no fact on a closed grid', async () => {
    const mx = (BOX.w + BOX.e) / 2;
    const my = (BOX.s + BOX.n) / 2;
    const qx = BOX.w + (BOX.e - BOX.w) / 4;
    // Points of the south-west quarter, where the saves redraw the grids.
    const points = randomPoints(400, 21).map(([x, y]) => [BOX.w + (x! - BOX.w) / 2, BOX.s + (y! - BOX.s) / 2]);
    let next = 0;
    let written = 0;
    // Each writer keeps writing, one hazard per transaction, for as long as the save runs.
    const writeWhile = async (saving: { done: boolean }) => {
      do {
        const [x, y] = points[next++ % points.length]!;
        await trusted(
          db.sql,
          (tx) => tx`
          insert into hazard (level, status, source, found_on, deadline, geom)
          values ('general', 'open', 'inspection', '2025-05-01', '2025-06-01', ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326))`
        );
        written++;
      } while (!saving.done);
    };
    const outcomes: string[] = [];
    for (let round = 0; round < 20; round++) {
      const state = await readPlanState(db.sql);
      const others = state.grids
        .filter((g) => /-00[234]$/.test(g.code))
        .map((g) => ({ code: g.code, geometry: g.geometry }));
      const southWest =
        round % 2 === 0
          ? [{ geometry: box(BOX.w, BOX.s, qx, my) }, { geometry: box(qx, BOX.s, mx, my) }]
          : [{ geometry: box(BOX.w, BOX.s, mx, my) }];
      const saving = { done: false };
      const save = submitPlan(
        db.sql,
        world.planner,
        PARENT_CODE,
        state.revision,
        planText([...southWest, ...others])
      ).finally(() => {
        saving.done = true;
      });
      const [saved] = await Promise.all([save, writeWhile(saving), writeWhile(saving)]);
      outcomes.push(saved.ok ? 'saved' : `${saved.status} ${saved.body.reason}`);
      if (!saved.ok) expect([409, 412], saved.body.message).toContain(saved.status);
    }
    expect(outcomes.filter((o) => o === 'saved').length).toBeGreaterThan(0);
    const [facts] = await trusted(
      db.sql,
      (tx) => tx<{ hazards: number; on_closed: number; outside: number }[]>`
      select (select count(*)::int from hazard) as hazards,
             (select count(*)::int from (
                select grid_id from enterprise union all select grid_id from hazard union all select grid_id from incident
                union all select grid_id from petition_case union all select grid_id from inspection) f
              join area a on a.id = f.grid_id where a.valid_to is not null) as on_closed,
             (select count(*)::int from hazard h join area a on a.id = h.grid_id where not ST_Covers(a.geom, h.geom)) as outside`
    );
    expect(facts).toEqual({
      hazards: world.facts.filter((f) => f.table === 'hazard').length + written,
      on_closed: 0,
      outside: 0
    });
    console.log(`plan saves beside ${written} hazard writes: ${outcomes.join(', ')}`);
  });
});
