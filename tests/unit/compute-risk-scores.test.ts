import { describe, expect, test } from 'vitest';
import { computeRiskScores, type RiskInputs } from '../../src/lib/domain/compute-risk-scores';

const area = (over: Partial<RiskInputs>): RiskInputs => ({
  code: '370105-001',
  name: 'A',
  households: 1000,
  enterprises: { red: 0, orange: 0, yellow: 0, blue: 0 },
  openHazards: { general: 0, major: 0 },
  overdueDays: { general: 0, major: 0 },
  incidents: { serious: 0, minor: 0, near_miss: 0 },
  petitions: { new: 0, backlog: 0, group: 0, repeat: 0, escalated: 0 },
  ...over
});

describe('computeRiskScores', () => {
  test('each part is its weighted sum, and the score is their sum times the multiplier', () => {
    const [s] = computeRiskScores(
      [
        area({
          enterprises: { red: 1, orange: 2, yellow: 0, blue: 10 }, // 3 + 3 + 0 + 1 = 7
          openHazards: { general: 4, major: 1 }, // 4 + 5 = 9
          overdueDays: { general: 20, major: 10 }, // 1 + 2 = 3
          petitions: { new: 10, backlog: 3, group: 1, repeat: 2, escalated: 1 } // 5 + 3 + 2 + 2 + 3 = 15
        })
      ],
      { multiplier: 1.5 }
    );
    const value = (id: string) => s!.parts.find((p) => p.id === id)!.value;
    expect([value('hazards'), value('overdue'), value('enterprises'), value('incidents'), value('petitions')]).toEqual([
      9, 3, 7, 0, 15
    ]);
    expect(s!.score).toBeCloseTo((9 + 3 + 7 + 15) * 1.5, 9);
    expect(s!.perThousandHouseholds).toBeCloseTo(51, 9);
    expect(s!.perEnterprise).toBeCloseTo(51 / 13, 3);
  });

  test('a tiny area with one serious event does not outrank a large area with many', () => {
    const scores = computeRiskScores([
      area({ code: 'tiny', households: 20, incidents: { serious: 1, minor: 0, near_miss: 0 } }),
      area({ code: 'big', households: 5000, incidents: { serious: 3, minor: 60, near_miss: 500 } }),
      area({ code: 'calm', households: 5000, incidents: { serious: 0, minor: 5, near_miss: 40 } })
    ]);
    const incidents = (code: string) => scores.find((s) => s.code === code)!.parts.find((p) => p.id === 'incidents')!;
    // Raw per 1,000 households the tiny area is worst (10 / 0.02 = 500); smoothed it is not.
    expect(incidents('tiny').value).toBeLessThan(incidents('big').value);
    expect(incidents('tiny').detail.shrinkageWeight).toBeLessThan(0.5);
  });

  test('petitions the role may not read are marked unavailable and add nothing', () => {
    const [s] = computeRiskScores([area({ petitions: null, openHazards: { general: 2, major: 0 } })]);
    expect(s!.parts.find((p) => p.id === 'petitions')).toEqual({
      id: 'petitions',
      available: false,
      value: 0,
      detail: {}
    });
    expect(s!.score).toBe(2);
  });

  test('empty areas give zeros and nulls, never NaN or Infinity', () => {
    const scores = computeRiskScores([area({ households: 0 }), area({ code: 'x' })]);
    expect(JSON.stringify(scores)).not.toMatch(/NaN|Infinity/);
    expect(scores[0]!.perThousandHouseholds).toBeNull();
    expect(scores[0]!.perEnterprise).toBeNull();
  });

  test('a multiplier below 1 is refused', () => {
    expect(() => computeRiskScores([area({})], { multiplier: 0.5 })).toThrow(
      'multiplier is 0.5: it must be a finite number ≥ 1'
    );
  });
});
