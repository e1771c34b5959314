/**
 * Time partitions (migration 0007): a time-windowed query reads only the yearly partitions its
 * window touches — with literal days (pruned when planning) and with bound parameters in a generic
 * plan, as the app's prepared statements run (pruned when the executor starts). Read from the
 * plans that EXPLAIN (ANALYZE) prints.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trusted, withCaller, type Tx } from '../../src/lib/server/db/contexts';
import { createUser } from '../../src/lib/server/auth/users';
import { createSession } from '../../src/lib/server/auth/sessions';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { engines, type TestDatabase } from '../support/db';

/** Names of every relation a plan reads. */
function relations(plan: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(plan)) for (const p of plan) relations(p, out);
  else if (plan && typeof plan === 'object') {
    const node = plan as Record<string, unknown>;
    if (typeof node['Relation Name'] === 'string') out.add(node['Relation Name']);
    for (const v of Object.values(node)) if (v && typeof v === 'object') relations(v, out);
  }
  return out;
}

const partitionsOf = (rels: Set<string>, table: string) =>
  [...rels].filter((r) => r === table || r.startsWith(`${table}_`)).sort();

/** The app's window predicate: China Standard Time days [from, to). */
const WINDOW = (column: string, a: string, b: string) =>
  `${column} >= (${a}::date)::timestamp at time zone 'Asia/Shanghai' and ${column} < (${b}::date)::timestamp at time zone 'Asia/Shanghai'`;

async function explain(tx: Tx, text: string, params: string[] = []) {
  const [row] = await tx.unsafe(`explain (analyze, format json) ${text}`, params);
  return relations((row as Record<string, unknown>)['QUERY PLAN']);
}

describe.each(engines())('time partitions on $name', (engine) => {
  let db: TestDatabase;
  let commander: string;
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 3, endDate: '2026-11-23', scale: 0.02 });
    const id = await createUser(db.sql, {
      username: 'part-commander',
      displayName: 'c',
      role: 'commander',
      homeAreaCode: '370105',
      password: 'part-commander-pass'
    });
    commander = await createSession(db.sql, id);
  });
  afterAll(async () => {
    await db?.close();
  });

  test('incident and petition_case are partitioned by year, with a default partition', async () => {
    const parts = await trusted(
      db.sql,
      (tx) => tx<{ parent: string; child: string }[]>`
      select p.relname as parent, c.relname as child from pg_inherits i
      join pg_class p on p.oid = i.inhparent join pg_class c on c.oid = i.inhrelid
      where p.relname in ('incident', 'petition_case') and p.relkind = 'p' order by 1, 2`
    );
    for (const t of ['incident', 'petition_case']) {
      const children = parts.filter((p) => p.parent === t).map((p) => p.child);
      expect(children).toContain(`${t}_default`);
      expect(children).toContain(`${t}_y2025`);
      expect(children).toContain(`${t}_y2026`);
    }
  });

  test('a 90-day window inside one year reads only that year; one across New Year reads the two years', async () => {
    const cases = [
      ['2026-03-01', '2026-05-30', ['y2026']],
      ['2025-11-15', '2026-02-13', ['y2025', 'y2026']]
    ] as const;
    for (const [from, to, years] of cases) {
      for (const [table, column] of [
        ['incident', 'occurred_at'],
        ['petition_case', 'received_at']
      ] as const) {
        const literal = await trusted(db.sql, (tx) =>
          explain(tx, `select count(*) from ${table} where ${WINDOW(column, `'${from}'`, `'${to}'`)}`)
        );
        expect(partitionsOf(literal, table), `${table} ${from}..${to}, literal`).toEqual(
          years.map((y) => `${table}_${y}`)
        );
        // As the app runs it: as a commander (row-level security on), bound parameters, a generic plan.
        const generic = await withCaller(db.sql, commander, async (tx) => {
          await tx`set local plan_cache_mode = force_generic_plan`;
          return explain(tx, `select count(*) from ${table} where ${WINDOW(column, '$1', '$2')}`, [from, to]);
        });
        expect(partitionsOf(generic, table), `${table} ${from}..${to}, generic plan`).toEqual(
          years.map((y) => `${table}_${y}`)
        );
      }
    }
  });

  test('the counts of a pruned query equal the counts over the whole table', async () => {
    const [row] = await trusted(
      db.sql,
      (tx) => tx<{ pruned: number; whole: number }[]>`
      select
        (select count(*)::int from petition_case where received_at >= '2026-03-01T00:00:00+08' and received_at < '2026-05-30T00:00:00+08') as pruned,
        (select count(*)::int from petition_case where (received_at at time zone 'Asia/Shanghai')::date between '2026-03-01' and '2026-05-29') as whole`
    );
    expect(row!.pruned).toBeGreaterThan(0);
    expect(row!.pruned).toBe(row!.whole);
  });

  test('rows outside the yearly partitions land in the default one; ensure_year_partitions adds years', async () => {
    await trusted(db.sql, async (tx) => {
      const [p] = await tx<{ p: string }[]>`select ST_AsEWKT(geom) as p from incident limit 1`;
      await tx`insert into incident (domain, tier, category, occurred_at, geom) values ('safety', 'near_miss', 'other', '2012-06-01T00:00:00Z', ${p!.p})`;
    });
    const where = await trusted(
      db.sql,
      (tx) =>
        tx<{ part: string }[]>`select tableoid::regclass::text as part from incident where occurred_at < '2013-01-01'`
    );
    expect(where.map((r) => r.part)).toEqual(['incident_default']);
    const [made] = await trusted(
      db.sql,
      (tx) => tx<{ n: number }[]>`select ensure_year_partitions('incident', 2017, 2019) as n`
    );
    expect(made!.n).toBe(3);
    const [again] = await trusted(
      db.sql,
      (tx) => tx<{ n: number }[]>`select ensure_year_partitions('incident', 2017, 2019) as n`
    );
    expect(again!.n).toBe(0);
  });
});
