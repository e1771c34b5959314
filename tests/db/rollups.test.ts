/**
 * Per-grid per-day rollups (migration 0007) equal a recount of the raw rows — after seeding, after
 * writes through the app's roles (insert, escalate, close, move, delete), and after a deferred
 * bulk load with rebuild_rollups(). The recount is done here in TypeScript from the raw rows.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trusted, withCaller, type Tx } from '../../src/lib/server/db/contexts';
import { createUser } from '../../src/lib/server/auth/users';
import { createSession } from '../../src/lib/server/auth/sessions';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { engines, type TestDatabase } from '../support/db';

/** China Standard Time day of an instant. */
const cstDay = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const ESCALATED = new Set(['city', 'province', 'national']);
const classOf = (p: { channel: string; group_size: number; level_reached: string }) =>
  p.channel === 'screening'
    ? 'screening'
    : p.group_size >= 5 || ESCALATED.has(p.level_reached)
      ? 'group_or_escalated'
      : 'individual';

type Counts = Record<string, Record<string, number>>;

function bump(out: Counts, key: string, field: string) {
  const row = (out[key] ??= {});
  row[field] = (row[field] ?? 0) + 1;
}

/** The rollups recounted from the raw rows, keyed grid@day, without zero fields. */
async function recount(tx: Tx): Promise<{ incident: Counts; petition: Counts }> {
  const incidents = await tx<
    { grid_id: number; occurred_at: Date; tier: string }[]
  >`select grid_id::int, occurred_at, tier from incident`;
  const petitions = await tx<
    {
      grid_id: number;
      received_at: Date;
      closed_at: Date | null;
      channel: string;
      group_size: number;
      level_reached: string;
      repeat_of_id: number | null;
    }[]
  >`
    select grid_id::int, received_at, closed_at, channel, group_size, level_reached, repeat_of_id::int from petition_case`;
  const incident: Counts = {};
  for (const r of incidents) bump(incident, `${r.grid_id}@${cstDay(r.occurred_at)}`, r.tier);
  const petition: Counts = {};
  for (const r of petitions) {
    const key = `${r.grid_id}@${cstDay(r.received_at)}`;
    bump(petition, key, classOf(r));
    // Parts of petition pressure (0008), by day received.
    if (r.group_size >= 5) bump(petition, key, 'grp');
    if (r.repeat_of_id !== null) bump(petition, key, 'repeated');
    if (ESCALATED.has(r.level_reached)) bump(petition, key, 'escalated');
    if (r.closed_at) bump(petition, `${r.grid_id}@${cstDay(r.closed_at)}`, 'closed');
  }
  return { incident, petition };
}

/** The rollup tables as stored, keyed grid@day, without zero fields (a row may fall to all zeros). */
async function stored(tx: Tx): Promise<{ incident: Counts; petition: Counts }> {
  const pick = (rows: Record<string, unknown>[], fields: string[]) => {
    const out: Counts = {};
    for (const r of rows) {
      const kept = Object.fromEntries(fields.filter((f) => Number(r[f]) !== 0).map((f) => [f, Number(r[f])]));
      if (Object.keys(kept).length) out[`${r.grid_id}@${r.day}`] = kept;
    }
    return out;
  };
  const inc = await tx`select grid_id::int, day::text, serious, minor, near_miss, mass_incident from incident_daily`;
  const pet =
    await tx`select grid_id::int, day::text, group_or_escalated, individual, screening, closed, grp, repeated, escalated from petition_daily`;
  return {
    incident: pick(inc, ['serious', 'minor', 'near_miss', 'mass_incident']),
    petition: pick(pet, ['group_or_escalated', 'individual', 'screening', 'closed', 'grp', 'repeated', 'escalated'])
  };
}

