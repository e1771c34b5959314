import postgres from 'postgres';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Sql } from '../../src/lib/server/db/connect';
import { trusted, withCaller, type Tx } from '../../src/lib/server/db/contexts';
import { createSession, readSession, revokeSession } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { engines, type TestDatabase } from '../support/db';
import { suppressSmallCounts } from '../../src/lib/domain/suppress-small-counts';

const FORCED_TABLES = [
  'area',
  'enterprise',
  'hazard',
  'incident',
  'petition_case',
  'inspection',
  'daily_report',
  'staff',
  'sensitive_period',
  'dataset_meta',
  'app_user',
  'app_session',
  'audit_log',
  'incident_daily',
  'petition_daily'
];
const OWN = '370105-008';
const OTHER = '370105-001';
const K = 5;

async function signIn(sql: Sql, username: string, role: string, area: string): Promise<string> {
  const id = await createUser(sql, {
    username,
    displayName: username,
    role: role as 'inspector',
    homeAreaCode: area,
    password: 'a-long-test-password'
  });
  return createSession(sql, id);
}

const inScope = (code: string, scope: string) => code === scope || code.startsWith(`${scope}-`);

describe.each(engines())('access control on $name', (engine) => {
  let db: TestDatabase;
  let inspector: string;
  let otherInspector: string;
  let mediator: string;
  let commander: string;
  let planner: string;
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 5, endDate: '2026-11-23', scale: 0.05 });
    inspector = await signIn(db.sql, 'insp_own', 'inspector', OWN);
    otherInspector = await signIn(db.sql, 'insp_other', 'inspector', OTHER);
    mediator = await signIn(db.sql, 'med_own', 'mediator', OWN);
    commander = await signIn(db.sql, 'cmd_all', 'commander', '370105');
    planner = await signIn(db.sql, 'plan_own', 'planner', OWN);
  });
  afterAll(async () => {
    await db?.close();
  });

  test('requests run as a role that is neither superuser nor table owner, on tables with FORCE RLS', async () => {
    const [who] = await withCaller(
      db.sql,
      inspector,
      (tx) => tx<{ me: string; su: boolean; owns: number }[]>`
      select current_user as me, (select rolsuper from pg_roles where rolname = current_user) as su,
             (select count(*)::int from pg_tables where schemaname = 'public' and tableowner = current_user) as owns`
    );
    expect(who).toEqual({ me: 'pingan_app', su: false, owns: 0 });
    const forced = await trusted(
      db.sql,
      (tx) => tx<{ relname: string }[]>`
      select relname from pg_class where relkind in ('r', 'p') and relrowsecurity and relforcerowsecurity
        and relname = any(${FORCED_TABLES}) order by relname`
    );
    expect(forced.map((r) => r.relname)).toEqual([...FORCED_TABLES].sort());
  });

  test('each fact table shows each caller exactly the rows of grids in their scope (set-based read policies, 0004)', async () => {
    const tables = [
      'enterprise',
      'hazard',
      'incident',
      'inspection',
      'daily_report',
      'petition_case',
      'incident_daily',
      'petition_daily'
    ] as const;
    const keyOf = (tx: Tx, t: (typeof tables)[number]) =>
      t === 'daily_report'
        ? tx`grid_id || '@' || report_date`
        : t.endsWith('_daily')
          ? tx`grid_id || '@' || day`
          : tx`id::text`;
    const rows = await trusted(db.sql, async (tx) => {
      const out: Record<string, { key: string; code: string }[]> = {};
      for (const t of tables) {
        out[t] = await tx<{ key: string; code: string }[]>`
          select ${t === 'daily_report' ? tx`f.grid_id || '@' || f.report_date` : t.endsWith('_daily') ? tx`f.grid_id || '@' || f.day` : tx`f.id::text`} as key, g.code
          from ${tx(t)} f join area g on g.id = f.grid_id`;
      }
      return out;
    });
    const callers = [
      [inspector, 'inspector', OWN],
      [otherInspector, 'inspector', OTHER],
      [mediator, 'mediator', OWN],
      [commander, 'commander', '370105']
    ] as const;
    for (const [token, role, scope] of callers) {
      for (const t of tables) {
        const seen = await withCaller(
          db.sql,
          token,
          (tx) => tx<{ key: string }[]>`
          select ${keyOf(tx, t)} as key from ${tx(t)}`
        );
        // Petition rows and their rollup are for case-handling roles only (0002, 0007); every other table for every role.
        const expected =
          (t === 'petition_case' || t === 'petition_daily') && role === 'inspector'
            ? []
            : rows[t]!.filter((r) => inScope(r.code, scope)).map((r) => r.key);
        expect(seen.map((r) => r.key).sort(), `${role} ${scope} ${t}`).toEqual(expected.sort());
      }
    }
    expect(rows.daily_report!.length).toBeGreaterThan(0);
  });

  test('an inspector sees exactly the hazards of their sub-district', async () => {
    const seen = await withCaller(db.sql, inspector, (tx) => tx<{ id: number }[]>`select id from hazard order by id`);
    const expected = await trusted(
      db.sql,
      (tx) => tx<{ id: number }[]>`
      select h.id from hazard h join area g on g.id = h.grid_id where g.code like ${OWN + '-%'} order by h.id`
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(seen.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  });

  test("a write outside the caller's area is refused and writes nothing", async () => {
    const [target] = await trusted(
      db.sql,
      (tx) => tx<{ x: number; y: number }[]>`
      select ST_X(ST_PointOnSurface(geom)) as x, ST_Y(ST_PointOnSurface(geom)) as y from area where code = ${OTHER + '-001-001'}`
    );
    const count = () => trusted(db.sql, (tx) => tx<{ n: number }[]>`select count(*)::int as n from hazard`);
    const [before] = await count();
    await expect(
      withCaller(
        db.sql,
        inspector,
        (tx) => tx`
      insert into hazard (level, status, source, found_on, deadline, geom)
      values ('general', 'open', 'inspection', '2026-11-01', '2026-11-10', ST_SetSRID(ST_MakePoint(${target!.x}, ${target!.y}), 4326))`
      )
    ).rejects.toThrow(/row-level security/);
    const [otherHazard] = await trusted(
      db.sql,
      (tx) => tx<{ id: number; status: string }[]>`
      select h.id, h.status from hazard h join area g on g.id = h.grid_id where g.code like ${OTHER + '-%'} order by h.id limit 1`
    );
    const updated = await withCaller(
      db.sql,
      inspector,
      (tx) => tx`update hazard set status = 'rectifying' where id = ${otherHazard!.id}`
    );
    expect(updated.count).toBe(0);
    const [after] = await count();
    expect(after!.n).toBe(before!.n);
    const [unchanged] = await trusted(
      db.sql,
      (tx) => tx<{ status: string }[]>`select status from hazard where id = ${otherHazard!.id}`
    );
    expect(unchanged!.status).toBe(otherHazard!.status);
  });

  test('a planner may not write hazards even in their own area', async () => {
    const [own] = await trusted(
      db.sql,
      (tx) => tx<{ id: number }[]>`
      select h.id from hazard h join area g on g.id = h.grid_id where g.code like ${OWN + '-%'} order by h.id limit 1`
    );
    const updated = await withCaller(
      db.sql,
      planner,
      (tx) => tx`update hazard set level = 'major' where id = ${own!.id}`
    );
    expect(updated.count).toBe(0);
  });

  test("interleaved requests of two areas over a pool of one connection never see each other's rows", async () => {
    const pool: Sql = db.url ? (postgres(db.url, { max: 1, onnotice: () => {} }) as unknown as Sql) : db.sql;
    try {
      const codesOf = (token: string) =>
        withCaller(pool, token, async (tx) => {
          const rows = await tx<
            { code: string }[]
          >`select distinct g.code from hazard h join area g on g.id = h.grid_id`;
          return rows.map((r) => r.code);
        });
      const runs = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0
            ? codesOf(inspector).then((c) => ['own', c] as const)
            : codesOf(otherInspector).then((c) => ['other', c] as const)
        )
      );
      for (const [who, codes] of runs) {
        expect(codes.length).toBeGreaterThan(0);
        expect(codes.filter((c) => !inScope(c, who === 'own' ? OWN : OTHER))).toEqual([]);
      }
      // Nothing of a request stays on the connection afterwards.
      const [after] = await pool<{ role: string; token: string | null }[]>`
        select current_user as role, nullif(current_setting('app.session_token', true), '') as token`;
      expect(after!.token).toBeNull();
      expect(after!.role).not.toBe('pingan_app');
    } finally {
      if (db.url) await (pool as unknown as postgres.Sql).end();
    }
  });

  test('disabling a user or moving them to another area takes effect on their next request', async () => {
    const token = await signIn(db.sql, 'movable', 'inspector', OWN);
    const codes = () =>
      withCaller(db.sql, token, (tx) => tx<{ code: string }[]>`select code from area where level = 'subdistrict'`);
    expect((await codes()).map((r) => r.code)).toEqual([OWN]);
    await trusted(db.sql, (tx) => tx`update app_user set home_area_code = ${OTHER} where username = 'movable'`);
    expect((await codes()).map((r) => r.code)).toEqual([OTHER]);
    await trusted(db.sql, (tx) => tx`update app_user set active = false where username = 'movable'`);
    expect(await codes()).toEqual([]);
    expect(await readSession(db.sql, token)).toBeNull();
  });

  test('reading a session touches last_seen_at at most once a minute', async () => {
    const token = await signIn(db.sql, 'toucher', 'inspector', OWN);
    const seen = async (ago: string) => {
      await trusted(
        db.sql,
        (tx) =>
          tx`update app_session set last_seen_at = now() - ${ago}::interval where user_id = (select id from app_user where username = 'toucher')`
      );
      expect(await readSession(db.sql, token)).not.toBeNull();
      const [r] = await trusted(
        db.sql,
        (tx) => tx<{ age: number }[]>`
        select extract(epoch from now() - last_seen_at)::float8 as age from app_session where user_id = (select id from app_user where username = 'toucher')`
      );
      return r!.age;
    };
    expect(await seen('30 seconds')).toBeCloseTo(30, 0);
    expect(await seen('5 minutes')).toBeLessThan(1);
  });

  test('a revoked or expired session reads nothing', async () => {
    const token = await signIn(db.sql, 'shortlived', 'commander', '370105');
    const areas = () => withCaller(db.sql, token, (tx) => tx<{ n: number }[]>`select count(*)::int as n from area`);
    expect((await areas())[0]!.n).toBeGreaterThan(0);
    await revokeSession(db.sql, token);
    expect((await areas())[0]!.n).toBe(0);
    const idle = await signIn(db.sql, 'idler', 'commander', '370105');
    await trusted(
      db.sql,
      (tx) =>
        tx`update app_session set last_seen_at = now() - interval '3 hours' where user_id = (select id from app_user where username = 'idler')`
    );
    expect(
      (await withCaller(db.sql, idle, (tx) => tx<{ n: number }[]>`select count(*)::int as n from area`))[0]!.n
    ).toBe(0);
  });

  test('petition rows go only to case-handling roles, inside their area', async () => {
    const rows = (token: string) =>
      withCaller(
        db.sql,
        token,
        (tx) => tx<{ code: string }[]>`
      select g.code from petition_case p join area g on g.id = p.grid_id`
      );
    const m = await rows(mediator);
    expect(m.length).toBeGreaterThan(0);
    expect(m.filter((r) => !inScope(r.code, OWN))).toEqual([]);
    expect(await rows(inspector)).toEqual([]);
    expect(await rows(planner)).toEqual([]);
    const [all] = await trusted(db.sql, (tx) => tx<{ n: number }[]>`select count(*)::int as n from petition_case`);
    expect((await rows(commander)).length).toBe(all!.n);
  });

  test('the audit log is append-only, for the request role and for the owner', async () => {
    await withCaller(db.sql, inspector, (tx) => tx`insert into audit_log (action, outcome) values ('test', 'allowed')`);
    await expect(withCaller(db.sql, inspector, (tx) => tx`update audit_log set outcome = 'denied'`)).rejects.toThrow(
      /permission denied|append-only/
    );
    await expect(withCaller(db.sql, inspector, (tx) => tx`delete from audit_log`)).rejects.toThrow(
      /permission denied|append-only/
    );
    await expect(trusted(db.sql, (tx) => tx`update audit_log set outcome = 'denied'`)).rejects.toThrow(
      'audit_log is append-only: UPDATE is not allowed'
    );
    await expect(trusted(db.sql, (tx) => tx`delete from audit_log`)).rejects.toThrow(
      'audit_log is append-only: DELETE is not allowed'
    );
    const [n] = await trusted(
      db.sql,
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'test'`
    );
    expect(n!.n).toBe(1);
    expect(await withCaller(db.sql, inspector, (tx) => tx`select * from audit_log`)).toEqual([]);
  });

  test('petition counts: out-of-scope values are never 1…k−1 and nothing served out of scope overlaps', async () => {
    const months = [
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10'
    ];
    const counts = (token: string, level: string, from: string, to: string) =>
      withCaller(
        db.sql,
        token,
        (tx) => tx<{ code: string; cases: number | null; exact: boolean }[]>`
        select code, cases, exact from petition_counts(${level}, ${from}::timestamptz, ${to}::timestamptz, ${K}::int)`
      );
    const truth = (level: string, from: string, to: string) =>
      trusted(
        db.sql,
        (tx) => tx<{ code: string; n: number }[]>`
      select a.code, count(p.id)::int as n from area a
      left join area g on g.level = 'grid' and (g.code = a.code or g.code like a.code || '-%')
      left join petition_case p on p.grid_id = g.id and p.received_at >= ${from}::timestamptz and p.received_at < ${to}::timestamptz
      where a.level = ${level} group by a.code order by a.code`
      );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('subdistrict', 'community'),
        fc.integer({ min: 0, max: months.length - 1 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        async (level, start, span, aligned) => {
          const from = `${months[start]}-${aligned ? '01' : '07'}T00:00:00+08:00`;
          const endMonth = months[Math.min(months.length - 1, start + span)] ?? months[start]!;
          const to = span === 1 && aligned ? `${endMonth}-01T00:00:00+08:00` : `${endMonth}-15T00:00:00+08:00`;
          const shown = await counts(inspector, level, from, to);
          const real = new Map((await truth(level, from, to)).map((r) => [r.code, r.n]));
          for (const row of shown) {
            const n = real.get(row.code)!;
            if (inScope(row.code, OWN)) {
              expect(row).toEqual({ code: row.code, cases: n, exact: true });
            } else {
              expect(row.exact).toBe(false);
              if (row.cases !== null) {
                expect(row.cases === 0 || row.cases >= K).toBe(true);
                expect(row.cases % K).toBe(0);
                expect(n - row.cases).toBeGreaterThanOrEqual(0);
                expect(n - row.cases).toBeLessThan(K);
                // Only a sub-district in one calendar month is ever shown outside the scope.
                expect(level).toBe('subdistrict');
                expect(aligned && span === 1).toBe(true);
              }
            }
          }
        }
      ),
      { numRuns: 12, seed: 20261123 }
    );
    // SQL and the TypeScript rule agree on the cells the SQL serves out of scope.
    const month = ['2026-03-01T00:00:00+08:00', '2026-04-01T00:00:00+08:00'] as const;
    const served = await counts(inspector, 'subdistrict', ...month);
    const truthRows = await truth('subdistrict', ...month);
    const rule = suppressSmallCounts(
      truthRows.map((r) => ({ key: r.code, count: r.n, inScope: inScope(r.code, OWN) })),
      { k: K }
    );
    expect(served.map((r) => [r.code, r.cases])).toEqual(rule.map((r) => [r.key, r.value]));
    expect(served.some((r) => !r.exact && r.cases !== null && r.cases > 0)).toBe(true);

    const district = await counts(
      inspector,
      'district' as string,
      '2026-01-01T00:00:00+08:00',
      '2026-02-01T00:00:00+08:00'
    ).catch(() => []);
    expect(district.every((r) => r.cases === null)).toBe(true);
  });
});
