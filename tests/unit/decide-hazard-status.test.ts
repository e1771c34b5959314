import { describe, expect, test } from 'vitest';
import {
  allowedHazardStatuses,
  HAZARD_STATUSES,
  type HazardLevel,
  type HazardStatus
} from '../../src/lib/domain/allowed-hazard-statuses';
import { decideHazardStatus, type HazardRecord } from '../../src/lib/domain/decide-hazard-status';

/** Noon in China on 2026-11-25 (04:00 UTC): today is 2026-11-25 whichever way it is read. */
const NOON = new Date('2026-11-25T04:00:00Z');

/** A hazard found on 2026-11-01 with the date fields its status requires (rectified on the 10th, verified on the 12th). */
function createHazard(level: HazardLevel, status: HazardStatus, overrides: Partial<HazardRecord> = {}): HazardRecord {
  const rectified = status === 'rectified' || status === 'verified';
  return {
    level,
    status,
    foundOn: '2026-11-01',
    rectifiedOn: rectified ? '2026-11-10' : null,
    verifiedOn: status === 'verified' ? '2026-11-12' : null,
    ...overrides
  };
}

// Every (level, from, to): the expected outcome. A row per pair, so a change of the rule shows here.
const STEPS: [HazardLevel, HazardStatus, HazardStatus, 'allowed' | 'step-not-allowed' | 'major-needs-rectified'][] = [];
const ALLOWED: Record<HazardLevel, Record<HazardStatus, HazardStatus[]>> = {
  general: {
    open: ['rectifying', 'rectified', 'verified'],
    rectifying: ['rectified', 'verified'],
    rectified: ['verified'],
    verified: []
  },
  major: { open: ['rectifying', 'rectified'], rectifying: ['rectified'], rectified: ['verified'], verified: [] }
};
for (const level of ['general', 'major'] as const) {
  for (const from of HAZARD_STATUSES) {
    for (const to of HAZARD_STATUSES) {
      const shortcut = level === 'major' && to === 'verified' && (from === 'open' || from === 'rectifying');
      STEPS.push([
        level,
        from,
        to,
        ALLOWED[level][from].includes(to) ? 'allowed' : shortcut ? 'major-needs-rectified' : 'step-not-allowed'
      ]);
    }
  }
}

describe('allowedHazardStatuses', () => {
  test.each(STEPS.filter(([, , to]) => to === 'open').map(([level, from]) => [level, from] as const))(
    '%s hazard that is %s',
    (level, from) => {
      expect(allowedHazardStatuses(level, from)).toEqual(ALLOWED[level][from]);
    }
  );

  test('an unknown status or level is refused with the value named', () => {
    expect(() => allowedHazardStatuses('general', 'closed' as HazardStatus)).toThrow('Invalid hazard status "closed"');
    expect(() => allowedHazardStatuses('minor' as HazardLevel, 'open')).toThrow('Invalid hazard level "minor"');
  });
});

describe('decideHazardStatus: steps', () => {
  test('the table covers all 32 (level, from, to) cases, 10 of them allowed (6 general, 4 major)', () => {
    expect(STEPS.length).toBe(32);
    expect(STEPS.filter((s) => s[3] === 'allowed').length).toBe(10);
  });

  test.each(STEPS)('%s, %s → %s: %s', (level, from, to, expected) => {
    const decision = decideHazardStatus(createHazard(level, from), { to, on: '2026-11-20', now: NOON });

    if (expected === 'allowed') {
      expect(decision.ok).toBe(true);
    } else {
      expect(decision).toMatchObject({ ok: false, refusal: { reason: expected, from, to } });
    }
  });
});

