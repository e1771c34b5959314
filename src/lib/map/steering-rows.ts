import type { InspectionPrioritiesAnswer, MediationAllocationAnswer } from '../api/analytics';
import type { EnterprisesAnswer } from '../api/map';
import type { ScoreParts } from '../domain/rank-inspection-priorities';
import type { MessageKey } from '../i18n/messages';

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The fields of GET /api/analytics/inspection-priorities the steering panel uses. */
export type InspectionAnswer = Pick<InspectionPrioritiesAnswer, 'asOf' | 'visits' | 'picks'> &
  Partial<Pick<InspectionPrioritiesAnswer, 'places'>>;

/** The fields of GET /api/analytics/mediation-allocation the steering panel uses. */
export type MediationAnswer = Pick<MediationAllocationAnswer, 'mediators' | 'uncovered'> &
  Partial<Pick<MediationAllocationAnswer, 'names'>>;

/** Enterprise names by id (the fields of GET /api/map/enterprises the rows use). */
export type SiteNames = Pick<EnterprisesAnswer, 'ids' | 'names'>;

export interface InspectionRow {
  rank: number;
  kind: string;
  id: string;
  name: string;
  score: number;
  random: boolean;
  /** The score's parts (points), which add up to it. */
  parts: ScoreParts;
  /** What the inspector wrote about a free hazard site, if anything. */
  description: string | null;
}

/**
 * The inspection priority list as table rows: ranked as the engine ranked them, enterprises by
 * name, free hazard sites by their place (grid, nearest enterprise) in the user's words.
 * @example inspectionRows({ asOf, visits: 1, picks: [{ id: '7', kind: 'enterprise', score: 3, parts, reason: 'score' }] }, { ids: [7], names: ['甲厂'] }, t)
 * // → [{ rank: 1, kind: 'enterprise', id: '7', name: '甲厂', score: 3, random: false, parts, description: null }]
 */
export function inspectionRows(answer: InspectionAnswer, names: SiteNames | null, t: Translate): InspectionRow[] {
  const byId = new Map<string, string>();
  if (names) names.ids.forEach((id, i) => byId.set(String(id), names.names[i] ?? ''));
  return answer.picks.map((p, i) => {
    const place = p.kind === 'hazard_site' ? answer.places?.[p.id] : undefined;
    const name =
      p.kind === 'enterprise'
        ? (byId.get(p.id) ?? t('cmd.site.enterprise', { id: p.id }))
        : place
          ? place.near
            ? t('cmd.site.hazardNear', {
                grid: place.grid,
                community: place.community ?? '',
                near: place.near.name,
                metres: place.near.metres
              })
            : t('cmd.site.hazardIn', { grid: place.grid, community: place.community ?? '' })
          : t('cmd.site.hazard', { id: p.id.replace(/^h/, '') });
    return {
      rank: i + 1,
      kind: p.kind,
      id: p.id,
      name,
      score: p.score,
      random: p.reason === 'random-check',
      parts: p.parts,
      description: place?.description ?? null
    };
  });
}

/** A score's parts in the user's words, e.g. "风险等级 8 + 隐患 2 + 逾期 0 + 久未检查 1 + 事故 0". */
export function scorePartsText(parts: ScoreParts, t: Translate): string {
  const n = (v: number) => String(Number(v.toFixed(2)));
  return t('cmd.scoreParts', {
    riskClass: n(parts.riskClass),
    hazards: n(parts.hazards),
    overdue: n(parts.overdue),
    staleness: n(parts.staleness),
    incidents: n(parts.incidents)
  });
}

export interface MediationRow {
  mediatorId: string;
  /** The mediator's display name (the id when the answer has none). */
  mediator: string;
  areaCode: string;
  /** The area's name (its code when the answer has none). */
  area: string;
  cases: number;
  costPerCase: number;
}

/** The mediation allocation as one row per mediator and area, in the engine's order, named as people read them. */
export function mediationRows(answer: MediationAnswer): MediationRow[] {
  return answer.mediators.flatMap((m) =>
    m.assignments.map((a) => ({
      mediatorId: m.id,
      mediator: answer.names?.mediators[m.id] ?? m.id,
      areaCode: a.areaCode,
      area: answer.names?.areas[a.areaCode] ?? a.areaCode,
      cases: a.cases,
      costPerCase: a.costPerCase
    }))
  );
}
