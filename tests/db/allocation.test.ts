import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allocateMediators } from '../../src/lib/domain/allocate-mediators';
import { rankInspectionPriorities } from '../../src/lib/domain/rank-inspection-priorities';
import { trusted } from '../../src/lib/server/db/contexts';
import { inspectionSites } from '../../src/lib/server/queries/inspection-sites';
import { mediationNeed, mediatorsFor } from '../../src/lib/server/queries/mediation-need';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { engines, type TestDatabase } from '../support/db';

const AS_OF = '2026-11-23';
const under = (code: string, scope: string) => code === scope || code.startsWith(`${scope}-`);
/** China Standard Time day of an instant. */
const cstDay = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);

describe.each(engines())('allocation inputs on $name', (engine) => {
  let db: TestDatabase;
  let enterprises: { id: number; risk_class: string; code: string }[];
  let hazards: { enterprise_id: number | null; level: string; status: string; found_on: string; deadline: string }[];
  let inspections: { enterprise_id: number | null; at: Date }[];
  let incidents: { enterprise_id: number | null; at: Date }[];
  let petitions: { status: string; code: string }[];
  let staff: { id: number; role: string; active: boolean; capacity: number; code: string; name: string }[];
  let subdistrict: string;
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 9, endDate: AS_OF, scale: 0.1 });
    await trusted(db.sql, async (tx) => {
      enterprises = await tx`select e.id, e.risk_class, g.code from enterprise e join area g on g.id = e.grid_id`;
      hazards = await tx`select enterprise_id, level, status, found_on::text, deadline::text from hazard`;
      inspections = await tx`select enterprise_id, inspected_at as at from inspection`;
      incidents = await tx`select enterprise_id, occurred_at as at from incident`;
      petitions = await tx`select p.status, g.code from petition_case p join area g on g.id = p.grid_id`;
      staff =
        await tx`select s.id, s.role, s.active, s.capacity_per_week as capacity, a.code, s.display_name as name from staff s join area a on a.id = s.home_area_id`;
      // The sub-district with the most enterprises, so the recount has something to count.
      const [top] = await tx<{ code: string }[]>`
        select s.code from area s join area g on g.code like s.code || '-%' and g.level = 'grid' join enterprise e on e.grid_id = g.id
        where s.level = 'subdistrict' and s.valid_to is null group by s.code order by count(*) desc, s.code limit 1`;
      subdistrict = top!.code;
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  test('inspection sites in SQL equal a recount of the raw rows in TypeScript', async () => {
    const sql = await trusted(db.sql, (tx) => inspectionSites(tx, subdistrict, AS_OF));
    const lastYearFrom = cstDay(new Date(Date.parse(`${AS_OF}T00:00:00Z`) - 364 * 86_400_000));
    const expected = enterprises
      .filter((e) => under(e.code, subdistrict))
      .sort((a, b) => a.id - b.id)
      .map((e) => {
        const seen = inspections
          .filter((i) => i.enterprise_id === e.id && cstDay(i.at) <= AS_OF)
          .map((i) => cstDay(i.at));
        const last = seen.length ? seen.reduce((a, b) => (a > b ? a : b)) : null;
        return {
          id: String(e.id),
          kind: 'enterprise',
          riskClass: e.risk_class,
          openHazards: hazards
            .filter(
              (h) =>
                h.enterprise_id === e.id && (h.status === 'open' || h.status === 'rectifying') && h.found_on <= AS_OF
            )
            .map((h) => ({ level: h.level, daysOverdue: Math.max(0, daysBetween(h.deadline, AS_OF)) }))
            .sort((a, b) => (a.level === b.level ? b.daysOverdue - a.daysOverdue : a.level === 'major' ? -1 : 1)),
          daysSinceInspection: last === null ? null : daysBetween(last, AS_OF),
          incidentsLastYear: incidents.filter(
            (i) => i.enterprise_id === e.id && cstDay(i.at) >= lastYearFrom && cstDay(i.at) <= AS_OF
          ).length
        };
      });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.some((e) => e.openHazards.length > 0)).toBe(true);
    expect(sql.filter((s) => s.kind === 'enterprise')).toEqual(expected);
  });

  test('free hazard sites (hazards at no enterprise) are sites too, with the placeless inspections and incidents within 50 m', async () => {
    class Rollback extends Error {}
    await trusted(db.sql, async (tx) => {
      // A placeless inspection 10 m and another 200 m from one free hazard, a safety incident 20 m
      // from it: only the near ones belong to its site (rolled back after the test).
      const [h] = await tx<{ id: number; lon: number; lat: number; code: string }[]>`
        select h.id::int as id, ST_X(h.geom) as lon, ST_Y(h.geom) as lat, g.code from hazard h join area g on g.id = h.grid_id
        where h.enterprise_id is null and h.status in ('open', 'rectifying') and h.found_on <= ${AS_OF}::date
        order by h.id limit 1`;
      expect(h).toBeDefined();
      const area = h!.code.slice(0, 10); // its sub-district
      const north = (m: number) => h!.lat + m / 111_195; // metres due north → degrees (sphere of radius 6371 km)
      const at = (m: number) => tx`ST_SetSRID(ST_MakePoint(${h!.lon}, ${north(m)}), 4326)`;
      await tx`insert into inspection (district_code, grid_id, inspected_at, result, geom)
        select '370105', 0, '2026-10-02T10:00:00+08:00', 'no_issue', ${at(10)}`;
      await tx`insert into inspection (district_code, grid_id, inspected_at, result, geom)
        select '370105', 0, '2026-11-20T10:00:00+08:00', 'no_issue', ${at(200)}`;
      await tx`insert into incident (district_code, grid_id, domain, tier, category, occurred_at, geom)
        select '370105', 0, 'safety', 'near_miss', 'other', '2026-06-01T09:00:00+08:00', ${at(20)}`;
      const free = await tx<{ id: number; level: string; deadline: string; lon: number; lat: number }[]>`
        select h.id::int as id, h.level, h.deadline::text, ST_X(h.geom) as lon, ST_Y(h.geom) as lat
        from hazard h join area g on g.id = h.grid_id
        where h.enterprise_id is null and h.status in ('open', 'rectifying') and h.found_on <= ${AS_OF}::date
          and (g.code = ${area} or g.code like ${area + '-%'})`;
      const placeless = await tx<{ kind: string; at: Date; lon: number; lat: number }[]>`
        select 'inspection' as kind, inspected_at as at, ST_X(geom) as lon, ST_Y(geom) as lat from inspection where enterprise_id is null
        union all
        select 'incident', occurred_at, ST_X(geom), ST_Y(geom) from incident where enterprise_id is null and domain = 'safety'`;
      // Haversine on a 6,371,008.8 m sphere; PostGIS measures on the spheroid (≤ 0.5 % apart), and
      // every point here is at least 20 % away from the 50 m radius.
      const metres = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) => {
        const r = Math.PI / 180;
        const x =
          Math.sin(((b.lat - a.lat) * r) / 2) ** 2 +
          Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
        return 2 * 6_371_008.8 * Math.asin(Math.sqrt(x));
      };
      const lastYearFrom = cstDay(new Date(Date.parse(`${AS_OF}T00:00:00Z`) - 364 * 86_400_000));
      const expected = free
        .sort((a, b) => a.id - b.id)
        .map((f) => {
          const near = placeless.filter((p) => metres(p, f) <= 50 && cstDay(p.at) <= AS_OF);
          const seen = near.filter((p) => p.kind === 'inspection').map((p) => cstDay(p.at));
          const last = seen.length ? seen.reduce((a, b) => (a > b ? a : b)) : null;
          return {
            id: `h${f.id}`,
            kind: 'hazard_site',
            riskClass: f.level === 'major' ? 'orange' : 'blue',
            openHazards: [{ level: f.level, daysOverdue: Math.max(0, daysBetween(f.deadline, AS_OF)) }],
            daysSinceInspection: last === null ? null : daysBetween(last, AS_OF),
            incidentsLastYear: near.filter((p) => p.kind === 'incident' && cstDay(p.at) >= lastYearFrom).length
          };
        });
      const sites = await inspectionSites(tx, area, AS_OF);
      expect(sites.filter((s) => s.kind === 'hazard_site')).toEqual(expected);
      expect(expected.find((e) => e.id === `h${h!.id}`)).toMatchObject({
        daysSinceInspection: daysBetween('2026-10-02', AS_OF),
        incidentsLastYear: 1
      });
      // Enterprises come first, then free sites; ids never collide, so the ranking accepts them all.
      expect(sites.findIndex((s) => s.kind === 'hazard_site')).toBe(
        sites.filter((s) => s.kind === 'enterprise').length
      );
      const plan = rankInspectionPriorities(sites, { visits: sites.length, randomShare: 0, seed: 1 });
      expect(plan.ranked.filter((r) => r.kind === 'hazard_site')).toHaveLength(expected.length);
      throw new Rollback();
    }).catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  });

  test('open cases per grid and community and the mediators in SQL equal a recount in TypeScript', async () => {
    const { grids, communities } = await trusted(db.sql, (tx) => mediationNeed(tx, subdistrict));
    const open = petitions.filter(
      (p) => under(p.code, subdistrict) && ['received', 'accepted', 'mediating'].includes(p.status)
    );
    const countBy = (key: (code: string) => string) => {
      const m = new Map<string, number>();
      for (const p of open) m.set(key(p.code), (m.get(key(p.code)) ?? 0) + 1);
      return [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, cases]) => ({ code, cases }));
    };
    expect(open.length).toBeGreaterThan(0);
    expect(grids).toEqual(countBy((c) => c));
    expect(communities).toEqual(countBy((c) => c.split('-').slice(0, 3).join('-')));

    const mediators = await trusted(db.sql, (tx) => mediatorsFor(tx, subdistrict));
    expect(mediators).toEqual(
      staff
        .filter((s) => s.role === 'mediator' && s.active && (under(s.code, subdistrict) || under(subdistrict, s.code)))
        .sort((a, b) => a.id - b.id)
        .map((s) => ({ id: String(s.id), homeAreaCode: s.code, capacityPerWeek: s.capacity, displayName: s.name }))
    );
    expect(mediators.length).toBeGreaterThan(0);
  });

  test('end to end on the whole district: valid inspection picks and a valid mediator allocation', async () => {
    const district = '370105';
    const { sites, need, mediators } = await trusted(db.sql, async (tx) => ({
      sites: await inspectionSites(tx, district, AS_OF),
      need: await mediationNeed(tx, district),
      mediators: await mediatorsFor(tx, district)
    }));
    const plan = rankInspectionPriorities(sites, { visits: 40, seed: 9 });
    const siteIds = new Set(sites.map((s) => s.id));
    expect(plan.picks).toHaveLength(Math.min(40, sites.length));
    expect(plan.picks.every((p) => siteIds.has(p.id))).toBe(true);
    expect(new Set(plan.picks.map((p) => p.id)).size).toBe(plan.picks.length);
    expect(plan.picks.filter((p) => p.reason === 'random-check')).toHaveLength(Math.min(4, sites.length - 36));

    const allocation = allocateMediators(mediators, need.grids);
    for (const [k, m] of mediators.entries()) {
      const p = allocation.mediators[k]!;
      expect(p.load).toBeLessThanOrEqual(m.capacityPerWeek);
      for (const a of p.assignments) expect(under(a.areaCode, m.homeAreaCode), `${m.id} → ${a.areaCode}`).toBe(true);
    }
    const totalCases = need.grids.reduce((s, a) => s + a.cases, 0);
    const totalCapacity = mediators.reduce((s, m) => s + m.capacityPerWeek, 0);
    expect(allocation.covered + allocation.uncovered).toBe(totalCases);
    expect(allocation.covered).toBeGreaterThan(0);
    expect(allocation.covered).toBeLessThanOrEqual(Math.min(totalCases, totalCapacity));
  });
});
