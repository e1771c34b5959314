import { empiricalBayesRates } from './empirical-bayes-rates';

/** What the score of one area is made of (counts in the chosen window or at its end). */
export interface RiskInputs {
  code: string;
  name: string;
  households: number;
  enterprises: { red: number; orange: number; yellow: number; blue: number };
  openHazards: { general: number; major: number };
  /** Sum over open hazards of days past the deadline, each capped at `overdueCapDays`. */
  overdueDays: { general: number; major: number };
  incidents: { serious: number; minor: number; near_miss: number };
  /** Petition pressure; null when the caller's role may not read petition cases. */
  petitions: { new: number; backlog: number; group: number; repeat: number; escalated: number } | null;
}

/** Weights of the score's parts. Defaults below; all are configuration. */
export interface RiskWeights {
  hazard: { general: number; major: number };
  overduePerDay: { general: number; major: number };
  enterprise: { red: number; orange: number; yellow: number; blue: number };
  incidentSeverity: { serious: number; minor: number; near_miss: number };
  incident: number;
  petition: { new: number; backlog: number; group: number; repeat: number; escalated: number };
}

/**
 * Defaults: a major hazard weighs 5 general ones; each overdue day adds 0.05 (general) or 0.2
 * (major); enterprises by four-colour class 3 / 1.5 / 0.5 / 0.1; incidents weighted by severity
 * 10 / 2 / 0.2 (serious / minor / near miss) then smoothed by empirical Bayes; petitions: new 0.5,
 * backlog 1, group 2, repeat 1, escalated 3.
 */
export const DEFAULT_RISK_WEIGHTS: RiskWeights = {
  hazard: { general: 1, major: 5 },
  overduePerDay: { general: 0.05, major: 0.2 },
  enterprise: { red: 3, orange: 1.5, yellow: 0.5, blue: 0.1 },
  incidentSeverity: { serious: 10, minor: 2, near_miss: 0.2 },
  incident: 1,
  petition: { new: 0.5, backlog: 1, group: 2, repeat: 1, escalated: 3 }
};

/** One explained part of a score. */
export interface RiskPart {
  id: 'hazards' | 'overdue' | 'enterprises' | 'incidents' | 'petitions';
  value: number;
  /** The numbers and weights the value came from. */
  detail: Record<string, number | null>;
  /** False when the part was not available (petitions for roles that may not read them). */
  available: boolean;
}

export interface RiskScore {
  code: string;
  name: string;
  /** Sum of the parts × multiplier. */
  score: number;
  parts: RiskPart[];
  /** Sensitive-period multiplier applied to the sum (1 outside sensitive periods). */
  multiplier: number;
  /** Score per 1,000 households; null when the area has none. */
  perThousandHouseholds: number | null;
  /** Score per key enterprise; null when the area has none. */
  perEnterprise: number | null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const dot = <K extends string>(counts: Record<K, number>, weights: Record<K, number>) =>
  (Object.keys(weights) as K[]).reduce((s, k) => s + counts[k] * weights[k], 0);

/**
 * Explainable risk scores for sibling areas (e.g. the sub-districts of the district): a weighted
 * sum of open hazards, days overdue, enterprises by risk class, incidents (empirical-Bayes smoothed
 * per 1,000 households across the given areas, so a tiny area with one event is not the worst), and
 * petition pressure, times the sensitive-period multiplier. Every part is returned with its inputs.
 *
 * @param areas inputs per area; the smoothing pools exactly these areas
 * @param options weights (default DEFAULT_RISK_WEIGHTS) and the sensitive-period multiplier (≥ 1)
 * @returns scores in input order
 */
export function computeRiskScores(
  areas: readonly RiskInputs[],
  options: { weights?: RiskWeights; multiplier?: number } = {}
): RiskScore[] {
  const w = options.weights ?? DEFAULT_RISK_WEIGHTS;
  const multiplier = options.multiplier ?? 1;
  if (!(multiplier >= 1) || !Number.isFinite(multiplier))
    throw new Error(`multiplier is ${multiplier}: it must be a finite number ≥ 1`);
  const severity = areas.map((a) => dot(a.incidents, w.incidentSeverity));
  const exposure = areas.map((a) => a.households / 1000);
  const smoothed = empiricalBayesRates(severity, exposure);
  return areas.map((a, i) => {
    const enterprises = a.enterprises.red + a.enterprises.orange + a.enterprises.yellow + a.enterprises.blue;
    const incidentsExpected = smoothed[i]!.rate * exposure[i]!;
    const parts: RiskPart[] = [
      {
        id: 'hazards',
        available: true,
        value: round(dot(a.openHazards, w.hazard)),
        detail: { ...a.openHazards, weightGeneral: w.hazard.general, weightMajor: w.hazard.major }
      },
      {
        id: 'overdue',
        available: true,
        value: round(dot(a.overdueDays, w.overduePerDay)),
        detail: {
          daysGeneral: a.overdueDays.general,
          daysMajor: a.overdueDays.major,
          perDayGeneral: w.overduePerDay.general,
          perDayMajor: w.overduePerDay.major
        }
      },
      {
        id: 'enterprises',
        available: true,
        value: round(dot(a.enterprises, w.enterprise)),
        detail: { ...a.enterprises }
      },
      {
        id: 'incidents',
        available: true,
        value: round(incidentsExpected * w.incident),
        detail: {
          ...a.incidents,
          severityWeighted: round(severity[i]!),
          smoothedPerThousandHouseholds: round(smoothed[i]!.rate),
          shrinkageWeight: round(smoothed[i]!.weight)
        }
      },
      a.petitions
        ? { id: 'petitions', available: true, value: round(dot(a.petitions, w.petition)), detail: { ...a.petitions } }
        : { id: 'petitions', available: false, value: 0, detail: {} }
    ];
    const score = round(parts.reduce((s, p) => s + p.value, 0) * multiplier);
    return {
      code: a.code,
      name: a.name,
      score,
      parts,
      multiplier,
      perThousandHouseholds: a.households > 0 ? round(score / (a.households / 1000)) : null,
      perEnterprise: enterprises > 0 ? round(score / enterprises) : null
    };
  });
}
