import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { petitionDeadlines } from '../../src/lib/domain/petition-deadlines';
import { trusted } from '../../src/lib/server/db/contexts';
import { dailyReportCompliance } from '../../src/lib/server/queries/daily-report-compliance';
import { gridDailyReports, gridsMissingReport } from '../../src/lib/server/queries/grid-daily-reports';
import { hazardTrends } from '../../src/lib/server/queries/hazard-trends';
import { petitionTrends, type PetitionMonth } from '../../src/lib/server/queries/petition-trends';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { engines, type TestDatabase } from '../support/db';

const RANGES = [
  ['2026-01', '2026-06'],
  ['2024-11', '2026-11'],
  ['2025-12', '2025-12']
] as const;
const HOUR = 3_600_000;

const under = (code: string, scope: string) => code === scope || code.startsWith(`${scope}-`);
/** `YYYY-MM-DD` plus `n` days. */
const addDays = (s: string, n: number) =>
  new Date(Date.parse(`${s}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The instant 00:00 China Standard Time on the first day of `'YYYY-MM'` plus `add` months. */
const monthStart = (month: string, add = 0) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Date.UTC(y, m - 1 + add, 1) - 8 * HOUR;
};
const monthsOf = (from: string, to: string) => {
  const out: string[] = [];
  for (let i = 0; monthStart(from, i) <= monthStart(to); i++) {
    out.push(new Date(monthStart(from, i) + 8 * HOUR).toISOString().slice(0, 7));
  }
  return out;
};
const rate = (num: number, den: number) => (den === 0 ? null : num / den);

interface CaseRow {
  code: string;
  received_at: Date;
  accepted_at: Date | null;
  closed_at: Date | null;
  extension_days: number;
  status: string;
  level_reached: string;
  repeat_of_id: number | null;
}

/** The petition trend recounted from raw rows with the domain's deadline rule. */
function recountPetitions(rows: CaseRow[], scope: string, from: string, to: string): PetitionMonth[] {
  const cases = rows.filter((c) => under(c.code, scope));
  const local = new Set(['grid', 'community', 'subdistrict']);
  const high = new Set(['city', 'province', 'national']);
  return monthsOf(from, to).map((month) => {
    const t0 = monthStart(month);
    const t1 = monthStart(month, 1);
    const inMonth = (d: Date | null) => d !== null && d.getTime() >= t0 && d.getTime() < t1;
    const open = (t: number) =>
      cases.filter((c) => c.received_at.getTime() < t && (c.closed_at === null || c.closed_at.getTime() >= t)).length;
    const received = cases.filter((c) => inMonth(c.received_at));
    const accepted = cases.filter((c) => inMonth(c.accepted_at));
    const closed = cases.filter((c) => inMonth(c.closed_at));
    return {
      month,
      new: received.length,
      accepted: accepted.length,
      closed: closed.length,
      resolved: closed.filter((c) => c.status === 'resolved').length,
      backlog_start: open(t0),
      backlog_end: open(t1),
      accepted_on_time_rate: rate(accepted.filter((c) => petitionDeadlines(c).acceptedOnTime).length, accepted.length),
      closed_on_time_rate: rate(closed.filter((c) => petitionDeadlines(c).closedOnTime).length, closed.length),
      closed_locally_rate: rate(closed.filter((c) => local.has(c.level_reached)).length, closed.length),
      repeat_rate: rate(received.filter((c) => c.repeat_of_id !== null).length, received.length),
      escalation_rate: rate(received.filter((c) => high.has(c.level_reached)).length, received.length)
    };
  });
}

/** Rates compared to 12 digits; everything else exactly. */
function expectSameMonths(actual: PetitionMonth[], expected: PetitionMonth[], label: string) {
  expect(
    actual.map((m) => m.month),
    label
  ).toEqual(expected.map((m) => m.month));
  actual.forEach((a, i) => {
    const e = expected[i]!;
    for (const key of Object.keys(e) as (keyof PetitionMonth)[]) {
      const [x, y] = [a[key], e[key]];
      if (typeof y === 'number' && typeof x === 'number' && key.endsWith('_rate'))
        expect(x, `${label} ${a.month} ${key}`).toBeCloseTo(y, 12);
      else expect(x, `${label} ${a.month} ${key}`).toBe(y);
    }
  });
}

const allFinite = (rows: object[]) =>
  rows.every((r) => Object.values(r).every((v) => v === null || typeof v === 'string' || Number.isFinite(v)));

class Rollback extends Error {}

describe.each(engines())('monthly trends on $name', (engine) => {
  let db: TestDatabase;
  let cases: CaseRow[];
  let hazards: { code: string; found_on: string; deadline: string; rectified_on: string | null }[];
  let areas: { code: string; level: string }[];
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 9, endDate: '2026-11-23', scale: 0.1 });
    await trusted(db.sql, async (tx) => {
      cases = await tx`
        select g.code, p.received_at, p.accepted_at, p.closed_at, p.extension_days, p.status, p.level_reached, p.repeat_of_id
        from petition_case p join area g on g.id = p.grid_id`;
      hazards =
        await tx`select g.code, h.found_on::text, h.deadline::text, h.rectified_on::text from hazard h join area g on g.id = h.grid_id`;
      areas =
        await tx`select code, level from area where valid_to is null and level in ('district', 'subdistrict', 'community') order by code`;
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  const sample = () => [
    ...areas.filter((a) => a.level === 'district'),
    ...areas.filter((a) => a.level === 'subdistrict').slice(0, 3),
    ...areas.filter((a) => a.level === 'community').slice(0, 2)
  ];

  test('petition trends in SQL equal a recount of the raw rows in TypeScript', async () => {
    expect(cases.length).toBeGreaterThan(50);
    for (const [from, to] of RANGES) {
      for (const { code } of sample()) {
        const sql = await trusted(db.sql, (tx) => petitionTrends(tx, code, from, to));
        expectSameMonths(sql, recountPetitions(cases, code, from, to), `${code} ${from}..${to}`);
      }
    }
  });

  test('backlog at the end of a month is the start plus new minus closed, and carries over', async () => {
    const sql = await trusted(db.sql, (tx) => petitionTrends(tx, '370105', '2023-11', '2026-11'));
    sql.forEach((m, i) => {
      expect(m.backlog_end, m.month).toBe(m.backlog_start + m.new - m.closed);
      if (i > 0) expect(m.backlog_start, m.month).toBe(sql[i - 1]!.backlog_end);
    });
    expect(sql.reduce((s, m) => s + m.new, 0)).toBeGreaterThan(0);
  });

  test('hazard trends in SQL equal a recount of the raw rows in TypeScript', async () => {
    for (const [from, to] of RANGES) {
      for (const { code } of sample()) {
        const sql = await trusted(db.sql, (tx) => hazardTrends(tx, code, from, to));
        const mine = hazards.filter((h) => under(h.code, code));
        const expected = monthsOf(from, to).map((month) => {
          const d0 = `${month}-01`;
          const d1 = new Date(monthStart(month, 1) + 8 * HOUR).toISOString().slice(0, 10);
          const openAt = mine.filter((h) => h.found_on < d1 && (h.rectified_on === null || h.rectified_on >= d1));
          return {
            month,
            found: mine.filter((h) => h.found_on >= d0 && h.found_on < d1).length,
            rectified: mine.filter((h) => h.rectified_on !== null && h.rectified_on >= d0 && h.rectified_on < d1)
              .length,
            open_end: openAt.length,
            // Overdue on the month's last day: the deadline before it.
            overdue_end: openAt.filter((h) => h.deadline < addDays(d1, -1)).length
          };
        });
        expect(sql, `${code} ${from}..${to}`).toEqual(expected);
      }
    }
  });

  test('daily-report compliance in SQL equals a recount of the raw rows in TypeScript', async () => {
    const [from, to] = ['2026-10-20', '2026-11-23'];
    const { grids, reports } = await trusted(db.sql, async (tx) => ({
      grids: await tx<{ id: number; code: string; valid_from: string; valid_to: string | null }[]>`
        select id, code, valid_from::text, valid_to::text from area where level = 'grid'`,
      reports: await tx<{ grid_id: number; day: string }[]>`
        select grid_id, report_date::text as day from daily_report where report_date between ${from}::date and ${to}::date`
    }));
    const filed = new Set(reports.map((r) => `${r.grid_id}@${r.day}`));
    for (const { code } of sample()) {
      const sql = await trusted(db.sql, (tx) => dailyReportCompliance(tx, code, from, to));
      expect(sql).toHaveLength(35);
      for (const row of sql) {
        const inForce = grids.filter(
          (g) => under(g.code, code) && g.valid_from <= row.day && (g.valid_to === null || g.valid_to > row.day)
        );
        const reported = inForce.filter((g) => filed.has(`${g.id}@${row.day}`)).length;
        expect(row, `${code} ${row.day}`).toEqual({
          day: row.day,
          grids: inForce.length,
          reported,
          share: rate(reported, inForce.length)
        });
      }
    }
  });

  test("each grid's reported and missing days, and the grids missing a day, equal a recount of the raw rows", async () => {
    const [from, to] = ['2026-10-20', '2026-11-23'];
    const window = Array.from({ length: 35 }, (_, i) =>
      new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10)
    );
    // Inside a transaction that is rolled back: one grid starts mid-window and another ends
    // mid-window, so the recount covers days on which a grid is not in force ('.').
    await trusted(db.sql, async (tx) => {
      const [late, retired] = await tx<{ id: number }[]>`
        select id from area where level = 'grid' and valid_to is null and code like '370105-001-%' order by code limit 2`;
      await tx`update area set valid_from = '2026-11-05' where id = ${late!.id}`;
      await tx`update area set valid_to = '2026-11-10' where id = ${retired!.id}`;
      const grids = await tx<{ id: number; code: string; name: string; valid_from: string; valid_to: string | null }[]>`
        select id::int as id, code, name, valid_from::text, valid_to::text from area where level = 'grid'`;
      const reports = await tx<{ grid_id: number; day: string }[]>`
        select grid_id::int as grid_id, report_date::text as day from daily_report where report_date between ${from}::date and ${to}::date`;
      const filed = new Set(reports.map((r) => `${r.grid_id}@${r.day}`));
      const inForce = (g: (typeof grids)[number], day: string) =>
        g.valid_from <= day && (g.valid_to === null || g.valid_to > day);
      for (const code of ['370105-001', ...sample().map((a) => a.code)]) {
        const mine = grids
          .filter((g) => under(g.code, code) && g.valid_from <= to && (g.valid_to === null || g.valid_to > from))
          .sort((a, b) => (a.code === b.code ? (a.valid_from < b.valid_from ? -1 : 1) : a.code < b.code ? -1 : 1));
        const expected = mine.map((g) => {
          const days = window.map((d) => (!inForce(g, d) ? '.' : filed.has(`${g.id}@${d}`) ? '1' : '0')).join('');
          return {
            id: g.id,
            code: g.code,
            name: g.name,
            reported: days.split('1').length - 1,
            missing: days.split('0').length - 1,
            days
          };
        });
        const sql = await gridDailyReports(tx, code, from, to);
        expect(sql, code).toEqual(expected);
        for (const day of ['2026-11-04', '2026-11-05', '2026-11-10', to]) {
          const grid = mine.filter((g) => inForce(g, day));
          const missing = grid
            .filter((g) => !filed.has(`${g.id}@${day}`))
            .map(({ id, code, name }) => ({ id, code, name }));
          expect(await gridsMissingReport(tx, code, day), `${code} ${day}`).toEqual({ grids: grid.length, missing });
        }
      }
      const sub = await gridDailyReports(tx, '370105-001', from, to);
      // The fixture exercises every state: reported, missing, and not in force.
      expect(sub.some((g) => g.days.includes('.'))).toBe(true);
      expect(sub.some((g) => g.missing > 0)).toBe(true);
      expect(sub.every((g) => g.days.length === 35)).toBe(true);
      // Each grid's days add up to the area's per-day compliance.
      const perDay = await dailyReportCompliance(tx, '370105-001', from, to);
      perDay.forEach((d, i) => {
        expect(sub.filter((g) => g.days[i] !== '.').length, d.day).toBe(d.grids);
        expect(sub.filter((g) => g.days[i] === '1').length, d.day).toBe(d.reported);
      });
      throw new Rollback();
    }).catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  });

  test('sub-districts add up to the district, count by count', async () => {
    const [from, to] = RANGES[1];
    const subs = areas.filter((a) => a.level === 'subdistrict');
    const sum = <T extends object>(parts: T[][], key: keyof T, i: number) =>
      parts.reduce((s, p) => s + (p[i]![key] as number), 0);
    const district = await trusted(db.sql, (tx) => petitionTrends(tx, '370105', from, to));
    const parts = await Promise.all(subs.map((a) => trusted(db.sql, (tx) => petitionTrends(tx, a.code, from, to))));
    district.forEach((m, i) => {
      for (const key of ['new', 'accepted', 'closed', 'resolved', 'backlog_start', 'backlog_end'] as const) {
        expect(sum(parts, key, i), `${m.month} ${key}`).toBe(m[key]);
      }
    });
    const hDistrict = await trusted(db.sql, (tx) => hazardTrends(tx, '370105', from, to));
    const hParts = await Promise.all(subs.map((a) => trusted(db.sql, (tx) => hazardTrends(tx, a.code, from, to))));
    hDistrict.forEach((m, i) => {
      for (const key of ['found', 'rectified', 'open_end', 'overdue_end'] as const) {
        expect(sum(hParts, key, i), `${m.month} ${key}`).toBe(m[key]);
      }
    });
    const cDistrict = await trusted(db.sql, (tx) => dailyReportCompliance(tx, '370105', '2026-11-01', '2026-11-23'));
    const cParts = await Promise.all(
      subs.map((a) => trusted(db.sql, (tx) => dailyReportCompliance(tx, a.code, '2026-11-01', '2026-11-23')))
    );
    cDistrict.forEach((d, i) => {
      expect(sum(cParts, 'grids', i), d.day).toBe(d.grids);
      expect(sum(cParts, 'reported', i), d.day).toBe(d.reported);
    });
  });

  test('an empty or tiny area gives zeros and null rates, never NaN or Infinity', async () => {
    const grid = cases[0]!.code;
    for (const code of ['999999', '370105-999', grid]) {
      const [p, h, c] = await trusted(db.sql, async (tx) => [
        await petitionTrends(tx, code, '2020-01', '2026-12'),
        await hazardTrends(tx, code, '2020-01', '2026-12'),
        await dailyReportCompliance(tx, code, '2026-11-01', '2026-11-23')
      ]);
      expect(p).toHaveLength(84);
      expect(h).toHaveLength(84);
      expect(c).toHaveLength(23);
      expect(allFinite(p) && allFinite(h) && allFinite(c), code).toBe(true);
    }
    const empty = await trusted(db.sql, (tx) => petitionTrends(tx, '999999', '2026-01', '2026-01'));
    expect(empty).toEqual([
      {
        month: '2026-01',
        new: 0,
        accepted: 0,
        closed: 0,
        resolved: 0,
        backlog_start: 0,
        backlog_end: 0,
        accepted_on_time_rate: null,
        closed_on_time_rate: null,
        closed_locally_rate: null,
        repeat_rate: null,
        escalation_rate: null
      }
    ]);
  });

  test('bad month ranges are refused with the bound named', async () => {
    await expect(trusted(db.sql, (tx) => petitionTrends(tx, '370105', '2026-13', '2026-12'))).rejects.toThrow(
      /fromMonth "2026-13"/
    );
    await expect(trusted(db.sql, (tx) => hazardTrends(tx, '370105', '2026-05', '2026-04'))).rejects.toThrow(
      /before fromMonth/
    );
    await expect(
      trusted(db.sql, (tx) => dailyReportCompliance(tx, '370105', '2026-11-01', '2026/11/02'))
    ).rejects.toThrow(/toDay/);
  });

  test('property: over random case sets the backlog identity holds every month and SQL equals the recount', async () => {
    const [grid] = await trusted(
      db.sql,
      (tx) => tx<{ code: string; lon: number; lat: number }[]>`
      select code, ST_X(p) as lon, ST_Y(p) as lat from (select code, ST_PointOnSurface(geom) as p from area
      where level = 'grid' and valid_to is null order by code desc limit 1) t`
    );
    // Instants on and next to CST month boundaries, and anywhere in 2025–2026.
    const boundary = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, -1, 1))
      .map(([i, d]) => new Date(monthStart('2025-01', i) + d));
    const instant = fc.oneof(
      { arbitrary: boundary, weight: 2 },
      fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
    );
    const gap = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120 * 24 * HOUR }));
    const oneCase = fc.record({
      received: instant,
      // A later event is a short gap after the previous one, or any instant (clamped to it), so
      // acceptances and closures land on month boundaries too.
      toAccept: fc.option(fc.oneof(gap, instant), { nil: null }),
      toClose: fc.option(fc.oneof(gap, instant), { nil: null }),
      resolved: fc.boolean(),
      extension: fc.integer({ min: 0, max: 30 }),
      level: fc.constantFrom('grid', 'community', 'subdistrict', 'district', 'city', 'province', 'national')
    });
    await fc.assert(
      fc.asyncProperty(fc.array(oneCase, { maxLength: 25 }), async (drawn) => {
        const rows = drawn.map((d) => {
          const after = (t: Date, next: number | Date) =>
            new Date(typeof next === 'number' ? t.getTime() + next : Math.max(t.getTime(), next.getTime()));
          const accepted = d.toAccept === null ? null : after(d.received, d.toAccept);
          const closed = accepted && d.toClose !== null ? after(accepted, d.toClose) : null;
          const status = !accepted ? 'received' : !closed ? 'mediating' : d.resolved ? 'resolved' : 'closed_unresolved';
          return {
            received_at: d.received.toISOString(),
            accepted_at: accepted?.toISOString() ?? null,
            closed_at: closed?.toISOString() ?? null,
            status,
            extension_days: d.extension,
            level_reached: d.level,
            resolution_method: status === 'resolved' ? 'people_mediation' : null
          };
        });
        let checked = false;
        await trusted(db.sql, async (tx) => {
          // Only the drawn cases in this grid: the seeded ones move to another grid, inside the rolled-back transaction.
          // The grid trigger derives grid_id from the point, so the seeded cases move by their point.
          await tx`update petition_case set geom = (select ST_PointOnSurface(geom) from area
                     where level = 'grid' and valid_to is null and code <> ${grid!.code} order by code limit 1)
                   where grid_id = (select id from area where code = ${grid!.code} and valid_to is null)`;
          await tx`
            insert into petition_case (district_code, grid_id, received_at, accepted_at, closed_at, status, extension_days,
              level_reached, resolution_method, channel, category, geom)
            select '', 0, r.received_at, r.accepted_at, r.closed_at, r.status, r.extension_days, r.level_reached,
              r.resolution_method, 'online', 'other', ST_SetSRID(ST_MakePoint(${grid!.lon}, ${grid!.lat}), 4326)
            from json_to_recordset(${JSON.stringify(rows)}::text::json) as r(received_at timestamptz, accepted_at timestamptz,
              closed_at timestamptz, status text, extension_days int, level_reached text, resolution_method text)`;
          const raw = await tx<CaseRow[]>`
            select g.code, p.received_at, p.accepted_at, p.closed_at, p.extension_days, p.status, p.level_reached, p.repeat_of_id
            from petition_case p join area g on g.id = p.grid_id where g.code = ${grid!.code}`;
          expect(raw).toHaveLength(rows.length);
          const sql = await petitionTrends(tx, grid!.code, '2024-12', '2027-01');
          sql.forEach((m) => expect(m.backlog_end, m.month).toBe(m.backlog_start + m.new - m.closed));
          expectSameMonths(sql, recountPetitions(raw, grid!.code, '2024-12', '2027-01'), 'random');
          checked = true;
          throw new Rollback();
        }).catch((e) => {
          if (!(e instanceof Rollback)) throw e;
        });
        expect(checked).toBe(true);
      }),
      { seed: 20261123, numRuns: 40 }
    );
  });
});
