import { describe, expect, test } from 'vitest';
import { findPersonalIdentifiers } from '../../src/lib/domain/find-personal-identifiers';

describe('findPersonalIdentifiers', () => {
  test.each([
    ['身份证号370105199003071234已核实', [{ kind: 'id_number', masked: '370***********1234' }]],
    ['身份证 37010519900307123X', [{ kind: 'id_number', masked: '370***********123X' }]],
    ['联系人电话13812345678', [{ kind: 'mobile', masked: '138****5678' }]],
    ['+86 138-1234-5678 与 +8613812345678', [{ kind: 'mobile', masked: '+86**********5678' }, { kind: 'mobile', masked: '+86*******5678' }]],
    ['138 1234 5678', [{ kind: 'mobile', masked: '138******5678' }]],
    ['座机0531-86123456', [{ kind: 'landline', masked: '053******3456' }]],
    ['发邮件 zhang.san@example.com', [{ kind: 'email', masked: 'zha**************.com' }]]
  ])('finds the identifier in %s', (text, expected) => {
    expect(findPersonalIdentifiers(text)).toEqual(expected);
  });

  test.each([
    '北园街道第3网格，2026年11月23日，涉及12户，拆迁补偿款未到位',
    '整改完成：更换灭火器24具，疏通通道2处，编号A-2026-000123',
    '金额 1380000 元；面积 13812.5 平方米',
    '时间 20261123 上午'
  ])('leaves ordinary case text alone: %s', (text) => {
    expect(findPersonalIdentifiers(text)).toEqual([]);
  });

  test('an ID number is reported once, not also as a phone number', () => {
    expect(findPersonalIdentifiers('370105199003071234').map((f) => f.kind)).toEqual(['id_number']);
  });
});
