/**
 * Pyramid tiers and reference pyramids: the defaults of the `pyramids` section of the analytics
 * configuration (config/analytics.json, ANALYTICS_CONFIG; docs/analytics.md), which replaces them. Counts are keyed by tier id; a
 * reference gives the expected count of each tier it covers, relative to its own top tier.
 *
 * Safety tiers (top to base): serious event (death or serious injury), minor injury, near miss /
 * no-injury event, open hazards. Stability tiers: mass incident (群体性事件), group or escalated
 * petition (集体访/越级访), individual petition, dispute found by screening (排查).
 *
 * References (DESIGN.md):
 * - Heinrich 1931: 1 major injury : 29 minor injuries : 300 no-injury accidents.
 * - Bird 1969 (1,753,498 accidents, 297 companies): 1 serious or disabling : 10 minor : 30 property
 *   damage : 600 near misses. Property damage is not recorded here, so that tier is not compared.
 * - ConocoPhillips 2003: 1 fatality : 30 lost-workday cases : 300 recordable injuries : 3,000 near
 *   misses : 300,000 at-risk behaviours. Fatalities and lost-workday cases together are our
 *   "serious" tier (31), at-risk behaviours are compared with open hazards.
 */
export interface ReferencePyramid {
  id: string;
  name: string;
  /** Expected count per tier id, relative to the reference's top tier. */
  expected: Readonly<Record<string, number>>;
}

/** Under-reporting check: `lower` per `upper` far below what `reference` expects. */
export interface ThinBaseRule {
  upper: string;
  lower: string;
  reference: string;
  /** Flag when the observed ratio is below this share of the reference ratio. */
  factor: number;
  /** Do not judge with fewer than this many events in the upper tier. */
  minUpper: number;
}

export interface PyramidConfig {
  domain: 'safety' | 'stability';
  /** Tier ids, top (rarest, most severe) first. */
  tiers: readonly string[];
  references: readonly ReferencePyramid[];
  thinBase: ThinBaseRule | null;
}

export const SAFETY_PYRAMID: PyramidConfig = {
  domain: 'safety',
  tiers: ['serious', 'minor', 'near_miss', 'open_hazard'],
  references: [
    { id: 'heinrich', name: 'Heinrich 1931', expected: { serious: 1, minor: 29, near_miss: 300 } },
    { id: 'bird', name: 'Bird 1969', expected: { serious: 1, minor: 10, near_miss: 600 } },
    {
      id: 'conocophillips',
      name: 'ConocoPhillips 2003',
      expected: { serious: 31, minor: 300, near_miss: 3000, open_hazard: 300000 }
    }
  ],
  thinBase: { upper: 'minor', lower: 'near_miss', reference: 'heinrich', factor: 0.25, minUpper: 3 }
};

export const STABILITY_PYRAMID: PyramidConfig = {
  domain: 'stability',
  tiers: ['mass_incident', 'group_or_escalated', 'individual', 'screening'],
  // No published reference ratios exist for petitions; the shape is shown without a comparison.
  references: [],
  thinBase: null
};
