import { expect, test } from 'vitest';
import { inspectionRows, mediationRows } from '../../src/lib/map/steering-rows';

test('inspection rows keep the engine order, name enterprises and mark random checks', () => {
  const rows = inspectionRows(
    {
      asOf: '2026-11-25',
      visits: 3,
      picks: [
        { id: '12', kind: 'enterprise', score: 23.5, parts: { riskClass: 8, staleness: 1.00821918 }, reason: 'score' },
        { id: '40', kind: 'hazard', score: 9, parts: { hazards: 9 }, reason: 'score' },
        { id: '99', kind: 'enterprise', score: 0.5, parts: { riskClass: 0.5 }, reason: 'random' }
      ]
    },
    { ids: [12, 99], names: ['济南甲化工厂', '乙商场'] }
  );
  expect(rows.map((r) => [r.rank, r.name, r.random, r.parts])).toEqual([
    [1, '济南甲化工厂', false, 'riskClass 8; staleness 1.008'],
    [2, 'hazard #40', false, 'hazards 9'],
    [3, '乙商场', true, 'riskClass 0.5']
  ]);
});

test('mediation rows: one per mediator and area, totals preserved', () => {
  const answer = {
    uncovered: 0,
    mediators: [
      { id: '64', capacity: 8, load: 3, assignments: [{ areaCode: '370105-008-001-001', cases: 1, costPerCase: 1 }, { areaCode: '370105-008-001-002', cases: 2, costPerCase: 1 }] },
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
