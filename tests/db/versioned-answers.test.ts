/**
 * Stored layer answers (migration 0010, versioned-answers.ts): a write to a table moves its data
 * version in the writing transaction, a stored answer is served only while the version stands, and
 * the next request after a committed write sees the write.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trusted, withCaller } from '../../src/lib/server/db/contexts';
import { createUser } from '../../src/lib/server/auth/users';
import { createSession } from '../../src/lib/server/auth/sessions';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import {
  dataVersion,
  storedAnswers,
  versionedAnswer,
  versionedAnswerWithSource
} from '../../src/lib/server/db/versioned-answers';
import { hazardColumns } from '../../src/lib/server/queries/hazard-columns';
import { engines, type TestDatabase } from '../support/db';

describe.each(engines())('versioned layer answers on $name', (engine) => {
  let db: TestDatabase;
  let inspector: string;
  let mediator: string;
  let point: string;
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 4, endDate: '2026-11-23', scale: 0.02 });
    const ins = await createUser(db.sql, {
      username: 'ver-inspector',
      displayName: 'i',
      role: 'inspector',
      homeAreaCode: '370105-008',
      password: 'ver-inspector-pass'
    });
    const med = await createUser(db.sql, {
      username: 'ver-mediator',
      displayName: 'm',
      role: 'mediator',
      homeAreaCode: '370105-008',
      password: 'ver-mediator-pass'
    });
    inspector = await createSession(db.sql, ins);
    mediator = await createSession(db.sql, med);
    const [p] = await trusted(
      db.sql,
      (tx) => tx<{ p: string }[]>`
      select ST_AsEWKT(ST_PointOnSurface(geom)) as p from area where level = 'grid' and valid_to is null and code like '370105-008-%' limit 1`
    );
    point = p!.p;
  });
  afterAll(async () => {
    await db?.close();
  });

  const addHazard = () =>
    withCaller(
      db.sql,
      inspector,
      (tx) => tx`
      insert into hazard (level, status, source, found_on, deadline, geom)
      values ('general', 'open', 'inspection', '2026-11-20', '2026-12-20', ${point})`
    );
  const addCase = () =>
    withCaller(
      db.sql,
      mediator,
      (tx) => tx`
      insert into petition_case (received_at, channel, category, group_size, level_reached, status, geom)
      values ('2026-11-20T02:00:00Z', 'visit', 'heating', 1, 'grid', 'received', ${point})`
    );

  test('a write moves its own table’s version, in the writer’s transaction, and no other', async () => {
    const h0 = BigInt(await dataVersion(db.sql, 'hazard'));
    const p0 = BigInt(await dataVersion(db.sql, 'petition_case'));
    await addHazard();
    expect(BigInt(await dataVersion(db.sql, 'hazard'))).toBeGreaterThan(h0);
    expect(BigInt(await dataVersion(db.sql, 'petition_case'))).toBe(p0);
    const h1 = BigInt(await dataVersion(db.sql, 'hazard'));
    await addCase();
    expect(BigInt(await dataVersion(db.sql, 'petition_case'))).toBeGreaterThan(p0);
    expect(BigInt(await dataVersion(db.sql, 'hazard'))).toBe(h1);
    // A write that rolls back leaves the version where it was.
    await expect(
      withCaller(db.sql, inspector, async (tx) => {
        await tx`insert into hazard (level, status, source, found_on, deadline, geom) values ('general', 'open', 'inspection', '2026-11-20', '2026-12-20', ${point})`;
        throw new Error('abandon');
      })
    ).rejects.toThrow('abandon');
    expect(BigInt(await dataVersion(db.sql, 'hazard'))).toBe(h1);
  });

  test('an answer is reused while its table is unchanged, and read again after a committed write', async () => {
    let computed = 0;
    const key = 'inspector|370105-008|/api/map/hazards?#json';
    const answer = async () =>
      JSON.parse(
        new TextDecoder().decode(
          await versionedAnswer(db.sql, 'hazard', key, async () => {
            computed++;
            const cols = await withCaller(db.sql, inspector, (tx) => hazardColumns(tx));
            return new TextEncoder().encode(JSON.stringify(cols));
          })
        )
      ) as { count: number };
    const first = await answer();
    const second = await answer();
    expect(computed).toBe(1);
    expect(second).toEqual(first);
    expect(storedAnswers(db.sql).count).toBeGreaterThanOrEqual(1);
    // A petition case does not touch the hazard layer.
    await addCase();
    await answer();
    expect(computed).toBe(1);
    // A hazard does: the next answer is read again and has it.
    await addHazard();
    const third = await answer();
    expect(computed).toBe(2);
    expect(third.count).toBe(first.count + 1);
  });

  test('requests that read the same new version wait for one reading of it', async () => {
    let computed = 0;
    const key = 'inspector|370105-008|/api/map/hazards?#bin';
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = async () => {
      computed++;
      await gate;
      return new TextEncoder().encode(`answer ${computed}`);
    };
    await addHazard();
    // The three requests go through a client that counts finished queries (each request's only
    // query is its version read): once all three reads are back, and the continuations after them
    // have run (setImmediate comes after every pending microtask), each request has either started
    // the one reading or found it pending — whatever the machine's speed, no fixed wait.
    let versionReads = 0;
    const counted = new Proxy(db.sql, {
      apply: (target, self, args) =>
        (Reflect.apply(target, self, args) as Promise<unknown>).then((rows) => {
          versionReads++;
          return rows;
        })
    });
    const answers = Promise.all([1, 2, 3].map(() => versionedAnswer(counted, 'hazard', key, compute)));
    while (versionReads < 3) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    release();
    const bodies = (await answers).map((b) => new TextDecoder().decode(b));
    expect(computed).toBe(1);
    expect(bodies).toEqual(['answer 1', 'answer 1', 'answer 1']);
    // A write in between makes the next request read again.
    await addHazard();
    expect(new TextDecoder().decode(await versionedAnswer(counted, 'hazard', key, compute))).toBe('answer 2');
  });

  // The analytic panels read these tables (migration 0015); the 'all' version moves with each.
  const PANEL_TABLES = [
    'area',
    'daily_report',
    'enterprise',
    'hazard',
    'incident',
    'inspection',
    'petition_case',
    'sensitive_period',
    'staff'
  ] as const;

  test.each(PANEL_TABLES)('a writing statement on %s moves the panels’ version', async (table) => {
    const before = BigInt(await dataVersion(db.sql, 'all'));
    // A statement-level trigger fires for a statement that matches no row, too: nothing is changed.
    await trusted(db.sql, (tx) =>
      tx.unsafe(
        table === 'daily_report'
          ? `update daily_report set grid_id = grid_id where false`
          : `update ${table} set id = id where false`
      )
    );
    expect(BigInt(await dataVersion(db.sql, 'all'))).toBe(before + 1n);
  });

  test('a panel answer is stored under the all version, computed again after any write, and on a fresh request', async () => {
    let computed = 0;
    const key = 'mediator|370105-008|/api/analytics/mediation-allocation?area=370105-008|zh-CN|2026-11-23';
    const staffCount = () =>
      versionedAnswerWithSource(db.sql, 'all', key, async () => {
        computed++;
        const [row] = await withCaller(
          db.sql,
          mediator,
          (tx) => tx<{ n: number }[]>`select count(*)::int as n from staff`
        );
        return new TextEncoder().encode(String(row!.n));
      });
    const first = await staffCount();
    expect(first.source).toBe('computed');
    const second = await staffCount();
    expect(second.source).toBe('stored');
    expect(computed).toBe(1);
    // A new staff member (a write to a table no map layer reads) makes the next answer computed, with it.
    const [area] = await trusted(
      db.sql,
      (tx) => tx<{ id: number }[]>`select id from area where code = '370105-008' and valid_to is null`
    );
    await trusted(
      db.sql,
      (tx) =>
        tx`insert into staff (district_code, role, display_name, home_area_id, capacity_per_week) values ('370105', 'mediator', 'ver-new-mediator', ${area!.id}, 5)`
    );
    const third = await staffCount();
    expect(third.source).toBe('computed');
    expect(Number(new TextDecoder().decode(third.body))).toBe(Number(new TextDecoder().decode(first.body)) + 1);
    // fresh: computed although nothing changed.
    const fourth = await versionedAnswerWithSource(
      db.sql,
      'all',
      key,
      async () => {
        computed++;
        return new TextEncoder().encode('again');
      },
      { fresh: true }
    );
    expect(fourth.source).toBe('computed');
    expect((await staffCount()).source).toBe('stored');
  });
});
