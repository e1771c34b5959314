/**
 * Shared reads (src/lib/server/db/shared-read.ts) on both engines: identical reads that wait for a
 * connection together run once; a read that arrives once an identical one has begun runs again and
 * sees what was committed before it arrived; reads of different scopes never share an answer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sql } from '../../src/lib/server/db/connect';
import { trusted, withCaller, type Tx } from '../../src/lib/server/db/contexts';
import { readShared, readSharedJson, sharedReadKey, withCallerShared } from '../../src/lib/server/db/shared-read';
import { createSession, readSession, type SessionUser } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { engines, type TestDatabase } from '../support/db';

const OWN = '370105-008';
const URL_HAZARDS = new URL('http://app.test/api/map/hazards');

async function signIn(sql: Sql, username: string, role: 'inspector' | 'commander', area: string) {
  const id = await createUser(sql, {
    username,
    displayName: username,
    role,
    homeAreaCode: area,
    password: 'a-long-test-password'
  });
  const token = await createSession(sql, id);
  return { token, user: (await readSession(sql, token))! };
}

/** Every connection of the pool held until `release()`: reads queue as under load. */
async function holdPool(sql: Sql) {
  const held = await Promise.all(Array.from({ length: sql.options.max }, () => sql.reserve()));
  return () => held.forEach((r) => r.release());
}

/** A read that counts its runs and reports the hazards it sees and its transaction id. */
function countingRead() {
  const read = {
    runs: 0,
    fn: async (tx: Tx) => {
      read.runs++;
      const [r] = await tx<
        { hazards: number; txid: string }[]
      >`select count(*)::int as hazards, txid_current()::text as txid from hazard`;
      return r!;
    }
  };
  return read;
}

