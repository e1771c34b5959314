/**
 * The casework schema (0016_casework): the official calendar as seeded, the SQL period rule equal
 * to the domain's, every demo case in a lifecycle stage with a history, and the history
 * append-only.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import calendarFile from '../fixtures/holiday-calendar/cn-2024-2027.json' with { type: 'json' };
import { addDays } from '../../src/lib/core/dates';
import { legalPeriodEnd, type PeriodUnit } from '../../src/lib/domain/legal-period-end';
import { caseStatus } from '../../src/lib/domain/decide-case-action';
import type { CaseOutcome, CaseStage } from '../../src/lib/domain/case-deadlines';
import { trusted } from '../../src/lib/server/db/contexts';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { engines, type TestDatabase } from '../support/db';

const CALENDAR = {
  offDays: new Set(calendarFile.days.filter((d) => d.off).map((d) => d.day)),
  workDays: new Set(calendarFile.days.filter((d) => !d.off).map((d) => d.day))
};

describe.each(engines())('casework schema on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 5, endDate: '2026-11-23', scale: 0.02 });
  }, 600_000);
  afterAll(async () => {
    await db?.close();
  });

  test('the holiday calendar holds the official days of 2024–2027, as the fixture', async () => {
    const rows = await trusted(
      db.sql,
      (tx) => tx<{ day: string; off: boolean; name: string; provisional: boolean; source: string }[]>`
        select day::text, off, name, provisional, source from holiday_calendar order by day`
    );
    expect(rows).toEqual(calendarFile.days);
  });

  test('legal_period_end in SQL ends every period on the same day as the domain rule', async () => {
    const cases: { start: string; n: number; unit: PeriodUnit }[] = [];
    for (let d = '2024-01-01'; d <= '2027-12-31'; d = addDays(d, 3)) {
      for (const [n, unit] of [
        [15, 'calendar'],
        [30, 'calendar'],
        [90, 'calendar'],
        [5, 'working']
      ] as const)
        cases.push({ start: d, n, unit });
    }
    const rows = await trusted(
      db.sql,
      (tx) => tx<{ due: string }[]>`
        select legal_period_end(s, n, u)::text as due
        from unnest(${cases.map((c) => c.start)}::date[], ${cases.map((c) => c.n)}::int[], ${cases.map((c) => c.unit)}::text[])
          with ordinality as t(s, n, u, i)
        order by i`
    );
    expect(rows.map((r) => r.due)).toEqual(cases.map((c) => legalPeriodEnd(c.start, c.n, c.unit, CALENDAR)));
  });

  test('every demo case has the status its stage says and a history numbered 1…version from its registration', async () => {
    const rows = await trusted(
      db.sql,
      (tx) => tx<
        {
          id: number;
          stage: CaseStage;
          outcome: CaseOutcome | null;
          status: string;
          version: number;
          steps: number;
          first: string;
          last: string;
          versions: number[];
        }[]
      >`
        select c.id, c.stage, c.outcome, c.status, c.version, count(e.id)::int as steps,
               (array_agg(e.action order by e.version))[1] as first,
               (array_agg(e.to_stage order by e.version desc))[1] as last,
               array_agg(e.version order by e.version) as versions
        from petition_case c left join petition_case_event e on e.case_id = c.id
        group by c.id, c.stage, c.outcome, c.status, c.version`
    );
    expect(rows.length).toBeGreaterThan(500);
    const wrong = rows.filter(
      (r) =>
        r.status !== caseStatus(r.stage, r.outcome) ||
        r.steps !== r.version ||
        r.first !== 'register' ||
        r.last !== r.stage ||
        r.versions.some((v, i) => v !== i + 1)
    );
    expect(wrong.slice(0, 3)).toEqual([]);
    const stages = new Set(rows.map((r) => r.stage));
    for (const s of ['received', 'accepted', 'mediating', 'closed'] as const) expect(stages).toContain(s);
  });

  test('open cases carry the deadline that runs for their stage', async () => {
    const rows = await trusted(
      db.sql,
      (tx) => tx<{ stage: string; due_kind: string | null; n: number; wrong: number }[]>`
        select stage, due_kind, count(*)::int as n,
               count(*) filter (where due_on is distinct from case stage
                 when 'received' then legal_period_end(cst_day(received_at), 15, 'calendar')
                 when 'replied' then legal_period_end(cst_day(closed_at), 30, 'calendar')
                 when 'closed' then null
                 else legal_period_end(cst_day(accepted_at), 60 + extension_days, 'calendar') end)::int as wrong
        from petition_case group by stage, due_kind order by stage`
    );
    expect(rows.map((r) => [r.stage, r.due_kind, r.wrong])).toEqual(
      rows.map((r) => [
        r.stage,
        (
          { received: 'acceptance', accepted: 'handling', mediating: 'handling', replied: 'review_request' } as Record<
            string,
            string
          >
        )[r.stage] ?? null,
        0
      ])
    );
  });

  test('the history is append-only, even for the owner', async () => {
    const [e] = await trusted(
      db.sql,
      (tx) => tx<{ id: number }[]>`select id from petition_case_event order by id limit 1`
    );
    await expect(
      trusted(db.sql, (tx) => tx`update petition_case_event set note = 'x' where id = ${e!.id}`)
    ).rejects.toMatchObject({
      code: '42501'
    });
    await expect(
      trusted(db.sql, (tx) => tx`delete from petition_case_event where id = ${e!.id}`)
    ).rejects.toMatchObject({
      code: '42501'
    });
  });
});
