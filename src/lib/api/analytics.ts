/**
 * The analytics endpoints (/api/analytics/…): query schemas, answer types and client functions.
 * Browser-safe (zod and types only; the domain types are pure data).
 */
import { z } from 'zod';
import type { GrowingBase, Pyramid } from '../domain/compute-pyramid';
import type { RiskScore, RiskWeights } from '../domain/compute-risk-scores';
import type { GiStar } from '../domain/getis-ord-gi-star';
import type { EmergingPattern } from '../domain/classify-emerging-hotspot';
import type { LevelCosts, MediatorAllocation } from '../domain/allocate-mediators';
import type { InspectionPick, PriorityWeights } from '../domain/rank-inspection-priorities';
import { dayNumber } from '../core/dates';
import { getApi, type AreaRef, type FetchFn } from './common';
import { areaCode, day, fromNotAfterTo, month, parentAreaCode, spanAtMost, withWindow } from './params';

/** GET /api/analytics/pyramid?area=&domain=&from=&to=[&asOf=]; `window` is the days half-open. */
export const pyramidQuery = z
  .strictObject({
    area: areaCode,
    domain: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be the id of a tier set such as safety or stability'),
    from: day,
    to: day,
    /** Boundaries of this day (default: the current ones). */
    asOf: day.optional()
  })
  .refine(...fromNotAfterTo)
  .refine(...spanAtMost(10))
  .transform(withWindow);
export type PyramidQuery = z.input<typeof pyramidQuery>;

/** The answer of GET /api/analytics/pyramid. */
export interface PyramidAnswer {
  from: string;
  to: string;
  domain: string;
  asOf: string | null;
  area: AreaRef;
  pyramid: Pyramid;
  /** Safety only: overdue hazards now against a year before; null for other tier sets. */
  growingBase: GrowingBase | null;
  /** The configured nearest reference's expected counts (config/analytics.json). */
  nearestExpected: Record<string, number> | null;
}

/** GET /api/analytics/risk?area=&from=&to=; `window` is the days half-open. */
export const riskQuery = z
  .strictObject({ area: parentAreaCode, from: day, to: day })
  .refine(...fromNotAfterTo)
  .refine(...spanAtMost(10))
  .transform(withWindow);
export type RiskQuery = z.input<typeof riskQuery>;

/** The answer of GET /api/analytics/risk: the children's scores, highest first. */
export interface RiskAnswer {
  area: AreaRef;
  from: string;
  to: string;
  /** Names of the sensitive periods covering `to`, highest weight first. */
  sensitivePeriods: string[];
  multiplier: number;
  weights: RiskWeights;
  overdueCapDays: number;
  scores: RiskScore[];
}

/** GET /api/analytics/trends: monthly petitions or hazards, or daily-report compliance by day or grid. */
export const trendsQuery = z.discriminatedUnion('series', [
  z.strictObject({ series: z.literal('petitions'), area: areaCode, from: month, to: month }),
  z.strictObject({ series: z.literal('hazards'), area: areaCode, from: month, to: month }),
  z.strictObject({
    series: z.literal('daily-reports'),
    area: areaCode,
    from: day,
    to: day,
    by: z
      .enum(['day', 'grid'], { message: 'must be "day" (the area per day) or "grid" (each grid\'s days)' })
      .default('day')
  })
]);
export type TrendsQuery = z.input<typeof trendsQuery>;

/**
 * Petition figures of one calendar month in China Standard Time. "In month" means at or after
 * 00:00 CST on the first day and before 00:00 CST on the first day of the next month.
 */
export interface PetitionMonth {
  /** `'YYYY-MM'`. */
  month: string;
  /** Cases received in the month. */
  new: number;
  /** Cases accepted (受理) in the month. */
  accepted: number;
  /**
   * Cases closed in the month: status `resolved` or `closed_unresolved`, `closed_at` in the month.
   * This is what leaves the backlog.
   */
  closed: number;
  /** The part of `closed` with status `resolved` (办结, settled with a resolution method). */
  resolved: number;
  /**
   * Open cases at the start of the month: received before that instant and not closed before it.
   * `backlog_end = backlog_start + new − closed`, exactly.
   */
  backlog_start: number;
  /** Open cases at the end of the month (the start of the next), by the same rule. */
  backlog_end: number;
  /** Share 0…1 of the cases accepted in the month that were accepted within 15 days of receipt; null when none. */
  accepted_on_time_rate: number | null;
  /** Share 0…1 of the cases closed in the month closed within 60 days + extension of acceptance; null when none. */
  closed_on_time_rate: number | null;
  /** Share 0…1 of the cases closed in the month whose highest level was grid, community or sub-district (小事不出村); null when none. */
  closed_locally_rate: number | null;
  /** Share 0…1 of the cases received in the month that repeat an earlier case (`repeat_of_id` set); null when none. */
  repeat_rate: number | null;
  /** Share 0…1 of the cases received in the month that reached city, province or national level (越级); null when none. */
  escalation_rate: number | null;
}

