/**
 * Recording visits on both engines: hazard status and inspection recency change, a retried or
 * duplicated submit makes exactly one record, and a refused submit writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sql } from '../../src/lib/server/db/connect';
import { trusted, withCaller } from '../../src/lib/server/db/contexts';
import { createSession } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { nearbySites } from '../../src/lib/server/queries/nearby-sites';
import { recordVisit, VisitRefusal } from '../../src/lib/server/queries/record-visit';
import { parseVisitBody } from '../../src/lib/server/visit-body';
import { engines, type TestDatabase } from '../support/db';

const OWN = '370105-008';
const OTHER = '370105-001';
const NOW = new Date('2026-11-23T10:00:00+08:00');
const AS_OF = '2026-11-23';

async function signIn(sql: Sql, username: string, role: 'inspector' | 'commander', area: string): Promise<string> {
  const id = await createUser(sql, {
    username,
    displayName: username,
    role,
    homeAreaCode: area,
    password: 'a-long-test-password'
  });
  return createSession(sql, id);
}

function visit(raw: Record<string, unknown>) {
  const parsed = parseVisitBody({ key: randomUUID(), at: '2026-11-23T09:30:00+08:00', ...raw }, NOW);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.visit;
}

/** Row counts of everything a visit writes, on the trusted path. */
async function counts(sql: Sql) {
  const [row] = await trusted(
    sql,
    (tx) => tx<{ inspection: number; hazard: number; submission: number; statuses: string }[]>`
    select (select count(*)::int from inspection) as inspection, (select count(*)::int from hazard) as hazard,
           (select count(*)::int from visit_submission) as submission,
           (select md5(string_agg(id || status, ',' order by id)) from hazard) as statuses`
  );
  return row!;
}

/** The `skip`-th enterprise of an area, given `open` more open hazards, and its open hazards. */
async function enterpriseWithHazards(sql: Sql, area: string, open: number, skip = 0) {
  const [e] = await trusted(
    sql,
    (tx) => tx<{ id: number; lon: number; lat: number }[]>`
    select e.id, ST_X(e.geom) as lon, ST_Y(e.geom) as lat from enterprise e join area g on g.id = e.grid_id
    where g.code like ${area + '-%'} order by e.id offset ${skip} limit 1`
  );
  for (let i = 0; i < open; i++) {
    await trusted(
      sql,
      (tx) => tx`
      insert into hazard (enterprise_id, level, status, source, found_on, deadline, geom)
      select id, 'general', 'open', 'self_report', '2026-10-01', '2026-10-31', geom from enterprise where id = ${e!.id}`
    );
  }
  const hazards = await trusted(
    sql,
    (tx) => tx<{ id: number; status: string }[]>`
    select id, status from hazard where enterprise_id = ${e!.id} and status in ('open', 'rectifying') and found_on <= ${AS_OF}::date order by id`
  );
  return { ...e!, hazards };
}

/** One hazard at an enterprise, written on the trusted path; its id. */
async function insertHazard(
  sql: Sql,
  enterpriseId: number,
  h: { level: 'general' | 'major'; status: string; foundOn: string; rectifiedOn?: string }
) {
  const [row] = await trusted(
    sql,
    (tx) => tx<{ id: number }[]>`
    insert into hazard (enterprise_id, level, status, source, found_on, deadline, rectified_on, geom)
    select id, ${h.level}, ${h.status}, 'self_report', ${h.foundOn}, '2026-12-31', ${h.rectifiedOn ?? null}, geom from enterprise where id = ${enterpriseId}
    returning id`
  );
  return row!.id;
}

/** A hazard's status and date fields. */
async function hazardState(sql: Sql, id: number) {
  const [row] = await trusted(
    sql,
    (tx) => tx<{ status: string; rectified_on: string | null; verified_on: string | null }[]>`
    select status, rectified_on::text, verified_on::text from hazard where id = ${id}`
  );
  return row!;
}