describe.each(engines())('rollups on $name', (engine) => {
  let db: TestDatabase;
  let inspector: string;
  let mediator: string;
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 5, endDate: '2026-11-23', scale: 0.05 });
    const ins = await createUser(db.sql, {
      username: 'roll-inspector',
      displayName: 'i',
      role: 'inspector',
      homeAreaCode: '370105-008',
      password: 'roll-inspector-pass'
    });
    const med = await createUser(db.sql, {
      username: 'roll-mediator',
      displayName: 'm',
      role: 'mediator',
      homeAreaCode: '370105-008',
      password: 'roll-mediator-pass'
    });
    inspector = await createSession(db.sql, ins);
    mediator = await createSession(db.sql, med);
  });
  afterAll(async () => {
    await db?.close();
  });

  test('after seeding, both rollups equal a recount of the raw rows', async () => {
    const [want, got] = await trusted(db.sql, async (tx) => [await recount(tx), await stored(tx)]);
    expect(Object.keys(want.incident).length).toBeGreaterThan(20);
    expect(Object.keys(want.petition).length).toBeGreaterThan(20);
    expect(got).toEqual(want);
  });

  test('writes through the app roles keep the rollups equal: insert, escalate, close, move, delete', async () => {
    // An inspector reports a near miss and a minor injury in their sub-district (row-level security on).
    const grid = await trusted(
      db.sql,
      (tx) => tx<{ x: number; y: number }[]>`
      select ST_X(ST_PointOnSurface(geom)) as x, ST_Y(ST_PointOnSurface(geom)) as y from area
      where level = 'grid' and valid_to is null and code like '370105-008-%' order by code limit 2`
    );
    const pt = (i: number) => `SRID=4326;POINT(${grid[i]!.x} ${grid[i]!.y})`;
    await withCaller(
      db.sql,
      inspector,
      (tx) => tx`
      insert into incident (domain, tier, category, occurred_at, minor_injuries, geom)
      values ('safety', 'near_miss', 'fall', '2026-11-20T23:30:00Z', 0, ${pt(0)}),
             ('safety', 'minor', 'fall', '2026-11-21T03:00:00Z', 1, ${pt(0)})`
    );
    // A mediator records a case, escalates it to the city (individual → group_or_escalated), then closes it.
    const [c] = await withCaller(
      db.sql,
      mediator,
      (tx) => tx<{ id: number; received_at: Date }[]>`
      insert into petition_case (received_at, channel, category, group_size, level_reached, status, geom)
      values ('2026-11-18T02:00:00Z', 'visit', 'labour_wage', 1, 'grid', 'received', ${pt(1)}) returning id::int, received_at`
    );
    await withCaller(
      db.sql,
      mediator,
      (tx) => tx`
      update petition_case set level_reached = 'city', group_size = 6, repeat_of_id = (select min(id) from petition_case), status = 'accepted', accepted_at = '2026-11-19T02:00:00Z' where id = ${c!.id}`
    );
    await withCaller(
      db.sql,
      mediator,
      (tx) => tx`
      update petition_case set status = 'resolved', closed_at = '2026-11-22T17:00:00Z', resolution_method = 'people_mediation' where id = ${c!.id}`
    );
    // The case's place was wrong: move it to the other grid (the grid trigger reassigns it).
    await withCaller(db.sql, mediator, (tx) => tx`update petition_case set geom = ${pt(0)} where id = ${c!.id}`);
    // Trusted code deletes a duplicate incident report and moves an incident across the new year.
    await trusted(db.sql, async (tx) => {
      await tx`delete from incident where id = (select min(id) from incident where tier = 'minor')`;
      await tx`update incident set occurred_at = '2025-12-31T16:30:00Z' where id = (select max(id) from incident where tier = 'near_miss')`;
    });
    const [want, got] = await trusted(db.sql, async (tx) => [await recount(tx), await stored(tx)]);
    expect(got).toEqual(want);
    // The escalated, closed case counts once as group_or_escalated on its received day and once closed on its CST closing day.
    const [g] = await trusted(
      db.sql,
      (tx) => tx<{ grid_id: number }[]>`select grid_id::int from petition_case where id = ${c!.id}`
    );
    expect(got.petition[`${g!.grid_id}@2026-11-18`]?.group_or_escalated).toBeGreaterThanOrEqual(1);
    expect(got.petition[`${g!.grid_id}@2026-11-18`]?.escalated).toBeGreaterThanOrEqual(1);
    expect(got.petition[`${g!.grid_id}@2026-11-18`]?.grp).toBeGreaterThanOrEqual(1);
    expect(got.petition[`${g!.grid_id}@2026-11-18`]?.repeated).toBeGreaterThanOrEqual(1);
    expect(got.petition[`${g!.grid_id}@2026-11-23`]?.closed).toBeGreaterThanOrEqual(1);
  });

  test('a deferred bulk load leaves the rollups alone until rebuild_rollups() recounts them', async () => {
    const before = await trusted(db.sql, stored);
    await trusted(db.sql, async (tx) => {
      await tx`select set_config('app.rollups_deferred', 'on', true)`;
      await tx`
        insert into incident (domain, tier, category, occurred_at, participants, geom)
        select 'stability', 'mass_incident', 'mass_gathering', '2026-10-01T04:00:00Z', 30, geom from incident limit 7`;
    });
    expect(await trusted(db.sql, stored)).toEqual(before);
    await trusted(db.sql, (tx) => tx`select rebuild_rollups()`);
    const [want, got] = await trusted(db.sql, async (tx) => [await recount(tx), await stored(tx)]);
    expect(got).toEqual(want);
    expect(got).not.toEqual(before);
  });

  test('a repeat must name an existing case (the check that replaced the foreign key)', async () => {
    const grid = await trusted(
      db.sql,
      (tx) => tx<{ p: string }[]>`
      select ST_AsEWKT(ST_PointOnSurface(geom)) as p from area where level = 'grid' and code like '370105-008-%' and valid_to is null limit 1`
    );
    const insert = (repeatOf: number) =>
      withCaller(
        db.sql,
        mediator,
        (tx) => tx`
        insert into petition_case (received_at, channel, category, group_size, level_reached, status, repeat_of_id, geom)
        values ('2026-11-20T02:00:00Z', 'letter', 'heating', 1, 'grid', 'received', ${repeatOf}, ${grid[0]!.p})`
      );
    await expect(insert(987_654_321)).rejects.toMatchObject({
      code: '23503',
      message: expect.stringContaining('987654321')
    });
    const [first] = await trusted(db.sql, (tx) => tx<{ id: number }[]>`select min(id)::int as id from petition_case`);
    await expect(insert(first!.id)).resolves.toBeDefined();
  });
});
