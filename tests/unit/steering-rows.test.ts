import { expect, test } from 'vitest';
import { inspectionRows, mediationRows } from '../../src/lib/map/steering-rows';
import type { ScoreParts } from '../../src/lib/domain/rank-inspection-priorities';

/** Score parts in the engine's order, zero where not given. */
const parts = (given: Partial<ScoreParts>): ScoreParts => ({
  riskClass: 0,
  hazards: 0,
  overdue: 0,
  staleness: 0,
  incidents: 0,
  ...given
});

test('inspection rows keep the engine order, name enterprises and mark random checks', () => {
  const rows = inspectionRows(
    {
      asOf: '2026-11-25',
      visits: 3,
      picks: [
        {
          id: '12',
          kind: 'enterprise',
          score: 9.00821918,
          parts: parts({ riskClass: 8, staleness: 1.00821918 }),
          reason: 'score'
        },
        { id: '40', kind: 'hazard_site', score: 9, parts: parts({ hazards: 9 }), reason: 'score' },
        // The engine's word for a seeded random draw (rankInspectionPriorities).
        { id: '99', kind: 'enterprise', score: 0.5, parts: parts({ riskClass: 0.5 }), reason: 'random-check' }
      ]
    },
    { ids: [12, 99], names: ['济南甲化工厂', '乙商场'] }
  );
  expect(rows.map((r) => [r.rank, r.name, r.random, r.parts])).toEqual([
    [1, '济南甲化工厂', false, 'riskClass 8; hazards 0; overdue 0; staleness 1.008; incidents 0'],
    [2, 'hazard_site #40', false, 'riskClass 0; hazards 9; overdue 0; staleness 0; incidents 0'],
    [3, '乙商场', true, 'riskClass 0.5; hazards 0; overdue 0; staleness 0; incidents 0']
  ]);
});

test('mediation rows: one per mediator and area, totals preserved', () => {
  const answer = {
    uncovered: 0,
    mediators: [
      {
        id: '64',
        capacity: 8,
        load: 3,
        assignments: [
          { areaCode: '370105-008-001-001', cases: 1, costPerCase: 1 },
          { areaCode: '370105-008-001-002', cases: 2, costPerCase: 1 }
        ]
      },
      { id: '65', capacity: 8, load: 0, assignments: [] }
    ]
  };
  const rows = mediationRows(answer);
  expect(rows).toEqual([
    { mediator: '64', areaCode: '370105-008-001-001', cases: 1, costPerCase: 1 },
    { mediator: '64', areaCode: '370105-008-001-002', cases: 2, costPerCase: 1 }
  ]);
  expect(rows.reduce((s, r) => s + r.cases, 0)).toBe(answer.mediators[0]!.load);
});
