import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { petitionDeadlines, type PetitionDates } from '../../src/lib/domain/petition-deadlines';

const DAY = 86_400_000;
const RUNS = { seed: 20261123, numRuns: 200 } as const;

function createCase(overrides: Partial<PetitionDates> = {}): PetitionDates {
  return {
    received_at: new Date('2026-03-01T02:00:00Z'),
    accepted_at: null,
    extension_days: 0,
    closed_at: null,
    ...overrides
  };
}

describe('petitionDeadlines, examples', () => {
  test('acceptance is due 15 days after receipt', () => {
    expect(petitionDeadlines(createCase()).acceptanceDue).toEqual(new Date('2026-03-16T02:00:00Z'));
  });

  test('a case not yet accepted has no resolution deadline and no on-time flags', () => {
    expect(petitionDeadlines(createCase())).toMatchObject({
      resolutionDue: null,
      acceptedOnTime: null,
      closedOnTime: null
    });
  });

  test('resolution is due 60 days plus the extension after acceptance', () => {
    const c = createCase({ accepted_at: new Date('2026-03-10T02:00:00Z'), extension_days: 30 });
    expect(petitionDeadlines(c).resolutionDue).toEqual(new Date('2026-06-08T02:00:00Z'));
  });

  test('acceptance exactly at the deadline is on time, one millisecond later is not', () => {
    const due = new Date('2026-03-16T02:00:00Z').getTime();
    expect(petitionDeadlines(createCase({ accepted_at: new Date(due) })).acceptedOnTime).toBe(true);
    expect(petitionDeadlines(createCase({ accepted_at: new Date(due + 1) })).acceptedOnTime).toBe(false);
  });

  test('a case closed after 61 days without extension is late, with a 1-day extension on time', () => {
    const accepted_at = new Date('2026-03-02T00:00:00Z');
    const closed_at = new Date(accepted_at.getTime() + 61 * DAY);
    expect(petitionDeadlines(createCase({ accepted_at, closed_at })).closedOnTime).toBe(false);
    expect(petitionDeadlines(createCase({ accepted_at, closed_at, extension_days: 1 })).closedOnTime).toBe(true);
  });

  test('an extension above 30 days or not whole is refused', () => {
    expect(() => petitionDeadlines(createCase({ extension_days: 31 }))).toThrow(/extension_days 31/);
    expect(() => petitionDeadlines(createCase({ extension_days: 1.5 }))).toThrow(RangeError);
    expect(() => petitionDeadlines(createCase({ extension_days: -1 }))).toThrow(RangeError);
  });
});

describe('petitionDeadlines, properties', () => {
  test('closed on time exactly when closed within 60 + extension days of acceptance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 * DAY }), fc.integer({ min: 0, max: 30 }), (gap, extension_days) => {
        const accepted_at = new Date('2026-01-01T00:00:00Z');
        const c = createCase({
          received_at: accepted_at,
          accepted_at,
          extension_days,
          closed_at: new Date(accepted_at.getTime() + gap)
        });
        expect(petitionDeadlines(c).closedOnTime).toBe(gap <= (60 + extension_days) * DAY);
      }),
      RUNS
    );
  });
});
