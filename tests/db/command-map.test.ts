/**
 * The command map's queries against recounts from raw rows, on both engines: per-day timeline,
 * alerts (overdue hazards, petition deadlines by the domain's rule, thin-base grids by the pyramid
 * rule) and their pages, the one definition of "overdue" shared with the pyramid, hazard columns of
 * a window (open in it or found in it), petition columns, and the area view with its breadcrumb.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trusted } from '../../src/lib/server/db/contexts';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { eventTimeline } from '../../src/lib/server/queries/event-timeline';
import {
  ALERT_LISTS,
  alertPage,
  commandAlerts,
  NEAR_DEADLINE_DAYS,
  THIN_BASE_DAYS,
  type AlertListId
} from '../../src/lib/server/queries/command-alerts';
import { safetyCounts } from '../../src/lib/server/queries/pyramid';
import { hazardColumns } from '../../src/lib/server/queries/hazard-columns';
import { petitionColumns } from '../../src/lib/server/queries/petition-columns';
import { areaView } from '../../src/lib/server/queries/area-view';
import { halfOpen } from '../../src/lib/api/params';
import { petitionDeadlines } from '../../src/lib/domain/petition-deadlines';
import { computePyramid } from '../../src/lib/domain/compute-pyramid';
import { SAFETY_PYRAMID } from '../../src/lib/domain/pyramid-config';
import { engines, type TestDatabase } from '../support/db';

const END = '2026-11-23';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const under = (code: string, scope: string) => code === scope || code.startsWith(`${scope}-`);
/** The China Standard Time calendar day of an instant. */
const cstDay = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);
const dayNo = (s: string) => Math.round(Date.parse(`${s}T00:00:00Z`) / DAY);
const addDays = (s: string, n: number) => new Date(Date.parse(`${s}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

interface Raw {
  incidents: { code: string; tier: string; domain: string; occurred_at: Date }[];
  hazards: {
    id: number;
    code: string;
    level: string;
    found_on: string;
    deadline: string;
    rectified_on: string | null;
  }[];
  petitions: {
    id: number;
    code: string;
    received_at: Date;
    accepted_at: Date | null;
    closed_at: Date | null;
    extension_days: number;
  }[];
}

describe.each(engines())('command map queries on $name', (engine) => {
  let db: TestDatabase;
  let raw: Raw;

  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 11, endDate: END, scale: 0.1 });
    raw = await trusted(db.sql, async (tx) => ({
      incidents: await tx<
        Raw['incidents']
      >`select a.code, i.tier, i.domain, i.occurred_at from incident i join area a on a.id = i.grid_id`,
      hazards: await tx<Raw['hazards']>`
        select h.id, a.code, h.level, h.found_on::text as found_on, h.deadline::text as deadline, h.rectified_on::text as rectified_on
        from hazard h join area a on a.id = h.grid_id`,
      petitions: await tx<Raw['petitions']>`
        select p.id, a.code, p.received_at, p.accepted_at, p.closed_at, p.extension_days from petition_case p join area a on a.id = p.grid_id`
    }));
  }, 300_000);

  afterAll(async () => {
    await db?.close();
  });

  test.each([
    ['370105', '2026-08-26', '2026-11-23'],
    ['370105-008', '2026-01-01', '2026-03-31'],
    ['370105-008-002', '2025-11-01', '2026-02-28']
  ])('the timeline of %s from %s to %s counts each event on its day', async (code, from, to) => {
    const window = halfOpen({ from, to });
    const t = await trusted(db.sql, (tx) => eventTimeline(tx, code, window.from, window.to, true));
    const days = dayNo(to) - dayNo(from) + 1;
    const expected = {
      petitions: new Array(days).fill(0),
      incidents: new Array(days).fill(0),
      hazards: new Array(days).fill(0)
    };
    for (const i of raw.incidents) {
      const d = dayNo(cstDay(i.occurred_at)) - dayNo(from);
      if (i.domain === 'safety' && under(i.code, code) && d >= 0 && d < days) expected.incidents[d]++;
    }
    for (const h of raw.hazards) {
      const d = dayNo(h.found_on) - dayNo(from);
      if (under(h.code, code) && d >= 0 && d < days) expected.hazards[d]++;
    }
    for (const p of raw.petitions) {
      const d = dayNo(cstDay(p.received_at)) - dayNo(from);
      if (under(p.code, code) && d >= 0 && d < days) expected.petitions[d]++;
    }

    expect(t.days).toBe(days);
    expect({ petitions: t.petitions, incidents: t.incidents, hazards: t.hazards }).toEqual(expected);
    expect(expected.incidents.reduce((s, n) => s + n, 0) + expected.hazards.reduce((s, n) => s + n, 0)).toBeGreaterThan(
      0
    );
  });

  test('without petition reading the timeline has no petition series', async () => {
    const t = await trusted(db.sql, (tx) => eventTimeline(tx, '370105', '2026-01-01', '2026-02-01', false));
    expect(t.petitions).toBeNull();
  });

  /** Hazards overdue on `asOf` by the rule of docs/analytics.md: open at its end, deadline before it; in the alerts' order. */
  const overdueOn = (code: string, asOf: string) =>
    raw.hazards
      .filter(
        (h) =>
          under(h.code, code) &&
          h.found_on <= asOf &&
          h.deadline < asOf &&
          (h.rectified_on === null || h.rectified_on > asOf)
      )
      .sort(
        (x, y) =>
          Number(y.level === 'major') - Number(x.level === 'major') ||
          x.deadline.localeCompare(y.deadline) ||
          x.id - y.id
      );

  /** Petitions open at the end of `asOf`, past (days past ≥ 0) or within NEAR_DEADLINE_DAYS of their deadline, with days past; by days past descending, then id. */
  function petitionsFlagged(code: string, asOf: string) {
    const now = Date.parse(`${addDays(asOf, 1)}T00:00:00+08:00`);
    const out: { id: number; daysPast: number }[] = [];
    for (const p of raw.petitions) {
      if (!under(p.code, code) || p.received_at.getTime() >= now || (p.closed_at && p.closed_at.getTime() < now))
        continue;
      const accepted = p.accepted_at && p.accepted_at.getTime() < now ? p.accepted_at : null;
      const d = petitionDeadlines({
        received_at: p.received_at,
        accepted_at: accepted,
        extension_days: p.extension_days,
        closed_at: null
      });
      const due = (accepted ? d.resolutionDue! : d.acceptanceDue).getTime();
      if (due >= now + NEAR_DEADLINE_DAYS * DAY) continue;
      out.push({ id: p.id, daysPast: Math.floor((now - due) / DAY) });
    }
    out.sort((a, b) => b.daysPast - a.daysPast || a.id - b.id);
    return { past: out.filter((p) => p.daysPast >= 0), near: out.filter((p) => p.daysPast < 0) };
  }

  /** Every item of one alert list, read page by page with `limit` items a page. */
  async function allPages(list: AlertListId, code: string, asOf: string, limit: number) {
    const items: unknown[] = [];
    const counts = new Set<number>();
    for (let offset = 0; ; offset += limit) {
      const page = await trusted(db.sql, (tx) => alertPage(tx, list, code, asOf, SAFETY_PYRAMID, { offset, limit }));
      counts.add(page.count);
      expect(page.offset).toBe(offset);
      items.push(...page.items);
      if (page.items.length < limit) break;
    }
    return { items, counts: [...counts] };
  }

  test.each([['370105'], ['370105-008']])('alerts of %s equal a recount with the domain rules', async (code) => {
    const asOf = '2026-10-15';
    const a = await trusted(db.sql, (tx) => commandAlerts(tx, code, asOf, true, SAFETY_PYRAMID));

    // Overdue hazards: found by the day, past the deadline, not rectified by then.
    const order = overdueOn(code, asOf);
    expect(a.overdueHazards.count).toBe(order.length);
    expect(a.overdueHazards.items.map((h) => [h.id, h.daysOverdue])).toEqual(
      order.slice(0, 20).map((h) => [h.id, dayNo(asOf) - dayNo(h.deadline)])
    );

    // Petitions open at the end of the day, past or within NEAR_DEADLINE_DAYS of their deadline: two lists.
    const { past, near } = petitionsFlagged(code, asOf);
    expect(a.petitionDeadlines!.overdue.count).toBe(past.length);
    expect(a.petitionDeadlines!.near.count).toBe(near.length);
    expect(a.petitionDeadlines!.overdue.items.map((p) => [p.id, p.daysPast])).toEqual(
      past.slice(0, 20).map((p) => [p.id, p.daysPast])
    );
    expect(a.petitionDeadlines!.near.items.map((p) => [p.id, p.daysPast])).toEqual(
      near.slice(0, 20).map((p) => [p.id, p.daysPast])
    );
    expect(past.length + near.length).toBeGreaterThan(0);

    // Thin-base grids: the pyramid rule over the year up to the day.
    const since = addDays(asOf, -(THIN_BASE_DAYS - 1));
    const perGrid = new Map<string, { serious: number; minor: number; near_miss: number }>();
    for (const i of raw.incidents) {
      const d = cstDay(i.occurred_at);
      if (i.domain !== 'safety' || !under(i.code, code) || d < since || d > asOf) continue;
      const c = perGrid.get(i.code) ?? { serious: 0, minor: 0, near_miss: 0 };
      c[i.tier as 'serious' | 'minor' | 'near_miss']++;
      perGrid.set(i.code, c);
    }
    const thin = [...perGrid]
      .filter(([, c]) => computePyramid({ ...c, open_hazard: 0 }, SAFETY_PYRAMID).thinBase?.flagged)
      .map(([g]) => g);
    expect(a.thinBaseGrids.count).toBe(thin.length);
    expect(a.thinBaseGrids.items.map((g) => g.gridCode).sort()).toEqual(thin.sort().slice(0, 20));
  });

  test.each(ALERT_LISTS.map((l) => [l]))('the pages of %s hold every item of the list exactly once', async (list) => {
    const code = '370105';
    const asOf = '2026-10-15';
    const first = await trusted(db.sql, (tx) =>
      alertPage(tx, list, code, asOf, SAFETY_PYRAMID, { offset: 0, limit: 200 })
    );
    const { items, counts } = await allPages(list, code, asOf, 7);
    const key = (item: unknown) => JSON.stringify(item);

    // One count on every page, the pages' items as many as it says, none twice, in the order of one long page.
    expect(counts).toEqual([first.count]);
    expect(items).toHaveLength(first.count);
    expect(new Set(items.map(key)).size).toBe(items.length);
    if (first.count <= 200) expect(items).toEqual(first.items);
    // Past the end: the count, no items.
    const beyond = await trusted(db.sql, (tx) =>
      alertPage(tx, list, code, asOf, SAFETY_PYRAMID, { offset: first.count + 5, limit: 20 })
    );
    expect(beyond).toEqual({ count: first.count, offset: first.count + 5, items: [] });
  });

  test('paged overdue hazards and near-deadline petitions are exactly the recounted ones, more than one page of them', async () => {
    const code = '370105';
    // The day of 2026 (weekly) with the most petitions near their deadline: this sample data set is small.
    const days = Array.from({ length: 46 }, (_, i) => addDays('2026-01-05', 7 * i));
    const asOf = days.reduce((best, d) =>
      petitionsFlagged(code, d).near.length > petitionsFlagged(code, best).near.length ? d : best
    );
    const hazards = await allPages('overdueHazards', code, asOf, 20);
    const near = await allPages('petitionsNear', code, asOf, 2);
    const past = await allPages('petitionsOverdue', code, asOf, 20);
    const expected = petitionsFlagged(code, asOf);

    expect((hazards.items as { id: number }[]).map((h) => h.id)).toEqual(overdueOn(code, asOf).map((h) => h.id));
    expect(hazards.items.length).toBeGreaterThan(20);
    // Near-deadline petitions are listed, and the count is the list's length.
    expect((near.items as { id: number; daysPast: number }[]).map((p) => [p.id, p.daysPast])).toEqual(
      expected.near.map((p) => [p.id, p.daysPast])
    );
    expect(near.counts).toEqual([near.items.length]);
    expect(near.items.length).toBeGreaterThan(2);
    expect((past.items as { id: number }[]).map((p) => p.id)).toEqual(expected.past.map((p) => p.id));
  });

  test('the pyramid counts the alerts’ overdue hazards: a hazard due on the last day is not overdue yet', async () => {
    // A day on which some hazard, still open at its end, is due: the case the two rules used to split.
    const dueDays = raw.hazards
      .filter((h) => h.rectified_on === null || h.rectified_on > h.deadline)
      .map((h) => h.deadline)
      .filter((d) => d > '2026-01-01' && d < END)
      .sort();
    const day = dueDays[Math.floor(dueDays.length / 2)]!;
    const dueThatDay = raw.hazards.filter(
      (h) => h.deadline === day && (h.rectified_on === null || h.rectified_on > day)
    );
    expect(dueThatDay.length).toBeGreaterThan(0);

    for (const code of ['370105', '370105-008']) {
      const a = await trusted(db.sql, (tx) => commandAlerts(tx, code, day, false, SAFETY_PYRAMID));
      const p = await trusted(db.sql, (tx) => safetyCounts(tx, code, addDays(day, -89), addDays(day, 1)));
      expect(p.overdue_now, code).toBe(a.overdueHazards.count);
      expect(a.overdueHazards.count, code).toBe(overdueOn(code, day).length);
    }
  });

  test('an inspector-like role without petition reading gets no petition alert', async () => {
    const a = await trusted(db.sql, (tx) => commandAlerts(tx, '370105-008', '2026-10-15', false, SAFETY_PYRAMID));
    expect(a.petitionDeadlines).toBeNull();
  });

  test('hazard columns hold every hazard once with its days', async () => {
    const cols = await trusted(db.sql, (tx) => hazardColumns(tx));
    const byId = new Map(raw.hazards.map((h) => [h.id, h]));

    expect(cols.count).toBe(raw.hazards.length);
    expect(new Set(cols.ids).size).toBe(cols.count);
    for (let i = 0; i < cols.count; i += 97) {
      const h = byId.get(cols.ids[i]!)!;
      expect([cols.foundDay[i], cols.deadlineDay[i], cols.rectifiedDay[i]]).toEqual([
        dayNo(h.found_on),
        dayNo(h.deadline),
        h.rectified_on ? dayNo(h.rectified_on) : -1
      ]);
      expect(cols.level[i]).toBe(h.level === 'major' ? 1 : 0);
    }
  });

  test('hazard columns of a window hold the hazards found in it and those found before it and still open in it', async () => {
    const [from, to] = ['2026-06-01', '2026-08-31'];
    const cols = await trusted(db.sql, (tx) => hazardColumns(tx, halfOpen({ from, to })));
    const expected = raw.hazards
      .filter((h) => h.found_on <= to && (h.rectified_on === null || h.rectified_on >= from))
      .map((h) => h.id)
      .sort((a, b) => a - b);
    const ids = new Set(cols.ids);
    const foundBefore = raw.hazards.filter((h) => h.found_on < from);
    const stillOpen = foundBefore.filter((h) => h.rectified_on === null || h.rectified_on >= from);
    const closedBefore = foundBefore.filter((h) => h.rectified_on !== null && h.rectified_on < from);
    const neverClosed = foundBefore.filter((h) => h.rectified_on === null && h.found_on < '2026-01-01');

    expect(cols.ids).toEqual(expected);
    // Found before the window and open in it: on the map, also when found in an earlier year and never rectified.
    expect(stillOpen.length).toBeGreaterThan(0);
    expect(stillOpen.every((h) => ids.has(h.id))).toBe(true);
    expect(neverClosed.length).toBeGreaterThan(0);
    expect(neverClosed.every((h) => ids.has(h.id))).toBe(true);
    // Rectified before the window began: not on it. Found after it: not on it.
    expect(closedBefore.length).toBeGreaterThan(0);
    expect(closedBefore.some((h) => ids.has(h.id))).toBe(false);
    expect(raw.hazards.filter((h) => h.found_on > to).some((h) => ids.has(h.id))).toBe(false);
    // Rectified on the window's first day: open that morning, so on the map.
    for (const h of raw.hazards.filter((x) => x.rectified_on === from)) expect(ids.has(h.id)).toBe(true);
  });

  test('petition columns hold the window’s cases, in day order, positions paired with days', async () => {
    const cols = await trusted(db.sql, (tx) => petitionColumns(tx, '2026-09-01', '2026-10-01'));
    const expected = raw.petitions.filter(
      (p) => cstDay(p.received_at) >= '2026-09-01' && cstDay(p.received_at) < '2026-10-01'
    );
    const check = await trusted(
      db.sql,
      (tx) => tx<{ x: number; y: number; day: number }[]>`
      select round(ST_X(geom)::numeric, 5)::float8 as x, round(ST_Y(geom)::numeric, 5)::float8 as y,
             ((received_at at time zone 'Asia/Shanghai')::date - date '1970-01-01') as day
      from petition_case
      where received_at >= '2026-09-01T00:00:00+08:00' and received_at < '2026-10-01T00:00:00+08:00'
      order by 3, id`
    );

    expect(cols.count).toBe(expected.length);
    expect(cols.receivedDay).toEqual([...cols.receivedDay].sort((a, b) => a - b));
    expect(check.map((r) => [r.x, r.y, Number(r.day)])).toEqual(
      cols.receivedDay.map((d, i) => [cols.positions[2 * i], cols.positions[2 * i + 1], d])
    );
  });

  test('the area view of a grid: its path from the district and its own outline', async () => {
    const [grid] = await trusted(
      db.sql,
      (tx) =>
        tx<{ code: string }[]>`select code from area where level = 'grid' and valid_to is null order by code limit 1`
    );
    const v = (await trusted(db.sql, (tx) => areaView(tx, grid!.code)))!;
    const parts = grid!.code.split('-');

    expect(v.path.map((c) => c.code)).toEqual([parts[0], parts.slice(0, 2).join('-'), parts.slice(0, 3).join('-')]);
    expect(v.path.map((c) => c.level)).toEqual(['district', 'subdistrict', 'community']);
    expect(v.children.features.map((f) => f.properties.code)).toEqual([grid!.code]);
    const sub = (await trusted(db.sql, (tx) => areaView(tx, parts.slice(0, 2).join('-'))))!;
    expect(
      sub.children.features.every(
        (f) => f.properties.level === 'community' && f.properties.code.startsWith(`${sub.area.code}-`)
      )
    ).toBe(true);
    expect(await trusted(db.sql, (tx) => areaView(tx, '370105-999'))).toBeNull();
  });
});