describe.each(engines())('recording visits on $name', (engine) => {
  let db: TestDatabase;
  let inspector: string;
  let commander: string;

  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 7, endDate: AS_OF, scale: 0.1 });
    inspector = await signIn(db.sql, 'insp_visit', 'inspector', OWN);
    commander = await signIn(db.sql, 'cmd_visit', 'commander', '370105');
  });
  afterAll(async () => {
    await db?.close();
  });

  test('a visit verifies and finds hazards, and the site becomes just inspected with its new open hazards', async () => {
    const site = await enterpriseWithHazards(db.sql, OWN, 2);
    const before = await withCaller(db.sql, inspector, (tx) => nearbySites(tx, site, 10, AS_OF));
    const v = visit({
      site: { kind: 'enterprise', id: site.id },
      note: '消防通道已清理',
      found: [{ level: 'major', description: '配电箱无防护', deadline: '2026-12-10' }],
      resolved: [
        { hazardId: site.hazards[0]!.id, status: 'verified' },
        { hazardId: site.hazards[1]!.id, status: 'rectified' }
      ]
    });
    const out = await withCaller(db.sql, inspector, (tx) => recordVisit(tx, v));
    const after = await withCaller(db.sql, inspector, (tx) => nearbySites(tx, site, 10, AS_OF));
    const statuses = await trusted(
      db.sql,
      (tx) => tx<{ id: number; status: string; rectified_on: string; verified_on: string | null }[]>`
      select id, status, rectified_on::text, verified_on::text from hazard where id = any(${[site.hazards[0]!.id, site.hazards[1]!.id]}::bigint[]) order by id`
    );
    const [found] = await trusted(
      db.sql,
      (tx) => tx<{ level: string; status: string; source: string; description: string; enterprise_id: number }[]>`
      select level, status, source, description, enterprise_id from hazard where id = ${out.receipt.hazardsFound[0]!}`
    );
    const [inspection] = await trusted(
      db.sql,
      (tx) => tx<{ enterprise_id: number; result: string; hazards_found: number; note: string }[]>`
      select enterprise_id, result, hazards_found, note from inspection where id = ${out.receipt.inspectionId}`
    );
    const beforeSite = before.sites.find((s) => s.id === `enterprise-${site.id}`)!;
    const afterSite = after.sites.find((s) => s.id === `enterprise-${site.id}`)!;

    expect(out.status).toBe(201);
    expect(statuses).toEqual(
      [
        { id: site.hazards[0]!.id, status: 'verified', rectified_on: AS_OF, verified_on: AS_OF },
        { id: site.hazards[1]!.id, status: 'rectified', rectified_on: AS_OF, verified_on: null }
      ].sort((a, b) => a.id - b.id)
    );
    expect(found).toEqual({
      level: 'major',
      status: 'open',
      source: 'inspection',
      description: '配电箱无防护',
      enterprise_id: site.id
    });
    expect(inspection).toEqual({
      enterprise_id: site.id,
      result: 'hazards_found',
      hazards_found: 1,
      note: '消防通道已清理'
    });
    expect(afterSite.daysSinceInspection).toBe(0);
    expect(afterSite.hazards.map((h) => h.id).sort()).toEqual(
      [
        ...beforeSite.hazards.map((h) => h.id).filter((id) => id !== site.hazards[0]!.id && id !== site.hazards[1]!.id),
        ...out.receipt.hazardsFound
      ].sort()
    );
  });

  test('the same submit sent twice, one after the other, is recorded once and answered alike', async () => {
    const site = await enterpriseWithHazards(db.sql, OWN, 0, 3);
    const v = visit({ site: { kind: 'enterprise', id: site.id }, note: 'retry' });
    const first = await withCaller(db.sql, inspector, (tx) => recordVisit(tx, v));
    const mid = await counts(db.sql);
    const second = await withCaller(db.sql, inspector, (tx) => recordVisit(tx, v));

    expect({ first: first.status, second: second.status, replayed: second.replayed }).toEqual({
      first: 201,
      second: 200,
      replayed: true
    });
    expect(second.receipt).toEqual(first.receipt);
    expect(await counts(db.sql)).toEqual(mid);
  });

  test('the same submit sent five times at once is recorded exactly once', async () => {
    const site = await enterpriseWithHazards(db.sql, OWN, 0, 4);
    const v = visit({
      site: { kind: 'enterprise', id: site.id },
      found: [{ level: 'general', description: '灭火器过期', deadline: '2026-12-01' }]
    });
    const before = await counts(db.sql);
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => withCaller(db.sql, inspector, (tx) => recordVisit(tx, v)))
    );
    const after = await counts(db.sql);
    const [rows] = await trusted(
      db.sql,
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from inspection where idempotency_key = ${v.body.key}`
    );

    expect(outcomes.map((o) => o.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(outcomes.map((o) => o.receipt.inspectionId)).size).toBe(1);
    expect(rows!.n).toBe(1);
    expect({
      inspection: after.inspection - before.inspection,
      hazard: after.hazard - before.hazard,
      submission: after.submission - before.submission
    }).toEqual({ inspection: 1, hazard: 1, submission: 1 });
  });

  test('the same key with another body is refused with 409 and writes nothing', async () => {
    const site = await enterpriseWithHazards(db.sql, OWN, 0, 5);
    const v = visit({ site: { kind: 'enterprise', id: site.id }, note: 'first' });
    await withCaller(db.sql, inspector, (tx) => recordVisit(tx, v));
    const before = await counts(db.sql);
    const other = visit({ key: v.body.key, site: { kind: 'enterprise', id: site.id }, note: 'changed' });

    await expect(withCaller(db.sql, inspector, (tx) => recordVisit(tx, other))).rejects.toMatchObject({ status: 409 });
    expect(await counts(db.sql)).toEqual(before);
  });

  test("a visit to a site outside the inspector's area is refused as not found and writes nothing", async () => {
    const site = await enterpriseWithHazards(db.sql, OTHER, 1);
    const before = await counts(db.sql);
    const v = visit({
      site: { kind: 'enterprise', id: site.id },
      found: [{ level: 'general', description: 'x', deadline: '2026-12-01' }],
      resolved: [{ hazardId: site.hazards[0]!.id, status: 'verified' }]
    });

    const refusal = await withCaller(db.sql, inspector, (tx) => recordVisit(tx, v)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(VisitRefusal);
    expect(refusal).toMatchObject({ status: 404, message: `No enterprise ${site.id} in your area.` });
    expect(await counts(db.sql)).toEqual(before);
  });

  test('a hazard of another site, or one already verified, is refused and rolls the whole visit back', async () => {
    const a = await enterpriseWithHazards(db.sql, OWN, 1, 1);
    const b = await enterpriseWithHazards(db.sql, OWN, 1, 2);
    const before = await counts(db.sql);
    const elsewhere = visit({
      site: { kind: 'enterprise', id: a.id },
      found: [{ level: 'general', description: 'y', deadline: '2026-12-01' }],
      resolved: [
        { hazardId: a.hazards[0]!.id, status: 'verified' },
        { hazardId: b.hazards[0]!.id, status: 'verified' }
      ]
    });

    await expect(withCaller(db.sql, inspector, (tx) => recordVisit(tx, elsewhere))).rejects.toMatchObject({
      status: 422,
      message: `Hazard ${b.hazards[0]!.id} is not at this site.`
    });
    expect(await counts(db.sql)).toEqual(before);

    await withCaller(db.sql, inspector, (tx) =>
      recordVisit(
        tx,
        visit({
          site: { kind: 'enterprise', id: a.id },
          resolved: [{ hazardId: a.hazards[0]!.id, status: 'verified' }]
        })
      )
    );
    const again = visit({
      site: { kind: 'enterprise', id: a.id },
      resolved: [{ hazardId: a.hazards[0]!.id, status: 'rectified' }]
    });
    await expect(withCaller(db.sql, inspector, (tx) => recordVisit(tx, again))).rejects.toMatchObject({ status: 409 });
  });

  test('a major hazard seen verified is refused by the status rule (409, in either language) and the visit writes nothing', async () => {
    const site = await enterpriseWithHazards(db.sql, OWN, 0, 7);
    const id = await insertHazard(db.sql, site.id, { level: 'major', status: 'open', foundOn: '2026-10-01' });
    const before = await counts(db.sql);

    const refusal = await withCaller(db.sql, inspector, (tx) =>
      recordVisit(
        tx,
        visit({ site: { kind: 'enterprise', id: site.id }, resolved: [{ hazardId: id, status: 'verified' }] })
      )
    ).then(
      () => {
        throw new Error('the visit was recorded');
      },
      (e: unknown) => e as VisitRefusal
    );

    expect(refusal).toBeInstanceOf(VisitRefusal);
    expect(refusal.status).toBe(409);
    expect(refusal.text('en')).toBe(
      `Hazard ${id}: A major hazard must be recorded as “Rectified” before it is verified (it is “Open”).`
    );
    expect(refusal.text('zh-CN')).toBe(`隐患 ${id}：重大隐患须先登记“已整改”，再验收（当前为“未整改”）。`);
    expect(await counts(db.sql)).toEqual(before);
  });

  test('a major hazard rectified on one visit is verified on the next, each on its visit day', async () => {
    const site = await enterpriseWithHazards(db.sql, OWN, 0, 8);
    const id = await insertHazard(db.sql, site.id, { level: 'major', status: 'rectifying', foundOn: '2026-10-01' });

    await withCaller(db.sql, inspector, (tx) =>
      recordVisit(
        tx,
        visit({
          site: { kind: 'enterprise', id: site.id },
          at: '2026-11-20T15:00:00+08:00',
          resolved: [{ hazardId: id, status: 'rectified' }]
        })
      )
    );
    const rectified = await hazardState(db.sql, id);
    await withCaller(db.sql, inspector, (tx) =>
      recordVisit(
        tx,
        visit({ site: { kind: 'enterprise', id: site.id }, resolved: [{ hazardId: id, status: 'verified' }] })
      )
    );

    expect(rectified).toEqual({ status: 'rectified', rectified_on: '2026-11-20', verified_on: null });
    expect(await hazardState(db.sql, id)).toEqual({
      status: 'verified',
      rectified_on: '2026-11-20',
      verified_on: AS_OF
    });
  });

  test('a visit at 00:30 in China (16:30 UTC the day before) is on the Chinese day: a hazard found that day is rectified that day', async () => {
    const site = await enterpriseWithHazards(db.sql, OWN, 0, 9);
    const id = await insertHazard(db.sql, site.id, { level: 'general', status: 'open', foundOn: AS_OF });

    const out = await withCaller(db.sql, inspector, (tx) =>
      recordVisit(
        tx,
        visit({
          site: { kind: 'enterprise', id: site.id },
          at: '2026-11-22T16:30:00Z',
          resolved: [{ hazardId: id, status: 'rectified' }]
        })
      )
    );

    expect(out.receipt.day).toBe(AS_OF);
    expect(await hazardState(db.sql, id)).toEqual({ status: 'rectified', rectified_on: AS_OF, verified_on: null });
  });

  test('a verification on a visit before the recorded rectification is refused (422) and writes nothing', async () => {
    const site = await enterpriseWithHazards(db.sql, OWN, 0, 10);
    const id = await insertHazard(db.sql, site.id, {
      level: 'general',
      status: 'rectified',
      foundOn: '2026-10-01',
      rectifiedOn: AS_OF
    });
    const before = await counts(db.sql);

    const refusal = await withCaller(db.sql, inspector, (tx) =>
      recordVisit(
        tx,
        visit({
          site: { kind: 'enterprise', id: site.id },
          at: '2026-11-22T09:00:00+08:00',
          resolved: [{ hazardId: id, status: 'verified' }]
        })
      )
    ).then(
      () => {
        throw new Error('the visit was recorded');
      },
      (e: unknown) => e as VisitRefusal
    );

    expect({ status: refusal.status, message: refusal.message }).toEqual({
      status: 422,
      message: `Hazard ${id}: The verification date 2026-11-22 is before the rectification (${AS_OF}).`
    });
    expect(await counts(db.sql)).toEqual(before);
  });

  test('a commander may not record visits: the database refuses and nothing is written', async () => {
    const site = await enterpriseWithHazards(db.sql, OWN, 0, 6);
    const before = await counts(db.sql);

    await expect(
      withCaller(db.sql, commander, (tx) => recordVisit(tx, visit({ site: { kind: 'enterprise', id: site.id } })))
    ).rejects.toThrow(/row-level security/);
    expect(await counts(db.sql)).toEqual(before);
  });
});
