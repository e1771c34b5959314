import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { dateOfDay, dayNumber } from '../../src/lib/core/dates';
import { day, fromNotAfterTo, halfOpen, spanAtMost, withWindow } from '../../src/lib/api/params';
import { timelineQuery } from '../../src/lib/api/map';

/** A query with inclusive URL days, as the endpoints declare it. */
const createWindowQuery = () =>
  z
    .strictObject({ area: z.string(), from: day, to: day })
    .refine(...fromNotAfterTo)
    .refine(...spanAtMost(5))
    .transform(withWindow);

const issuesOf = (result: { error?: z.ZodError }) => result.error?.issues.map((i) => [i.path.join('.'), i.message]);

describe('halfOpen: the URL’s inclusive last day becomes the first day after the window', () => {
  test.each([
    ['a month', { from: '2024-01-01', to: '2024-01-31' }, { from: '2024-01-01', to: '2024-02-01' }],
    ['one day', { from: '2024-06-15', to: '2024-06-15' }, { from: '2024-06-15', to: '2024-06-16' }],
    ['a leap day', { from: '2024-02-01', to: '2024-02-29' }, { from: '2024-02-01', to: '2024-03-01' }],
    ['no leap day', { from: '2023-02-01', to: '2023-02-28' }, { from: '2023-02-01', to: '2023-03-01' }],
    ['a year end', { from: '2024-12-01', to: '2024-12-31' }, { from: '2024-12-01', to: '2025-01-01' }]
  ])('%s', (_, days, window) => {
    expect(halfOpen(days)).toEqual(window);
  });

  test('the window holds as many days as the URL named', () => {
    const window = halfOpen({ from: '2024-01-01', to: '2024-12-31' });
    expect(dayNumber(window.to) - dayNumber(window.from)).toBe(366);
  });
});

describe('withWindow on a query schema', () => {
  test('keeps the inclusive days the answer echoes and adds the half-open window', () => {
    const parsed = createWindowQuery().parse({ area: '370105', from: '2024-03-01', to: '2024-03-31' });
    expect(parsed).toEqual({
      area: '370105',
      from: '2024-03-01',
      to: '2024-03-31',
      window: { from: '2024-03-01', to: '2024-04-01' }
    });
  });

  test('an endpoint schema (GET /api/map/timeline) converts the same way', () => {
    const parsed = timelineQuery.parse({ area: '370105', from: '2024-05-01', to: '2024-05-01' });
    expect(parsed.window).toEqual({ from: '2024-05-01', to: '2024-05-02' });
  });

  test('"from" after "to" is refused on "from", and no window is made', () => {
    const result = createWindowQuery().safeParse({ area: '370105', from: '2024-03-02', to: '2024-03-01' });
    expect(issuesOf(result)).toEqual([['from', '"from" must not be after "to"']]);
  });

  test('a window longer than the span is refused on "to"', () => {
    const from = '2020-01-01';
    const to = dateOfDay(dayNumber(from) + 366 * 5);
    const result = createWindowQuery().safeParse({ area: '370105', from, to });
    expect(issuesOf(result)).toEqual([['to', 'the window must span at most five years']]);
  });

  test('the longest accepted span is one day shorter', () => {
    const from = '2020-01-01';
    const to = dateOfDay(dayNumber(from) + 366 * 5 - 1);
    expect(createWindowQuery().parse({ area: '370105', from, to }).window).toEqual({
      from,
      to: dateOfDay(dayNumber(to) + 1)
    });
  });

  test('a day that is not in the calendar is refused on its own field', () => {
    const result = createWindowQuery().safeParse({ area: '370105', from: '2024-01-01', to: '2023-02-29' });
    expect(issuesOf(result)).toEqual([['to', '2023-02-29 is not a date: February 2023 has 28 days']]);
  });
});
