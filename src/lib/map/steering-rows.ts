import type { InspectionPrioritiesAnswer, MediationAllocationAnswer } from '../api/analytics';
import type { EnterprisesAnswer } from '../api/map';

/** The fields of GET /api/analytics/inspection-priorities the steering panel uses. */
export type InspectionAnswer = Pick<InspectionPrioritiesAnswer, 'asOf' | 'visits' | 'picks'>;

/** The fields of GET /api/analytics/mediation-allocation the steering panel uses. */
export type MediationAnswer = Pick<MediationAllocationAnswer, 'mediators' | 'uncovered'>;

/** Enterprise names by id (the fields of GET /api/map/enterprises the rows use). */
export type SiteNames = Pick<EnterprisesAnswer, 'ids' | 'names'>;

export interface InspectionRow {
  rank: number;
  kind: string;
  id: string;
  name: string;
  score: number;
  random: boolean;
  /** The score's parts as `name value` pairs, e.g. "riskClass 8; hazards 2". */
  parts: string;
}

/**
 * The inspection priority list as table rows: ranked as the engine ranked them, enterprises named,
 * other sites called by kind and id.
 * @example inspectionRows({ asOf, visits: 1, picks: [{ id: '7', kind: 'enterprise', score: 3, parts: { riskClass: 3, hazards: 0, overdue: 0, staleness: 0, incidents: 0 }, reason: 'score' }] }, { ids: [7], names: ['甲厂'] })
 * // → [{ rank: 1, kind: 'enterprise', id: '7', name: '甲厂', score: 3, random: false, parts: 'riskClass 3; hazards 0; overdue 0; staleness 0; incidents 0' }]
 */
export function inspectionRows(answer: InspectionAnswer, names: SiteNames | null): InspectionRow[] {
  const byId = new Map<string, string>();
  if (names) names.ids.forEach((id, i) => byId.set(String(id), names.names[i] ?? ''));
  return answer.picks.map((p, i) => ({
    rank: i + 1,
    kind: p.kind,
    id: p.id,
    name: (p.kind === 'enterprise' ? byId.get(p.id) : undefined) ?? `${p.kind} #${p.id}`,
    score: p.score,
    random: p.reason === 'random-check',
    parts: Object.entries(p.parts)
      .map(([k, v]) => `${k} ${Number(v.toFixed(3))}`)
      .join('; ')
  }));
}

export interface MediationRow {
  mediator: string;
  areaCode: string;
  cases: number;
  costPerCase: number;
}

/** The mediation allocation as one row per mediator and area, in the engine's order. */
export function mediationRows(answer: MediationAnswer): MediationRow[] {
  return answer.mediators.flatMap((m) =>
    m.assignments.map((a) => ({ mediator: m.id, areaCode: a.areaCode, cases: a.cases, costPerCase: a.costPerCase }))
  );
}
