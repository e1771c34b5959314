/**
 * The analytics engine's configuration: risk weights, the sensitive-period multiplier rule, the
 * pyramid tier sets with their reference pyramids, and the inspection-priority weights. Read once
 * from a JSON file (ANALYTICS_CONFIG, default `config/analytics.json`), validated with zod; a
 * section left out takes its documented default (docs/analytics.md). A bad file stops start-up
 * with one line naming the file and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { RISK_CLASSES, SENSITIVE_PERIOD_KINDS } from '../core/vocabulary';
import { DEFAULT_RISK_WEIGHTS, type RiskWeights } from '../domain/compute-risk-scores';
import { SAFETY_PYRAMID, STABILITY_PYRAMID, type PyramidConfig } from '../domain/pyramid-config';
import {
  DEFAULT_PRIORITY_WEIGHTS,
  FREE_HAZARD_SITE_CLASS,
  type OpenHazard,
  type PriorityWeights,
  type RiskClass
} from '../domain/rank-inspection-priorities';
import { StartupError } from './db/startup-error';
import { readConfig } from './config';

/** Tier ids the SQL counts of each domain provide (src/lib/server/queries/pyramid.ts). */
export const TIERS_BY_DOMAIN = {
  safety: ['serious', 'minor', 'near_miss', 'open_hazard'],
  stability: ['mass_incident', 'group_or_escalated', 'individual', 'screening']
} as const;

/** Kinds of sensitive period (the sensitive_period.kind column). */
export const SENSITIVE_KINDS = SENSITIVE_PERIOD_KINDS;

export interface SensitivePeriodRule {
  /** A fixed multiplier per kind of period, replacing the period's own stored weight. */
  multiplierByKind: Partial<Record<(typeof SENSITIVE_KINDS)[number], number>>;
  /** The multiplier never exceeds this, however many periods overlap. */
  maxMultiplier: number;
}

export interface AnalyticsConfig {
  risk: { weights: RiskWeights; overdueCapDays: number };
  sensitivePeriod: SensitivePeriodRule;
  /** Tier sets by id (the pyramid endpoint's `domain` parameter). */
  pyramids: Record<string, PyramidConfig>;
  inspection: {
    weights: PriorityWeights;
    randomShare: number;
    freeHazardSiteClass: Record<OpenHazard['level'], RiskClass>;
    freeSiteRadiusMetres: number;
  };
}

/** The documented defaults (docs/analytics.md); config/analytics.json ships exactly these. */
export const DEFAULT_ANALYTICS_CONFIG: AnalyticsConfig = {
  risk: { weights: DEFAULT_RISK_WEIGHTS, overdueCapDays: 90 },
  sensitivePeriod: { multiplierByKind: {}, maxMultiplier: 3 },
  pyramids: { safety: SAFETY_PYRAMID, stability: STABILITY_PYRAMID },
  inspection: {
    weights: DEFAULT_PRIORITY_WEIGHTS,
    randomShare: 0.1,
    freeHazardSiteClass: FREE_HAZARD_SITE_CLASS,
    freeSiteRadiusMetres: 50
  }
};

const weight = z
  .number({ message: 'must be a number' })
  .finite()
  .min(0, 'must be 0 or more')
  .max(1e6, 'must be at most 1,000,000');
const levels = z.strictObject({ general: weight, major: weight });
const classes = z.strictObject({ red: weight, orange: weight, yellow: weight, blue: weight });
const riskClass = z.enum(RISK_CLASSES, { message: 'must be red, orange, yellow or blue' });
const multiplier = z.number({ message: 'must be a number' }).min(1, 'must be at least 1').max(10, 'must be at most 10');

const riskWeights = z.strictObject({
  hazard: levels,
  overduePerDay: levels,
  enterprise: classes,
  incidentSeverity: z.strictObject({ serious: weight, minor: weight, near_miss: weight }),
  incident: weight,
  petition: z.strictObject({ new: weight, backlog: weight, group: weight, repeat: weight, escalated: weight })
});

const id = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be a lower-case id such as "heinrich" (letters, digits, _ or -)');