/** Hazard figures of one calendar month. Hazard dates are China Standard Time days. */
export interface HazardMonth {
  /** `'YYYY-MM'`. */
  month: string;
  /** Hazards found in the month. */
  found: number;
  /** Hazards rectified in the month (`rectified_on` in the month). */
  rectified: number;
  /** Hazards open at the end of the month: found before the next month's first day and not rectified by then. */
  open_end: number;
  /** The part of `open_end` overdue on the month's last day (deadline before that day: docs/analytics.md, "Overdue"). */
  overdue_end: number;
}

/** Daily-report (零报告) compliance of an area on one day. */
export interface ComplianceDay {
  /** `'YYYY-MM-DD'`, China Standard Time. */
  day: string;
  /** Grids of the area in force that day (valid_from ≤ day, and valid_to after it or none). */
  grids: number;
  /** Of those, grids that filed their daily report for the day ("nothing to report" included). */
  reported: number;
  /** `reported / grids`, 0…1; null when the area had no grid that day. */
  share: number | null;
}

/** One grid's daily reports (零报告) over a window of days. */
export interface GridReportDays {
  id: number;
  code: string;
  name: string;
  /** Days of the window on which the grid was in force and filed its report. */
  reported: number;
  /** Days of the window on which the grid was in force and filed nothing. */
  missing: number;
  /**
   * One character per day of the window, first day first: `'1'` reported, `'0'` missing, `'.'` the
   * grid was not in force that day (created later or replaced earlier). Compact: a year is 365
   * characters per grid.
   */
  days: string;
}

/** A grid that has not filed its daily report for a day. */
export interface MissingReportGrid {
  id: number;
  code: string;
  name: string;
}

interface TrendsAnswerBase<S extends string, R> {
  series: S;
  from: string;
  to: string;
  area: AreaRef;
  rows: R[];
}
/** The answer of GET /api/analytics/trends, by series. */
export type TrendsAnswer =
  | TrendsAnswerBase<'petitions', PetitionMonth>
  | TrendsAnswerBase<'hazards', HazardMonth>
  | (TrendsAnswerBase<'daily-reports', ComplianceDay> & { by: 'day' })
  | (TrendsAnswerBase<'daily-reports', GridReportDays> & { by: 'grid' });

/** GET /api/analytics/hotspots; `window` is the days half-open. */
export const hotspotsQuery = z
  .strictObject({
    area: parentAreaCode,
    kind: z.enum(['petition', 'safety_incident', 'hazard']),
    from: day,
    to: day,
    neighbours: z.enum(['edge', 'distance']).default('edge'),
    metres: z.coerce.number().min(100).max(20_000).default(1000),
    fdr: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Time slices for the emerging-hotspot classes (0: no time analysis). */
    slices: z.coerce.number().int().min(0).max(24).default(0)
  })
  .refine(...fromNotAfterTo)
  .refine(...spanAtMost(5))
  .refine((q) => q.slices === 0 || (q.slices >= 3 && dayNumber(q.to) - dayNumber(q.from) + 1 >= q.slices * 7), {
    message: 'use 0, or at least 3 slices of at least 7 days each',
    path: ['slices']
  })
  .transform(withWindow);
export type HotspotsQuery = z.input<typeof hotspotsQuery>;

/** One grid of a hotspot analysis: its count, Gi* and (with slices) its emerging pattern. */
export type HotspotGrid = { id: number; count: number } & GiStar & { emerging?: EmergingPattern };

/** The answer of GET /api/analytics/hotspots. */
export interface HotspotsAnswer {
  area: AreaRef;
  kind: 'petition' | 'safety_incident' | 'hazard';
  from: string;
  to: string;
  neighbours: 'edge' | 'distance';
  fdr: boolean;
  slices: number;
  grids: HotspotGrid[];
}

/** GET /api/analytics/mediation-allocation?area=&by=grid|community */
export const mediationAllocationQuery = z.strictObject({
  area: parentAreaCode,
  by: z.enum(['grid', 'community']).default('grid')
});
export type MediationAllocationQuery = z.input<typeof mediationAllocationQuery>;
/** The answer of GET /api/analytics/mediation-allocation. */
export type MediationAllocationAnswer = {
  area: AreaRef;
  by: 'grid' | 'community';
  levelCosts: LevelCosts;
  /** What people read: mediators' display names by id, areas' names by code. */
  names: { mediators: Record<string, string>; areas: Record<string, string> };
} & MediatorAllocation;

/** Kinds of event the heat endpoint bins. */
export type HeatKind = 'petition' | 'hazard' | 'incident';

const bboxSchema = z
  .string()
  .transform((s) => s.split(',').map(Number))
  .refine((a) => a.length === 4 && a.every(Number.isFinite), 'must be four numbers: west,south,east,north (degrees)')
  .refine(
    (a) => a[0]! >= -180 && a[2]! <= 180 && a[1]! >= -90 && a[3]! <= 90,
    'longitudes must lie in −180…180 and latitudes in −90…90'
  )
  .refine((a) => a[0]! < a[2]! && a[1]! < a[3]!, 'west must be less than east and south less than north')
  .transform((a) => a as [number, number, number, number]);

