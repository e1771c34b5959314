/**
 * Property: after any sequence of accepted splits and merges of a synthetic community's grids,
 * the grids tile the community (no overlap, no gap, checked with turf apart from PostGIS's own
 * check) and every fact lies in exactly one grid, the one it is assigned to (brute force over the
 * raw points). Each run starts by saving the initial 2 × 2 tiling again.
 */
import { area, booleanPointInPolygon, centroid, featureCollection, intersect } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { splitPolygonByLine } from '../../src/lib/geo/split-polygon-by-line';
import { mergePolygons } from '../../src/lib/geo/merge-polygons';
import { PLAN_TOLERANCES } from '../../src/lib/domain/plan-config';
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

type Op = { kind: 'split' | 'merge'; pick: number; angle: number; offset: number };
const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('split', 'merge', 'split'),
  pick: fc.nat(50),
  angle: fc.double({ min: 0, max: Math.PI, noNaN: true }),
  offset: fc.double({ min: -0.3, max: 0.3, noNaN: true })
}) as fc.Arbitrary<Op>;

const feat = (g: Polygon | MultiPolygon) => ({ type: 'Feature' as const, properties: {}, geometry: g });
const single = (g: MultiPolygon): Polygon => ({ type: 'Polygon', coordinates: g.coordinates[0]! });

describe.each(engines())('random splits and merges keep full coverage on $name', (engine) => {
  let db: TestDatabase;
  let world: PlanWorld;
  const parentM2 = area(box(BOX.w, BOX.s, BOX.e, BOX.n));
  beforeAll(async () => {
    db = await engine.create();
    world = await createPlanWorld(db.sql, { perTable: 10, seed: 11 });
  });
  afterAll(async () => {
    await db?.close();
  });

  async function checkInvariants() {
    const s = await readPlanState(db.sql);
    const geoms = s.grids.map((g) => g.geometry);
    expect(Math.abs(geoms.reduce((t, g) => t + area(g), 0) - parentM2)).toBeLessThan(PLAN_TOLERANCES.areaM2);
    for (let i = 0; i < geoms.length; i++) {
      for (let j = i + 1; j < geoms.length; j++) {
        const x = intersect(featureCollection([feat(geoms[i]!), feat(geoms[j]!)]));
        expect(x ? area(x) : 0, `${s.grids[i]!.code} ∩ ${s.grids[j]!.code}`).toBeLessThan(PLAN_TOLERANCES.areaM2);
      }
    }
    expect(s.facts).toHaveLength(world.facts.length);
    for (const f of world.facts) {
      const inside = s.grids.filter((g) => booleanPointInPolygon(f.at, g.geometry)).map((g) => g.code);
      const assigned = s.facts.find((x) => x.table === f.table && x.id === f.id)!.code;
      expect(inside, `${f.table} ${f.id}`).toEqual([assigned]);
    }
    expect(s.grids.reduce((t, g) => t + g.households, 0)).toBe(1600);
    return s;
  }

  test('children tile the parent and every fact is in exactly one grid after each accepted edit', async () => {
    const accepted = { split: 0, merge: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 4 }), async (ops) => {
        const start = await readPlanState(db.sql);
        const reset = await submitPlan(
          db.sql,
          world.planner,
          PARENT_CODE,
          start.revision,
          planText(initialGrids().map((g) => ({ geometry: g.geometry })))
        );
        expect(reset.status).toBe(200);
        for (const op of ops) {
          const s = await readPlanState(db.sql);
          const grids = s.grids.map((g) => ({ code: g.code, geometry: g.geometry as MultiPolygon | Polygon }));
          const i = op.pick % grids.length;
          let next: { code?: string | null; geometry: unknown }[];
          if (op.kind === 'split') {
            const g = single(grids[i]!.geometry as MultiPolygon);
            const [cx, cy] = centroid(g).geometry.coordinates as [number, number];
            const d = [Math.cos(op.angle), Math.sin(op.angle)];
            const c = [cx - d[1]! * op.offset * 0.001, cy + d[0]! * op.offset * 0.001];
            let parts: [Polygon, Polygon];
            try {
              parts = splitPolygonByLine(g, [
                [c[0]! - d[0]! * 0.05, c[1]! - d[1]! * 0.05],
                [c[0]! + d[0]! * 0.05, c[1]! + d[1]! * 0.05]
              ]);
            } catch {
              continue; // a line that does not cross twice (a non-convex merged grid): no edit
            }
            if (parts.some((p) => area(p) < PLAN_TOLERANCES.minGridAreaM2 * 1.01)) continue;
            next = [...grids.filter((_, k) => k !== i), ...parts.map((p) => ({ geometry: p }))];
          } else {
            const j = grids.findIndex((h, k) => {
              if (k === i) return false;
              try {
                mergePolygons([grids[i]!.geometry, h.geometry]);
                return true;
              } catch {
                return false;
              }
            });
            if (j < 0) continue;
            const merged = mergePolygons([grids[i]!.geometry, grids[j]!.geometry]);
            next = [...grids.filter((_, k) => k !== i && k !== j), { geometry: merged }];
          }
          const r = await submitPlan(db.sql, world.planner, PARENT_CODE, s.revision, planText(next));
          expect(r.status, JSON.stringify(r.ok ? {} : r.body)).toBe(200);
          accepted[op.kind]++;
          const after = await checkInvariants();
          expect(after.revision).toBe(s.revision + 1);
        }
      }),
      { numRuns: 10, seed: 20261125, endOnFailure: true }
    );
    // The runs did both kinds of edit, several times.
    expect(Math.min(accepted.split, accepted.merge), JSON.stringify(accepted)).toBeGreaterThanOrEqual(3);
  });
});
