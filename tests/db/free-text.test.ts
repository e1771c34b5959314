import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findPersonalIdentifiers } from '../../src/lib/domain/find-personal-identifiers';
import { trusted } from '../../src/lib/server/db/contexts';
import { seedDemo } from '../../src/lib/server/seed/seed-demo';
import { engines, type TestDatabase } from '../support/db';
import { NEGATIVES, POSITIVES } from '../fixtures/personal-data/corpus';

const CORPUS = [
  '身份证号370105199003071234已核实',
  '联系人电话13812345678',
  '+86 138-1234-5678',
  '138 1234 5678',
  '座机0531-86123456',
  'zhang.san@example.com',
  '北园街道第3网格，2026年11月23日，涉及12户，拆迁补偿款未到位',
  '整改完成：更换灭火器24具，疏通通道2处，编号A-2026-000123',
  '金额 1380000 元；面积 13812.5 平方米',
  '时间 20261123 上午'
];

describe.each(engines())('free-text screening on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.create();
    await seedDemo(db.sql, { seed: 3, endDate: '2026-11-23', scale: 0.01 });
  });
  afterAll(async () => {
    await db?.close();
  });

  test('the database refuses every positive of the corpus and accepts every negative', async () => {
    const texts = [...POSITIVES.map((p) => p.text), ...NEGATIVES];
    const rows = await db.sql<{ t: string; suspect: boolean }[]>`
      select t, pii_suspect(t) as suspect from unnest(${texts}::text[]) with ordinality as u(t, i) order by i`;
    expect(rows.map((r) => [r.t, r.suspect])).toEqual(texts.map((t, i) => [t, i < POSITIVES.length]));
  });

  test('a grid name with personal data is refused, an ordinary one accepted', async () => {
    const [g] = await trusted(
      db.sql,
      (tx) => tx<{ id: number; name: string }[]>`
      select id, name from area where level = 'grid' and valid_to is null order by id limit 1`
    );
    for (const name of [
      '明湖社区第3网格１３８ １２３４ ５６７８',
      '第3网格 370102 19900101 1234',
      'XX小区3号楼2单元501室张三'
    ]) {
      await expect(
        trusted(db.sql, (tx) => tx`update area set name = ${name} where id = ${g!.id}`),
        name
      ).rejects.toMatchObject({ code: '23514', constraint_name: 'area_name_no_personal_identifiers' });
    }
    for (const name of ['明湖社区第3网格', '王家庄村第2网格', '金桥家园3号楼片区']) {
      await trusted(db.sql, (tx) => tx`update area set name = ${name} where id = ${g!.id}`);
    }
    await trusted(db.sql, (tx) => tx`update area set name = ${g!.name} where id = ${g!.id}`);
  });

  test('a hazard description written with full-width digits and zero-width spaces is refused', async () => {
    const [h] = await trusted(db.sql, (tx) => tx<{ id: number }[]>`select id from hazard order by id limit 1`);
    await expect(
      trusted(
        db.sql,
        (tx) => tx`update hazard set description = ${'住户电话１３８\u200b１２３４\u200b５６７８'} where id = ${h!.id}`
      )
    ).rejects.toMatchObject({ code: '23514', constraint_name: 'hazard_description_no_personal_identifiers' });
  });

  test('the database screen agrees with the application screen on every sample', async () => {
    const rows = await db.sql<{ t: string; suspect: boolean }[]>`
      select t, pii_suspect(t) as suspect from unnest(${CORPUS}::text[]) as t`;
    expect(rows.map((r) => [r.t, r.suspect])).toEqual(CORPUS.map((t) => [t, findPersonalIdentifiers(t).length > 0]));
  });

  test('a petition summary with a phone number is refused and nothing is written', async () => {
    const [p] = await trusted(db.sql, (tx) => tx<{ id: number }[]>`select id from petition_case order by id limit 1`);
    await expect(
      trusted(db.sql, (tx) => tx`update petition_case set summary = '请联系13812345678' where id = ${p!.id}`)
    ).rejects.toMatchObject({ code: '23514', constraint_name: 'petition_case_summary_no_personal_identifiers' });
    const [after] = await trusted(
      db.sql,
      (tx) => tx<{ summary: string | null }[]>`select summary from petition_case where id = ${p!.id}`
    );
    expect(after!.summary).toBeNull();
    await trusted(
      db.sql,
      (tx) => tx`update petition_case set summary = '拆迁补偿款未到位，涉及12户' where id = ${p!.id}`
    );
  });
});
