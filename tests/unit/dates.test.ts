import { describe, expect, test } from 'vitest';
import {
  addDays,
  addMonths,
  cstMidnight,
  cstTimestamp,
  dateOfDay,
  dayNumber,
  daysBetween,
  exclusiveEnd,
  monthsBetween,
  monthStart,
  todayInChina,
  partialMonth
} from '../../src/lib/core/dates';

describe('dates', () => {
  test('day numbers round-trip, across a leap day', () => {
    for (const d of ['2024-02-28', '2024-02-29', '2024-03-01', '2026-11-23']) expect(dateOfDay(dayNumber(d))).toBe(d);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
  });

  test('an impossible date is refused with the value in the message', () => {
    expect(() => dayNumber('2026-02-30x')).toThrow('Invalid date "2026-02-30x": expected YYYY-MM-DD');
  });

  test('China Standard Time stamps carry +08:00 and clamp the minute', () => {
    expect(cstTimestamp(dayNumber('2026-01-02'), 9 * 60 + 5)).toBe('2026-01-02T09:05:00+08:00');
    expect(cstTimestamp(dayNumber('2026-01-02'), 5000)).toBe('2026-01-02T23:59:00+08:00');
  });

  test('today in China is already tomorrow at 17:00 UTC', () => {
    expect(todayInChina(new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24');
    expect(todayInChina(new Date('2026-11-23T15:59:00Z'))).toBe('2026-11-23');
  });

  test('adding days crosses month, year and leap-day boundaries, both ways', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-11-23', 0)).toBe('2026-11-23');
  });

  test('days between two days is signed and inverts addDays', () => {
    expect(daysBetween('2026-11-01', '2026-11-23')).toBe(22);
    expect(daysBetween('2026-11-23', '2026-11-01')).toBe(-22);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    for (const n of [-400, -1, 0, 1, 59, 365]) expect(daysBetween('2024-02-29', addDays('2024-02-29', n))).toBe(n);
  });

  test("a URL's inclusive last day becomes the next day, the exclusive end", () => {
    expect(exclusiveEnd('2026-11-30')).toBe('2026-12-01');
    expect(exclusiveEnd('2025-12-31')).toBe('2026-01-01');
  });

  test('the first instant of a China Standard Time day is 16:00 UTC the day before', () => {
    expect(cstMidnight('2026-11-23')).toBe('2026-11-23T00:00:00+08:00');
    expect(new Date(cstMidnight('2026-11-23')).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(() => cstMidnight('2026-11')).toThrow('Invalid date "2026-11": expected YYYY-MM-DD');
  });

  test('month starts, month arithmetic and months between', () => {
    expect(monthStart('2026-11-23')).toBe('2026-11-01');
    expect(monthStart('2026-02')).toBe('2026-02-01');
    expect(() => monthStart('2026/02')).toThrow('Invalid day or month "2026/02": expected YYYY-MM-DD or YYYY-MM');
    expect(addMonths('2026-03', -5)).toBe('2025-10');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-01', 24)).toBe('2028-01');
    expect(monthsBetween('2025-11', '2026-02')).toBe(3);
    expect(monthsBetween('2026-02', '2025-11')).toBe(-3);
    expect(() => addMonths('2026-13', 1)).toThrow('Invalid month "2026-13": expected YYYY-MM');
  });
});

describe('partialMonth', () => {
  test('the current month up to its second day is partial, with how many days it holds', () => {
    expect(partialMonth(['2026-11', '2026-12'], '2026-12-02')).toEqual({ month: '2026-12', day: 2, days: 31 });
    expect(partialMonth(['2024-02'], '2024-02-28')).toEqual({ month: '2024-02', day: 28, days: 29 });
  });
  test('a month that ends on its last day, or data that ends in another month, is not partial', () => {
    expect(partialMonth(['2026-10', '2026-11'], '2026-11-30')).toBeNull();
    expect(partialMonth(['2026-10', '2026-11'], '2026-12-02')).toBeNull();
    expect(partialMonth([], '2026-12-02')).toBeNull();
    expect(partialMonth(['2026-12'], null)).toBeNull();
  });
});
