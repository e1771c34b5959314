import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trusted } from '../../src/lib/server/db/contexts';
import { safetyCounts, stabilityCounts } from '../../src/lib/server/queries/pyramid';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { engines, type TestDatabase } from '../support/db';

const WINDOWS = [
  ['2026-01-01', '2026-04-01'],
  ['2025-06-15', '2026-06-15'],
  ['2023-11-24', '2026-11-24']
] as const;

const under = (code: string, scope: string) => code === scope || code.startsWith(`${scope}-`);
/** `YYYY-MM-DD` plus `n` days. */
const addDays = (s: string, n: number) =>
  new Date(Date.parse(`${s}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** China Standard Time day of an instant. */
const cstDay = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe.each(engines())('pyramid counts on $name', (engine) => {
  let db: TestDatabase;
  let incidents: { tier: string; domain: string; at: Date; code: string }[];
  let hazards: { found_on: string; deadline: string; rectified_on: string | null; code: string }[];
  let petitions: { channel: string; group_size: number; level_reached: string; at: Date; code: string }[];
  let areas: { code: string; level: string }[];
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 9, endDate: '2026-11-23', scale: 0.1 });
    await trusted(db.sql, async (tx) => {
      incidents =
        await tx`select i.tier, i.domain, i.occurred_at as at, g.code from incident i join area g on g.id = i.grid_id`;
      hazards =
        await tx`select h.found_on::text, h.deadline::text, h.rectified_on::text, g.code from hazard h join area g on g.id = h.grid_id`;
      petitions =
        await tx`select p.channel, p.group_size, p.level_reached, p.received_at as at, g.code from petition_case p join area g on g.id = p.grid_id`;
      areas = await tx`select code, level from area where level in ('district', 'subdistrict')`;
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  test('safety counts in SQL equal a recount of the raw rows in TypeScript', async () => {
    for (const [from, to] of WINDOWS) {
      for (const { code } of areas.slice(0, 6)) {
        const sql = await trusted(db.sql, (tx) => safetyCounts(tx, code, from, to));
        const inWindow = incidents.filter(
          (i) => i.domain === 'safety' && under(i.code, code) && cstDay(i.at) >= from && cstDay(i.at) < to
        );
        // Open at the start of `day`; overdue on the day before it: the deadline before that day (the alerts' rule).
        const openAt = (day: string, overdue: boolean) =>
          hazards.filter(
            (h) =>
              under(h.code, code) &&
              h.found_on < day &&
              (h.rectified_on === null || h.rectified_on >= day) &&
              (!overdue || h.deadline < addDays(day, -1))
          ).length;
        expect(sql, `${code} ${from}..${to}`).toEqual({
          serious: inWindow.filter((i) => i.tier === 'serious').length,
          minor: inWindow.filter((i) => i.tier === 'minor').length,
          near_miss: inWindow.filter((i) => i.tier === 'near_miss').length,
          open_hazard: openAt(to, false),
          overdue_now: openAt(to, true),
          overdue_before: openAt(from, true)
        });
      }
    }
  });

  test('stability counts in SQL equal a recount of the raw rows in TypeScript', async () => {
    const escalated = new Set(['city', 'province', 'national']);
    for (const [from, to] of WINDOWS) {
      for (const { code } of areas.slice(0, 6)) {
        const sql = await trusted(db.sql, (tx) => stabilityCounts(tx, code, from, to));
        const cases = petitions.filter((p) => under(p.code, code) && cstDay(p.at) >= from && cstDay(p.at) < to);
        const reported = cases.filter((p) => p.channel !== 'screening');
        expect(sql, `${code} ${from}..${to}`).toEqual({
          mass_incident: incidents.filter(
            (i) => i.domain === 'stability' && under(i.code, code) && cstDay(i.at) >= from && cstDay(i.at) < to
          ).length,
          group_or_escalated: reported.filter((p) => p.group_size >= 5 || escalated.has(p.level_reached)).length,
          individual: reported.filter((p) => p.group_size < 5 && !escalated.has(p.level_reached)).length,
          screening: cases.filter((p) => p.channel === 'screening').length
        });
      }
    }
  });

  test('sub-districts add up to the district, tier by tier', async () => {
    const [from, to] = WINDOWS[2];
    const district = await trusted(db.sql, (tx) => safetyCounts(tx, '370105', from, to));
    const subs = await Promise.all(
      areas
        .filter((a) => a.level === 'subdistrict')
        .map((a) => trusted(db.sql, (tx) => safetyCounts(tx, a.code, from, to)))
    );
    for (const key of Object.keys(district) as (keyof typeof district)[]) {
      expect(
        subs.reduce((s, c) => s + c[key], 0),
        key
      ).toBe(district[key]);
    }
    expect(district.near_miss).toBeGreaterThan(0);
  });
});