describe.each(engines())('shared reads on $name', (engine) => {
  let db: TestDatabase;
  let commander: { token: string; user: SessionUser };
  let inspector: { token: string; user: SessionUser };

  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 11, endDate: '2026-11-23', scale: 0.1 });
    commander = await signIn(db.sql, 'cmd_shared', 'commander', '370105');
    inspector = await signIn(db.sql, 'insp_shared', 'inspector', OWN);
  });
  afterAll(async () => {
    await db?.close();
  });

  test('identical reads waiting for a connection together run once and get the same answer', async () => {
    const read = countingRead();
    const release = await holdPool(db.sql);
    const key = sharedReadKey(commander.user, URL_HAZARDS);
    const answers = [1, 2, 3].map(() => withCallerShared(db.sql, commander.token, key, read.fn));
    release();
    const got = await Promise.all(answers);
    const [all] = await trusted(db.sql, (tx) => tx<{ n: number }[]>`select count(*)::int as n from hazard`);

    expect(read.runs).toBe(1);
    expect(got.map((a) => a.hazards)).toEqual([all!.n, all!.n, all!.n]);
    expect(new Set(got.map((a) => a.txid)).size).toBe(1);
  });

  test('a read arriving after an identical one began runs again and sees a write committed before it', async () => {
    const key = sharedReadKey(commander.user, URL_HAZARDS);
    let entered!: () => void;
    let open!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const gate = new Promise<void>((r) => (open = r));
    let runs = 0;
    const first = withCallerShared(db.sql, commander.token, key, async (tx) => {
      runs++;
      const [r] = await tx<{ hazards: number }[]>`select count(*)::int as hazards from hazard`;
      entered();
      await gate;
      return r!.hazards;
    });
    await inside;
    // Committed while the first read is still open (on the embedded engine, queued behind it).
    const write = trusted(
      db.sql,
      (tx) => tx`
      insert into hazard (enterprise_id, level, status, source, found_on, deadline, geom)
      select id, 'general', 'open', 'self_report', '2026-11-20', '2026-12-20', geom from enterprise order by id limit 1`
    );
    open();
    await write;
    const second = withCallerShared(db.sql, commander.token, key, async (tx) => {
      runs++;
      const [r] = await tx<{ hazards: number }[]>`select count(*)::int as hazards from hazard`;
      return r!.hazards;
    });
    const [a, b] = await Promise.all([first, second]);

    expect(runs).toBe(2);
    expect(b).toBe(a + 1);
  });

  test('a read arriving while an identical one runs is not given that answer', async () => {
    const key = sharedReadKey(commander.user, URL_HAZARDS);
    let entered!: () => void;
    let open!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const gate = new Promise<void>((r) => (open = r));
    const first = withCallerShared(db.sql, commander.token, key, async (tx) => {
      const [r] = await tx<{ txid: string }[]>`select txid_current()::text as txid`;
      entered();
      await gate;
      return r!.txid;
    });
    await inside;
    const read = countingRead();
    const second = withCallerShared(db.sql, commander.token, key, read.fn);
    open();
    const [a, b] = await Promise.all([first, second]);

    expect(read.runs).toBe(1);
    expect(b.txid).not.toBe(a);
  });

  test('JSON reads waiting together run once and answer the same application/json body', async () => {
    const read = countingRead();
    const release = await holdPool(db.sql);
    const locals = { locale: 'zh-CN' as const, user: commander.user, sessionToken: commander.token };
    const answers = Promise.all([1, 2].map(() => readSharedJson(db.sql, locals, URL_HAZARDS, read.fn)));
    release();
    const [a, b] = await answers;
    const [all] = await trusted(db.sql, (tx) => tx<{ n: number }[]>`select count(*)::int as n from hazard`);

    expect(read.runs).toBe(1);
    expect(a!.headers.get('content-type')).toBe('application/json');
    const [bodyA, bodyB] = [await a!.json(), await b!.json()] as { hazards: number; txid: string }[];
    expect(bodyA).toEqual(bodyB);
    expect(bodyA!.hazards).toBe(all!.n);
  });

  test('reads of the same URL by callers of different scopes run apart, each with its own rows', async () => {
    const release = await holdPool(db.sql);
    const locals = (c: { token: string; user: SessionUser }) => ({
      locale: 'zh-CN' as const,
      user: c.user,
      sessionToken: c.token
    });
    const seen = [0, 0];
    const count = (i: number) => async (tx: Tx) => {
      seen[i]!++;
      const [r] = await tx<{ n: number }[]>`select count(*)::int as n from hazard`;
      return r!.n;
    };
    const answers = Promise.all([
      readShared(db.sql, locals(commander), URL_HAZARDS, count(0)),
      readShared(db.sql, locals(inspector), URL_HAZARDS, count(1))
    ]);
    release();
    const [forCommander, forInspector] = await answers;
    const [expected] = await trusted(
      db.sql,
      (tx) => tx<{ all: number; own: number }[]>`
      select count(*)::int as all,
             count(*) filter (where g.code like ${OWN + '-%'})::int as own
      from hazard h join area g on g.id = h.grid_id`
    );
    const direct = await withCaller(
      db.sql,
      inspector.token,
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from hazard`
    );

    expect(seen).toEqual([1, 1]);
    expect(forCommander).toBe(expected!.all);
    expect(forInspector).toBe(expected!.own);
    expect(forInspector).toBe(direct[0]!.n);
    expect(expected!.own).toBeLessThan(expected!.all);
  });
});

test('the key holds the scope and the query in a canonical order', () => {
  const a = new URL('http://x/api/map/hazards?to=2026-11-25&from=2026-08-28');
  const b = new URL('http://x/api/map/hazards?from=2026-08-28&to=2026-11-25');

  expect(sharedReadKey({ role: 'commander', homeAreaCode: '370105' }, a)).toBe(
    'commander|370105|/api/map/hazards?from=2026-08-28&to=2026-11-25'
  );
  expect(sharedReadKey({ role: 'commander', homeAreaCode: '370105' }, b)).toBe(
    sharedReadKey({ role: 'commander', homeAreaCode: '370105' }, a)
  );
  expect(sharedReadKey({ role: 'mediator', homeAreaCode: '370105-008' }, b)).toBe(
    'mediator|370105-008|/api/map/hazards?from=2026-08-28&to=2026-11-25'
  );
});
