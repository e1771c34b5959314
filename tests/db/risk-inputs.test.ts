import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trusted } from '../../src/lib/server/db/contexts';
import { OVERDUE_CAP_DAYS, riskInputs, sensitiveMultiplier } from '../../src/lib/server/queries/risk-inputs';
import { computeRiskScores } from '../../src/lib/domain/compute-risk-scores';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { dayNumber } from '../../src/lib/core/dates';
import { engines, type TestDatabase } from '../support/db';

const FROM = '2026-01-01';
const TO = '2026-07-01';
const under = (code: string, scope: string) => code === scope || code.startsWith(`${scope}-`);
const cstDay = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe.each(engines())('risk inputs on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 9, endDate: '2026-11-23', scale: 0.1 });
  });
  afterAll(async () => {
    await db?.close();
  });

  test('SQL inputs of the sub-districts equal a TypeScript recount of the raw rows', async () => {
    const sql = await trusted(db.sql, (tx) => riskInputs(tx, '370105', FROM, TO, true));
    const raw = await trusted(db.sql, async (tx) => ({
      subs: await tx<
        { code: string; name: string; households: number }[]
      >`select code, name, households from area where level = 'subdistrict' order by code`,
      ent: await tx<
        { code: string; risk_class: string }[]
      >`select g.code, e.risk_class from enterprise e join area g on g.id = e.grid_id`,
      haz: await tx<{ code: string; level: string; found_on: string; deadline: string; rectified_on: string | null }[]>`
        select g.code, h.level, h.found_on::text, h.deadline::text, h.rectified_on::text from hazard h join area g on g.id = h.grid_id`,
      inc: await tx<{ code: string; tier: string; at: Date }[]>`
        select g.code, i.tier, i.occurred_at as at from incident i join area g on g.id = i.grid_id where i.domain = 'safety'`,
      pet: await tx<
        {
          code: string;
          received_at: Date;
          closed_at: Date | null;
          group_size: number;
          repeat_of_id: number | null;
          level_reached: string;
        }[]
      >`
        select g.code, p.received_at, p.closed_at, p.group_size, p.repeat_of_id, p.level_reached from petition_case p join area g on g.id = p.grid_id`
    }));
    const expected = raw.subs.map((s) => {
      const e = raw.ent.filter((x) => under(x.code, s.code));
      const h = raw.haz.filter(
        (x) => under(x.code, s.code) && x.found_on < TO && (x.rectified_on === null || x.rectified_on >= TO)
      );
      const overdue = (level: string) =>
        h
          .filter((x) => x.level === level)
          .reduce(
            (sum, x) => sum + Math.min(OVERDUE_CAP_DAYS, Math.max(0, dayNumber(TO) - 1 - dayNumber(x.deadline))),
            0
          );
      const i = raw.inc.filter((x) => under(x.code, s.code) && cstDay(x.at) >= FROM && cstDay(x.at) < TO);
      const p = raw.pet.filter((x) => under(x.code, s.code) && cstDay(x.received_at) < TO);
      const pNew = p.filter((x) => cstDay(x.received_at) >= FROM);
      return {
        code: s.code,
        name: s.name,
        households: s.households,
        enterprises: {
          red: e.filter((x) => x.risk_class === 'red').length,
          orange: e.filter((x) => x.risk_class === 'orange').length,
          yellow: e.filter((x) => x.risk_class === 'yellow').length,
          blue: e.filter((x) => x.risk_class === 'blue').length
        },
        openHazards: {
          general: h.filter((x) => x.level === 'general').length,
          major: h.filter((x) => x.level === 'major').length
        },
        overdueDays: { general: overdue('general'), major: overdue('major') },
        incidents: {
          serious: i.filter((x) => x.tier === 'serious').length,
          minor: i.filter((x) => x.tier === 'minor').length,
          near_miss: i.filter((x) => x.tier === 'near_miss').length
        },
        petitions: {
          new: pNew.length,
          backlog: p.filter((x) => x.closed_at === null || cstDay(x.closed_at) >= TO).length,
          group: pNew.filter((x) => x.group_size >= 5).length,
          repeat: pNew.filter((x) => x.repeat_of_id !== null).length,
          escalated: pNew.filter((x) => ['city', 'province', 'national'].includes(x.level_reached)).length
        }
      };
    });
    expect(sql).toEqual(expected);
    // Scores over real data are finite and every part is accounted for.
    const scores = computeRiskScores(sql);
    expect(JSON.stringify(scores)).not.toMatch(/NaN|Infinity/);
    for (const s of scores) expect(s.parts.reduce((sum, p) => sum + p.value, 0)).toBeCloseTo(s.score, 2);
  });

  test('the sensitive-period multiplier is the largest weight covering the day', async () => {
    expect(await trusted(db.sql, (tx) => sensitiveMultiplier(tx, '2026-03-05'))).toEqual({
      multiplier: 1.5,
      periods: ['2026年全国两会']
    });
    expect(await trusted(db.sql, (tx) => sensitiveMultiplier(tx, '2026-07-05'))).toEqual({
      multiplier: 1,
      periods: []
    });
    // Configured: a kind's fixed multiplier replaces the stored weight (1.5 → 2.5), capped by maxMultiplier.
    expect(
      await trusted(db.sql, (tx) =>
        sensitiveMultiplier(tx, '2026-03-05', { multiplierByKind: { national_congress: 2.5 }, maxMultiplier: 3 })
      )
    ).toEqual({ multiplier: 2.5, periods: ['2026年全国两会'] });
    expect(
      await trusted(db.sql, (tx) =>
        sensitiveMultiplier(tx, '2026-03-05', { multiplierByKind: { national_congress: 2.5 }, maxMultiplier: 2 })
      )
    ).toEqual({ multiplier: 2, periods: ['2026年全国两会'] });
    expect(
      await trusted(db.sql, (tx) =>
        sensitiveMultiplier(tx, '2026-03-05', { multiplierByKind: { spring_festival: 4 }, maxMultiplier: 3 })
      )
    ).toEqual({ multiplier: 1.5, periods: ['2026年全国两会'] });
  });
});
