import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { calendarDayProblem } from '../../src/lib/core/dates';
import { day, dayProblem, fromNotAfterTo, latestDay, month, numericId, spanAtMost } from '../../src/lib/api/params';

const now = new Date('2026-12-01T02:00:00Z');
const firstIssue = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;

describe('calendarDayProblem', () => {
  test.each([
    ['2026-13-01', '2026-13-01 is not a date: the month must be 01 to 12'],
    ['2026-00-10', '2026-00-10 is not a date: the month must be 01 to 12'],
    ['2026-02-30', '2026-02-30 is not a date: February 2026 has 28 days'],
    ['2026-04-31', '2026-04-31 is not a date: April 2026 has 30 days'],
    ['2100-02-29', '2100-02-29 is not a date: February 2100 has 28 days'],
    ['0000-01-00', '0000-01-00 is not a date: January 0000 has 31 days'],
    ['2026-1-1', 'must be a date like 2026-11-23 (YYYY-MM-DD), got "2026-1-1"'],
    ['', 'must be a date like 2026-11-23 (YYYY-MM-DD), got ""'],
    ['+02026-01-01', 'must be a date like 2026-11-23 (YYYY-MM-DD), got "+02026-01-01"']
  ])('%s: %s', (text, message) => {
    expect(calendarDayProblem(text)).toBe(message);
  });

  test.each(['2024-02-29', '2000-02-29', '0000-01-01', '9999-12-31', '2026-11-23'])('%s is a calendar day', (text) => {
    expect(calendarDayProblem(text)).toBeNull();
  });
});

describe('dayProblem bounds days to 2000-01-01 … a year from today (China Standard Time)', () => {
  test('the last day is today + 366 days', () => {
    expect(latestDay(now)).toBe('2027-12-02');
  });

  test.each([
    ['1999-12-31', '1999-12-31 is too early: must be 2000-01-01 or later'],
    ['0000-01-01', '0000-01-01 is too early: must be 2000-01-01 or later'],
    [
      '2027-12-03',
      '2027-12-03 is too far ahead: must be 2027-12-02 or earlier (one year from today, China Standard Time)'
    ],
    [
      '9999-12-31',
      '9999-12-31 is too far ahead: must be 2027-12-02 or earlier (one year from today, China Standard Time)'
    ]
  ])('%s', (text, message) => {
    expect(dayProblem(text, now)).toBe(message);
  });

  test.each(['2000-01-01', '2026-12-01', '2027-12-02'])('%s is answered', (text) => {
    expect(dayProblem(text, now)).toBeNull();
  });
});

describe('the day schema', () => {
  test('a refused day stops the parse before window refinements see it', () => {
    const window = z
      .strictObject({ from: day, to: day })
      .refine(...fromNotAfterTo)
      .refine(...spanAtMost(5));
    const result = window.safeParse({ from: '2026-13-01', to: '2026-03-31' });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['from', '2026-13-01 is not a date: the month must be 01 to 12']
    ]);
  });

  test('a non-string is refused with the format', () => {
    expect(firstIssue(day, 20261101)).toBe('must be a date like 2026-11-23 (YYYY-MM-DD)');
  });

  test('a long value is cut in the message', () => {
    expect(firstIssue(day, 'x'.repeat(500))).toBe(
      `must be a date like 2026-11-23 (YYYY-MM-DD), got "${'x'.repeat(40)}…"`
    );
  });
});

describe('the month schema', () => {
  test.each([
    ['2026-13', '2026-13 is not a month: the month must be 01 to 12'],
    ['0000-01', '0000-01 is too early: must be 2000-01 or later'],
    ['2026-1', 'must be a month like 2026-01 (YYYY-MM), got "2026-1"']
  ])('%s', (text, message) => {
    expect(firstIssue(month, text)).toBe(message);
  });

  test('9999-12 is too far ahead', () => {
    expect(firstIssue(month, '9999-12')).toMatch(/^9999-12 is too far ahead: must be \d{4}-\d{2} or earlier/);
  });
});

describe('numericId', () => {
  test.each(['17', '1', '9007199254740992'])('%s is an id', (text) => {
    expect(numericId.parse(text)).toBe(Number(text));
  });

  test.each(['0', '-1', '1e3', '0x10', '1.5', ' 1', '', 'abc', '9007199254740993', '9'.repeat(30)])(
    '%s is refused',
    (text) => {
      expect(numericId.safeParse(text).success).toBe(false);
    }
  );
});