const pyramid = z
  .strictObject({
    domain: z.enum(['safety', 'stability'], {
      message: 'must be "safety" or "stability" (which counts the tiers come from)'
    }),
    tiers: z.array(z.string()).min(2, 'must list at least two tiers, top first'),
    references: z.array(
      z.strictObject({
        id,
        name: z.string().min(1).max(80),
        expected: z.record(z.string(), z.number().finite().positive('must be above 0'))
      })
    ),
    thinBase: z
      .strictObject({
        upper: z.string(),
        lower: z.string(),
        reference: z.string(),
        factor: z.number().gt(0, 'must be above 0').max(1, 'must be at most 1'),
        minUpper: z.number().int().min(1).max(1e6)
      })
      .nullable()
  })
  .superRefine((p, ctx) => {
    const known: readonly string[] = TIERS_BY_DOMAIN[p.domain];
    p.tiers.forEach((t, i) => {
      if (!known.includes(t))
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', i],
          message: `unknown tier "${t}": ${p.domain} tiers are ${known.join(', ')}`
        });
      if (p.tiers.indexOf(t) !== i)
        ctx.addIssue({ code: 'custom', path: ['tiers', i], message: `tier "${t}" is listed twice` });
    });
    const refIds = new Set<string>();
    p.references.forEach((r, i) => {
      if (refIds.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['references', i, 'id'], message: `reference "${r.id}" is listed twice` });
      refIds.add(r.id);
      for (const t of Object.keys(r.expected)) {
        if (!p.tiers.includes(t))
          ctx.addIssue({
            code: 'custom',
            path: ['references', i, 'expected', t],
            message: `"${t}" is not one of this pyramid's tiers (${p.tiers.join(', ')})`
          });
      }
    });
    const tb = p.thinBase;
    if (tb) {
      const ref = p.references.find((r) => r.id === tb.reference);
      if (!ref)
        ctx.addIssue({
          code: 'custom',
          path: ['thinBase', 'reference'],
          message: `no reference "${tb.reference}" in this pyramid`
        });
      for (const key of ['upper', 'lower'] as const) {
        if (!p.tiers.includes(tb[key]))
          ctx.addIssue({
            code: 'custom',
            path: ['thinBase', key],
            message: `"${tb[key]}" is not one of this pyramid's tiers`
          });
        else if (ref && ref.expected[tb[key]] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['thinBase', key],
            message: `reference "${ref.id}" has no expected count for "${tb[key]}"`
          });
      }
      if (p.tiers.indexOf(tb.upper) >= p.tiers.indexOf(tb.lower))
        ctx.addIssue({ code: 'custom', path: ['thinBase', 'lower'], message: 'must be a tier below "upper"' });
    }
  });

const schema = z.strictObject({
  $comment: z.string().optional(),
  risk: z
    .strictObject({
      weights: riskWeights,
      overdueCapDays: z.number().int().min(1, 'must be at least 1').max(3650, 'must be at most 3650')
    })
    .default(DEFAULT_ANALYTICS_CONFIG.risk),
  sensitivePeriod: z
    .strictObject({
      multiplierByKind: z.partialRecord(
        z.enum(SENSITIVE_KINDS, { message: `must be one of ${SENSITIVE_KINDS.join(', ')}` }),
        multiplier
      ),
      maxMultiplier: multiplier
    })
    .default(DEFAULT_ANALYTICS_CONFIG.sensitivePeriod),
  pyramids: z
    .record(id, pyramid)
    .refine((r) => Object.keys(r).length > 0, 'must define at least one tier set')
    .default(DEFAULT_ANALYTICS_CONFIG.pyramids as never),
  inspection: z
    .strictObject({
      weights: z.strictObject({
        riskClass: classes,
        hazard: levels,
        overdueStepDays: z.number().int().min(1, 'must be at least 1').max(3650),
        overdueCapDays: z.number().int().min(0).max(3650),
        staleDays: z.number().int().min(1, 'must be at least 1').max(3650),
        incident: weight
      }),
      randomShare: z.number().min(0, 'must be between 0 and 0.5').max(0.5, 'must be between 0 and 0.5'),
      freeHazardSiteClass: z.strictObject({ general: riskClass, major: riskClass }),
      freeSiteRadiusMetres: z.number().gt(0, 'must be above 0').max(1000, 'must be at most 1000')
    })
    .default(DEFAULT_ANALYTICS_CONFIG.inspection)
});

/**
 * Parse and validate analytics configuration text.
 * @param source what to call the text in messages (the file path)
 * @throws StartupError `ANALYTICS_CONFIG (<source>): <field>: <problem>`
 */
export function parseAnalyticsConfig(text: string, source: string): AnalyticsConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new StartupError(`ANALYTICS_CONFIG (${source}): not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.join('.') : 'the file';
    throw new StartupError(
      `ANALYTICS_CONFIG (${source}): ${field}: ${issue.message} — fix the file or unset ANALYTICS_CONFIG for the defaults (docs/analytics.md)`
    );
  }
  const { $comment: _, ...config } = parsed.data;
  return config as AnalyticsConfig;
}

/**
 * Read the configuration file. A missing file is an error when it was named explicitly; the
 * default path may be absent (the built-in defaults apply).
 * @throws StartupError naming ANALYTICS_CONFIG, the file and the field
 */
export function loadAnalyticsConfig(path: string, explicit: boolean): AnalyticsConfig {
  if (!existsSync(path)) {
    if (explicit)
      throw new StartupError(
        `ANALYTICS_CONFIG (${path}): no such file — point it at a JSON file or unset it for the defaults`
      );
    return DEFAULT_ANALYTICS_CONFIG;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new StartupError(`ANALYTICS_CONFIG (${path}): cannot read it: ${(err as Error).message}`);
  }
  return parseAnalyticsConfig(text, path);
}

let cached: AnalyticsConfig | undefined;

/**
 * The process's analytics configuration, read once (at start-up from hooks.server.ts `init`, so a
 * bad file stops the app before it serves anything).
 * @throws StartupError on a bad file
 */
export function analyticsConfig(): AnalyticsConfig {
  if (!cached) {
    const { path, explicit } = readConfig().analyticsConfig;
    cached = loadAnalyticsConfig(path, explicit);
  }
  return cached;
}
