import { describe, expect, test } from 'vitest';
import { hazardRefusal } from '../../src/lib/server/hazard-refusal';

describe('hazardRefusal', () => {
  test.each([
    [
      { reason: 'step-not-allowed', from: 'rectified', to: 'rectifying', allowed: ['verified'] },
      409,
      '状态为“已整改”的隐患不能改为“整改中”（可改为：“已验收”）。',
      'A hazard that is “Rectified” cannot become “Rectifying” (it may become: “Verified”).'
    ],
    [
      { reason: 'step-not-allowed', from: 'verified', to: 'rectified', allowed: [] },
      409,
      '状态为“已验收”的隐患不能再改为“已整改”：已验收的隐患已经办结。',
      'A hazard that is “Verified” cannot become “Rectified”: a verified hazard is closed.'
    ],
    [
      { reason: 'major-needs-rectified', from: 'rectifying', to: 'verified' },
      409,
      '重大隐患须先登记“已整改”，再验收（当前为“整改中”）。',
      'A major hazard must be recorded as “Rectified” before it is verified (it is “Rectifying”).'
    ],
    [
      { reason: 'before-found', day: '2026-10-31', foundOn: '2026-11-01' },
      422,
      '日期 2026-10-31 早于隐患发现日期 2026-11-01。',
      'The date 2026-10-31 is before the hazard was found (2026-11-01).'
    ],
    [
      { reason: 'before-rectified', day: '2026-11-09', rectifiedOn: '2026-11-10' },
      422,
      '验收日期 2026-11-09 早于整改完成日期 2026-11-10。',
      'The verification date 2026-11-09 is before the rectification (2026-11-10).'
    ],
    [
      { reason: 'after-today', day: '2026-11-24', today: '2026-11-23' },
      422,
      '日期 2026-11-24 晚于今天（北京时间 2026-11-23）。',
      'The date 2026-11-24 is after today (2026-11-23, China Standard Time).'
    ]
  ] as const)('%o → %i', (refusal, status, zh, en) => {
    const r = hazardRefusal(refusal as Parameters<typeof hazardRefusal>[0]);

    expect({ status: r.status, zh: r.text('zh-CN'), en: r.text('en') }).toEqual({ status, zh, en });
  });

  test('several allowed steps are listed in workflow order with the language’s separator', () => {
    const r = hazardRefusal({
      reason: 'step-not-allowed',
      from: 'open',
      to: 'open',
      allowed: ['rectifying', 'rectified', 'verified']
    });

    expect(r.text('zh-CN')).toBe('状态为“未整改”的隐患不能改为“未整改”（可改为：“整改中”、“已整改”、“已验收”）。');
    expect(r.text('en')).toBe(
      'A hazard that is “Open” cannot become “Open” (it may become: “Rectifying”, “Rectified”, “Verified”).'
    );
  });
});