/** GET /api/analytics/heat?kind=&bbox=w,s,e,n&zoom=&from=&to=; `window` is the days half-open. */
export const heatQuery = z
  .strictObject({
    kind: z.enum(['petition', 'hazard', 'incident']),
    bbox: bboxSchema,
    zoom: z.coerce.number().int().min(6).max(20),
    from: day,
    to: day
  })
  .refine(...fromNotAfterTo)
  .refine(...spanAtMost(10))
  .transform(withWindow);
export type HeatQuery = z.input<typeof heatQuery>;

/** Counts per square bin, as columns: bin (ix, iy) spans [x0 + ix·size, x0 + (ix+1)·size) × … (the map's heat layer takes this shape). */
export interface HeatBins {
  /** West and south edges of bin (0, 0), degrees. */
  x0: number;
  y0: number;
  /** Side of a bin, degrees. */
  size: number;
  ix: number[];
  iy: number[];
  n: number[];
}
/** The answer of GET /api/analytics/heat. */
export type HeatAnswer = { kind: HeatKind; zoom: number; from: string; to: string } & HeatBins;

/** GET /api/analytics/daily-reports?area=[&day=] */
export const dailyReportsQuery = z.strictObject({ area: areaCode, day: day.optional() });
export type DailyReportsQuery = z.input<typeof dailyReportsQuery>;
/** The answer of GET /api/analytics/daily-reports. */
export interface DailyReportsAnswer {
  area: AreaRef;
  day: string;
  grids: number;
  missing: MissingReportGrid[];
}

/** GET /api/analytics/inspection-priorities?area=&visits=&asOf=&randomShare=&seed= */
export const inspectionPrioritiesQuery = z.strictObject({
  area: areaCode,
  visits: z.coerce.number().int().min(1).max(500).default(20),
  asOf: day.optional(),
  randomShare: z.coerce.number().min(0).max(0.5).optional(),
  seed: z.coerce
    .number()
    .int()
    .nonnegative()
    .max(2 ** 31)
    .optional()
});
export type InspectionPrioritiesQuery = z.input<typeof inspectionPrioritiesQuery>;
/** The answer of GET /api/analytics/inspection-priorities. */
export interface InspectionPrioritiesAnswer {
  area: AreaRef;
  asOf: string;
  seed: number;
  visits: number;
  randomShare: number;
  weights: PriorityWeights;
  picks: InspectionPick[];
  /** Where each picked free hazard site is (by site id): such sites have no name of their own. */
  places: Record<string, HazardSitePlace>;
  /** How many sites were ranked. */
  sites: number;
}

/** Where a free hazard site is, as people name it: its grid and community, the nearest enterprise, the inspector's description. */
export interface HazardSitePlace {
  grid: string;
  community: string | null;
  /** The nearest enterprise within 500 m, with its distance in metres. */
  near: { name: string; metres: number } | null;
  /** What the inspector wrote when recording it (screened for personal data at entry). */
  description: string | null;
}

/** The Heinrich pyramid of an area (GET /api/analytics/pyramid). */
export function getPyramid(
  params: PyramidQuery,
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<PyramidAnswer> {
  return getApi('/api/analytics/pyramid', params, signal, fetchFn);
}

/** Explainable risk scores of an area's children (GET /api/analytics/risk). */
export function getRisk(params: RiskQuery, fetchFn: FetchFn = fetch, signal?: AbortSignal): Promise<RiskAnswer> {
  return getApi('/api/analytics/risk', params, signal, fetchFn);
}

/** Monthly trends or daily-report compliance (GET /api/analytics/trends). */
export function getTrends<Q extends TrendsQuery>(
  params: Q,
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<Extract<TrendsAnswer, { series: Q['series'] }>> {
  return getApi('/api/analytics/trends', params, signal, fetchFn);
}

/** Getis-Ord Gi* hotspots per grid (GET /api/analytics/hotspots). */
export function getHotspots(
  params: HotspotsQuery,
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<HotspotsAnswer> {
  return getApi('/api/analytics/hotspots', params, signal, fetchFn);
}

/** Open cases assigned to mediators (GET /api/analytics/mediation-allocation). */
export function getMediationAllocation(
  params: MediationAllocationQuery,
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<MediationAllocationAnswer> {
  return getApi('/api/analytics/mediation-allocation', params, signal, fetchFn);
}

/** Event counts binned for the zoom (GET /api/analytics/heat). */
export function getHeat(params: HeatQuery, fetchFn: FetchFn = fetch, signal?: AbortSignal): Promise<HeatAnswer> {
  return getApi('/api/analytics/heat', params, signal, fetchFn);
}

/** Grids without a daily report on a day (GET /api/analytics/daily-reports). */
export function getDailyReports(
  params: DailyReportsQuery,
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<DailyReportsAnswer> {
  return getApi('/api/analytics/daily-reports', params, signal, fetchFn);
}

/** The sites most worth a visit (GET /api/analytics/inspection-priorities). */
export function getInspectionPriorities(
  params: InspectionPrioritiesQuery,
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<InspectionPrioritiesAnswer> {
  return getApi('/api/analytics/inspection-priorities', params, signal, fetchFn);
}
