import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  findPersonalIdentifiers,
  normaliseForScreening,
  PERSONAL_DATA_PATTERNS
} from '../../src/lib/domain/find-personal-identifiers';
import { NEGATIVES, POSITIVES } from '../fixtures/personal-data/corpus';

describe('findPersonalIdentifiers', () => {
  test('the corpus is large enough to mean something', () => {
    expect([POSITIVES.length + NEGATIVES.length >= 60, POSITIVES.filter((p) => p.issue).length]).toEqual([true, 29]);
  });

  test.each(POSITIVES.map((p) => [JSON.stringify(p.text), p.kind, p.text] as const))(
    'refuses %s as %s',
    (_, kind, text) => {
      expect(findPersonalIdentifiers(text).map((f) => f.kind)).toEqual([kind]);
    }
  );

  // A number keeps at most its first 3 and last 4 characters; a name only its surname.
  test.each(POSITIVES.map((p) => [JSON.stringify(p.text), p.kind, p.text] as const))(
    'the masked value of %s hides the %s',
    (_, kind, text) => {
      const [found] = findPersonalIdentifiers(text);
      const hidden = found!.masked.split('').filter((c) => c === '*').length;
      const shown = found!.masked.length - hidden;
      expect([hidden >= (kind === 'household' ? 1 : 4), shown <= (kind === 'household' ? 2 : 7)]).toEqual([true, true]);
    }
  );

  test.each(NEGATIVES)('lets through %s', (text) => {
    expect(findPersonalIdentifiers(text)).toEqual([]);
  });

  test.each([
    ['身份证号370105199003071234已核实', [{ kind: 'id_number', masked: '370***********1234' }]],
    ['身份证 37010519900307123X', [{ kind: 'id_number', masked: '370***********123X' }]],
    ['联系人电话13812345678', [{ kind: 'mobile', masked: '138****5678' }]],
    ['１３８.１２３４.５６７８', [{ kind: 'mobile', masked: '138****5678' }]],
    [
      '+86 138-1234-5678 与 0531-86123456',
      [
        { kind: 'mobile', masked: '+86*******5678' },
        { kind: 'landline', masked: '053*****3456' }
      ]
    ],
    ['发邮件 zhang.san@example.com', [{ kind: 'email', masked: 'zha**************.com' }]],
    ['3号楼2单元501室张三', [{ kind: 'household', masked: '张*' }]],
    ['户主：欧阳娜娜', [{ kind: 'household', masked: '欧***' }]]
  ])('reports %s with a masked value', (text, expected) => {
    expect(findPersonalIdentifiers(text)).toEqual(expected);
  });

  test('an ID number is reported once, not also as a phone number', () => {
    expect(findPersonalIdentifiers('370105199003071234').map((f) => f.kind)).toEqual(['id_number']);
  });

  test('a birth date that does not exist is not an ID number', () => {
    expect(findPersonalIdentifiers('编号 370102 19900231 1234')).toEqual([]);
  });

  test('normalisation drops invisible characters, reads full-width forms and joins digits', () => {
    expect(normaliseForScreening('１３８\u200b １２３４。５６７８ ＠ ab')).toEqual({
      plain: '138 1234.5678 @ ab',
      joined: '13812345678 @ ab'
    });
  });

  test('the database screen is built from the same pattern sources', () => {
    const migration = readFileSync(
      join(import.meta.dirname, '../../db/migrations/0014_screen_normalised_text.sql'),
      'utf8'
    );
    const missing = Object.entries(PERSONAL_DATA_PATTERNS)
      .filter(([, source]) => !migration.includes(`'${source}'`))
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });
});