describe('decideHazardStatus: the date fields each step sets', () => {
  test.each([
    ['general', 'open', 'rectifying', { status: 'rectifying', rectifiedOn: null, verifiedOn: null }],
    ['major', 'open', 'rectified', { status: 'rectified', rectifiedOn: '2026-11-20', verifiedOn: null }],
    ['general', 'rectifying', 'rectified', { status: 'rectified', rectifiedOn: '2026-11-20', verifiedOn: null }],
    // verification of a recorded rectification keeps its day
    ['major', 'rectified', 'verified', { status: 'verified', rectifiedOn: '2026-11-10', verifiedOn: '2026-11-20' }],
    // a general hazard found fixed on site: rectification and verification on the same day
    ['general', 'open', 'verified', { status: 'verified', rectifiedOn: '2026-11-20', verifiedOn: '2026-11-20' }],
    ['general', 'rectifying', 'verified', { status: 'verified', rectifiedOn: '2026-11-20', verifiedOn: '2026-11-20' }]
  ] as const)('%s, %s → %s', (level, from, to, change) => {
    expect(decideHazardStatus(createHazard(level, from), { to, on: '2026-11-20', now: NOON })).toEqual({
      ok: true,
      day: '2026-11-20',
      today: '2026-11-25',
      change
    });
  });
});

describe('decideHazardStatus: the day', () => {
  test('at 00:30 in China (16:30 UTC the day before) today is the Chinese date, so a hazard found that morning can be rectified', () => {
    const hazard = createHazard('general', 'open', { foundOn: '2026-11-24' });

    expect(decideHazardStatus(hazard, { to: 'rectified', now: new Date('2026-11-23T16:30:00Z') })).toEqual({
      ok: true,
      day: '2026-11-24',
      today: '2026-11-24',
      change: { status: 'rectified', rectifiedOn: '2026-11-24', verifiedOn: null }
    });
  });

  test('at 23:59 in China (15:59 UTC) today is still that date: the next day is refused as after today', () => {
    const hazard = createHazard('general', 'open', { foundOn: '2026-11-23' });

    expect(decideHazardStatus(hazard, { to: 'rectified', now: new Date('2026-11-23T15:59:00Z') })).toMatchObject({
      ok: true,
      day: '2026-11-23'
    });
    expect(
      decideHazardStatus(hazard, { to: 'rectified', on: '2026-11-24', now: new Date('2026-11-23T15:59:00Z') })
    ).toEqual({
      ok: false,
      day: '2026-11-24',
      today: '2026-11-23',
      refusal: { reason: 'after-today', day: '2026-11-24', today: '2026-11-23' }
    });
  });

  test('the day the hazard was found is allowed, the day before is refused', () => {
    const hazard = createHazard('major', 'open');

    expect(decideHazardStatus(hazard, { to: 'rectifying', on: '2026-11-01', now: NOON }).ok).toBe(true);
    expect(decideHazardStatus(hazard, { to: 'rectifying', on: '2026-10-31', now: NOON })).toMatchObject({
      ok: false,
      refusal: { reason: 'before-found', day: '2026-10-31', foundOn: '2026-11-01' }
    });
  });

  test('a verification on the day of the rectification is allowed, the day before is refused', () => {
    const hazard = createHazard('major', 'rectified');

    expect(decideHazardStatus(hazard, { to: 'verified', on: '2026-11-10', now: NOON }).ok).toBe(true);
    expect(decideHazardStatus(hazard, { to: 'verified', on: '2026-11-09', now: NOON })).toMatchObject({
      ok: false,
      refusal: { reason: 'before-rectified', day: '2026-11-09', rectifiedOn: '2026-11-10' }
    });
  });

  test('a step that is not allowed is refused as such whatever the day', () => {
    expect(
      decideHazardStatus(createHazard('general', 'verified'), { to: 'rectified', on: '2026-10-01', now: NOON })
    ).toMatchObject({
      ok: false,
      refusal: { reason: 'step-not-allowed', allowed: [] }
    });
  });

  test.each(['2026-02-30', '2026-11-5', 'today'])('an impossible day %s is a RangeError naming it', (on) => {
    expect(() => decideHazardStatus(createHazard('general', 'open'), { to: 'rectified', on, now: NOON })).toThrow(
      `Invalid on "${on}"`
    );
  });
});
