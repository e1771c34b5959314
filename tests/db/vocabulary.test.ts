/**
 * The SQL check constraints that enumerate a column's values (`col in ('a', 'b')`) list exactly the
 * values of the TypeScript vocabulary of that column, read from pg_constraint of a freshly migrated
 * database. A new enumerated column must be mapped here: to core's vocabulary, or to the list it
 * keeps elsewhere, or named as one that has no TypeScript list.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  AREA_LEVELS,
  HAZARD_LEVELS,
  HAZARD_SOURCES,
  HAZARD_STATUSES,
  INDUSTRIES,
  OPEN_HAZARD_STATUSES,
  OPEN_PETITION_STATUSES,
  PETITION_CATEGORIES,
  PETITION_CHANNELS,
  PETITION_LEVELS,
  PETITION_STATUSES,
  RESOLUTION_METHODS,
  RISK_CLASSES,
  SENSITIVE_PERIOD_KINDS
} from '../../src/lib/core/vocabulary';
import { ROLES } from '../../src/lib/server/access/permissions';
import { engines, type TestDatabase } from '../support/db';
import { CASE_OUTCOMES, CASE_STAGES, DEADLINE_KINDS } from '../../src/lib/domain/case-deadlines';
import { CASE_EVENT_ACTIONS } from '../../src/lib/domain/decide-case-action';

/** `table.column` → the TypeScript list its check constraint must equal. */
const LISTS: Record<string, readonly string[]> = {
  'area.level': AREA_LEVELS,
  'enterprise.industry': INDUSTRIES,
  'enterprise.risk_class': RISK_CLASSES,
  'hazard.level': HAZARD_LEVELS,
  'hazard.status': HAZARD_STATUSES,
  'hazard.source': HAZARD_SOURCES,
  'petition_case.category': PETITION_CATEGORIES,
  'petition_case.channel': PETITION_CHANNELS,
  'petition_case.status': PETITION_STATUSES,
  'petition_case.level_reached': PETITION_LEVELS,
  'petition_case.resolution_method': RESOLUTION_METHODS,
  'app_user.role': ROLES,
  'staff.role': ROLES,
  'sensitive_period.kind': SENSITIVE_PERIOD_KINDS,
  'petition_case.stage': CASE_STAGES,
  'petition_case.outcome': CASE_OUTCOMES,
  'petition_case.due_kind': DEADLINE_KINDS,
  'petition_case_event.action': CASE_EVENT_ACTIONS
};

/** Enumerated columns that no TypeScript code lists (yet): nothing to compare them with. */
const SQL_ONLY = new Set([
  'audit_log.outcome',
  // assignment and linking of cases: their API comes next (issue 17)
  'petition_case.assignment',
  'petition_case.link_kind',
  'daily_report.status',
  'data_version.name',
  'incident.category',
  'incident.domain',
  'inspection.result'
]);

/** `CHECK ((col = ANY (ARRAY['a'::text, 'b'::text])))`: a constraint on one column's values alone. */
const ENUMERATION = /^CHECK \(\((\w+) = ANY \(ARRAY\[(.*)\]\)\)\)$/;

/** The single-column enumerations of the public schema's tables, `table.column` → sorted values. */
async function enumerations(db: TestDatabase): Promise<Map<string, string[]>> {
  const rows = await db.sql<{ table: string; def: string }[]>`
    select c.relname as table, pg_get_constraintdef(con.oid) as def
    from pg_constraint con join pg_class c on c.oid = con.conrelid
    where con.contype = 'c' and c.relnamespace = 'public'::regnamespace and not c.relispartition
    order by c.relname, con.conname`;
  const found = new Map<string, string[]>();
  for (const { table, def } of rows) {
    const m = ENUMERATION.exec(def);
    if (!m) continue;
    const values = [...m[2]!.matchAll(/'((?:[^']|'')*)'::text/g)].map((v) => v[1]!.replaceAll("''", "'"));
    const key = `${table}.${m[1]}`;
    if (found.has(key)) throw new Error(`${key} has two enumerating check constraints`);
    found.set(key, values.sort());
  }
  return found;
}

describe.each(engines())('vocabulary and check constraints on $name', (engine) => {
  let db: TestDatabase;
  let found: Map<string, string[]>;
  beforeAll(async () => {
    db = await engine.create();
    found = await enumerations(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  test('the enumerations are read: one per mapped column', () => {
    expect([...found.keys()].sort()).toEqual([...Object.keys(LISTS), ...SQL_ONLY].sort());
  });

  test.each([
    ['hazard_open', OPEN_HAZARD_STATUSES],
    ['petition_case_open', OPEN_PETITION_STATUSES]
  ] as const)('the partial index %s covers exactly the open statuses', async (index, open) => {
    const [row] = await db.sql<{ predicate: string }[]>`
      select pg_get_expr(i.indpred, i.indrelid) as predicate
      from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relname = ${index} and c.relnamespace = 'public'::regnamespace`;
    const m = /^\(status = ANY \(ARRAY\[(.*)\]\)\)$/.exec(row?.predicate ?? '');
    expect(m, `predicate of ${index}: ${row?.predicate}`).not.toBeNull();
    expect([...m![1]!.matchAll(/'(\w+)'::text/g)].map((v) => v[1]).sort()).toEqual([...open].sort());
  });

  test.each(Object.keys(LISTS))('the check constraint on %s lists exactly its vocabulary', (column) => {
    expect(found.get(column), `check constraint of ${column} vs. its TypeScript list`).toEqual(
      [...LISTS[column]!].sort()
    );
  });
});
