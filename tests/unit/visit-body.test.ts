import { describe, expect, test } from 'vitest';
import { parseVisitBody } from '../../src/lib/server/visit-body';

const NOW = new Date('2026-11-25T06:00:00Z'); // 14:00 in Beijing
const KEY = '0b6f8e2c-9a51-4c7e-8d3b-2f1e4a5b6c7d';
const valid = { key: KEY, site: { kind: 'enterprise', id: 12 }, at: '2026-11-25T09:30:00+08:00' };

describe('parseVisitBody', () => {
  test('a minimal visit parses, with its day in China Standard Time and empty lists', () => {
    const late = parseVisitBody({ ...valid, at: '2026-11-24T23:30:00Z' }, NOW); // 07:30 on the 25th in Beijing

    expect(late).toMatchObject({ ok: true, visit: { day: '2026-11-25', body: { found: [], resolved: [] } } });
  });

  test('the same body gives the same fingerprint, another body another', () => {
    const a = parseVisitBody(valid, NOW);
    const b = parseVisitBody({ ...valid }, NOW);
    const c = parseVisitBody({ ...valid, note: 'x' }, NOW);

    expect(a.ok && b.ok && c.ok).toBe(true);
    if (a.ok && b.ok && c.ok) {
      expect(a.visit.hash).toBe(b.visit.hash);
      expect(a.visit.hash).not.toBe(c.visit.hash);
    }
  });

  test.each([
    [{ ...valid, key: 'abc' }, 400, 'field “key” is not as expected (a UUID chosen once per visit)'],
    [{ ...valid, key: undefined }, 400, 'field “key” is not as expected (a UUID'],
    [
      { ...valid, site: { kind: 'school', id: 1 } },
      400,
      'field “site.kind” is not as expected (an enterprise or a hazard site)'
    ],
    [{ ...valid, site: { kind: 'enterprise', id: -3 } }, 400, 'field “site.id” is not'],
    [{ ...valid, at: 'yesterday' }, 400, 'field “at” is not as expected (a date and time'],
    [{ ...valid, extra: 1 }, 400, 'Invalid visit: '],
    [{ ...valid, position: { lon: 200, lat: 36 } }, 400, 'field “position.lon” is not as expected (a longitude)'],
    [
      { ...valid, found: [{ level: 'minor', description: 'x', deadline: '2026-12-01' }] },
      400,
      'field “found.0.level” is not as expected (general or major)'
    ],
    [
      { ...valid, found: [{ level: 'general', description: '', deadline: '2026-12-01' }] },
      400,
      'field “found.0.description” is not as expected (a description of 1 to 500 characters)'
    ],
    [
      { ...valid, found: [{ level: 'general', description: 'x', deadline: '2026-11-24' }] },
      422,
      'the deadline 2026-11-24 of new hazard 1 is before the day of the visit (2026-11-25)'
    ],
    [{ ...valid, note: '联系人 13812345678' }, 422, '“note” looks like it contains a mobile number'],
    [
      { ...valid, note: '联系人 １３８.１２３４.５６７８' },
      422,
      '“note” looks like it contains a mobile number (138****5678)'
    ],
    [
      { ...valid, found: [{ level: 'general', description: 'XX小区3号楼2单元501室张三', deadline: '2026-12-01' }] },
      422,
      `“found.0.description” looks like it contains a person's name with their home (张*)`
    ],
    [{ ...valid, at: '2026-11-25T15:00:00+08:00' }, 422, "is later than the server's clock"],
    [{ ...valid, at: '2026-10-01T09:00:00+08:00' }, 422, 'more than 30 days ago'],
    [
      {
        ...valid,
        resolved: [
          { hazardId: 5, status: 'verified' },
          { hazardId: 5, status: 'rectified' }
        ]
      },
      422,
      'hazard 5 is listed twice'
    ],
    [
      { ...valid, resolved: [{ hazardId: 5, status: 'open' }] },
      400,
      'field “resolved.0.status” is not as expected (rectified or verified)'
    ],
    [undefined, 400, 'Invalid visit: ']
  ])('refuses %j with %i', (raw, status, message) => {
    const parsed = parseVisitBody(raw, NOW);

    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.status).toBe(status);
      expect(parsed.message).toContain(message);
    }
  });
});
