import { describe, expect, test } from 'vitest';
import { cstTimestamp, dateOfDay, dayNumber, todayInChina } from '../../src/lib/seed/dates';

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

  test("today in China is already tomorrow at 17:00 UTC", () => {
    expect(todayInChina(new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24');
    expect(todayInChina(new Date('2026-11-23T15:59:00Z'))).toBe('2026-11-23');
  });
});
