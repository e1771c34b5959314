import { expect, test } from 'vitest';
import { inspectionRows, mediationRows, scorePartsText } from '../../src/lib/map/steering-rows';
import { translator } from '../../src/lib/i18n/messages';

const t = translator('zh-CN');
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
    { ids: [12, 99], names: ['济南甲化工厂', '乙商场'] },
    t
  );
  expect(rows.map((r) => [r.rank, r.name, r.random, scorePartsText(r.parts, t)])).toEqual([
    [1, '济南甲化工厂', false, '风险等级 8 + 隐患 0 + 逾期 0 + 久未检查 1.01 + 近一年事故 0'],
    [2, '隐患点 #40', false, '风险等级 0 + 隐患 9 + 逾期 0 + 久未检查 0 + 近一年事故 0'],
    [3, '乙商场', true, '风险等级 0.5 + 隐患 0 + 逾期 0 + 久未检查 0 + 近一年事故 0']
  ]);
});

test('a free hazard site is named by its place, with the inspector’s description', () => {
  const pick = {
    id: 'h40',
    kind: 'hazard_site' as const,
    score: 9,
    parts: parts({ hazards: 9 }),
    reason: 'score' as const
  };
  const place = { grid: '北园第一网格', community: '北园社区', description: '配电箱门缺失' };
  const [near] = inspectionRows(
    {
      asOf: '2026-11-25',
      visits: 1,
      picks: [pick],
      places: { h40: { ...place, near: { name: '甲厂', metres: 120 } } }
    },
    null,
    t
  );
  expect(near).toMatchObject({ name: '北园社区北园第一网格，甲厂旁约 120 米的隐患点', description: '配电箱门缺失' });
  const [alone] = inspectionRows(
    { asOf: '2026-11-25', visits: 1, picks: [pick], places: { h40: { ...place, near: null } } },
    null,
    translator('en')
  );
  expect(alone!.name).toBe('Hazard site in 北园第一网格, 北园社区');
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
    ],
    names: { mediators: { '64': '王调解员', '65': '李调解员' }, areas: { '370105-008-001-001': '一号网格' } }
  };
  const rows = mediationRows(answer);
  // Named as people read them; an area the answer does not name keeps its code.
  expect(rows).toEqual([
    {
      mediatorId: '64',
      mediator: '王调解员',
      areaCode: '370105-008-001-001',
      area: '一号网格',
      cases: 1,
      costPerCase: 1
    },
    {
      mediatorId: '64',
      mediator: '王调解员',
      areaCode: '370105-008-001-002',
      area: '370105-008-001-002',
      cases: 2,
      costPerCase: 1
    }
  ]);
  expect(rows.reduce((s, r) => s + r.cases, 0)).toBe(answer.mediators[0]!.load);
});
