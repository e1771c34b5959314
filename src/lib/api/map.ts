/**
 * The command map's endpoints (/api/map/…): query schemas, answer types and client functions.
 * Browser-safe (zod and types only).
 */
import { z } from 'zod';
import { HAZARD_LEVELS, HAZARD_STATUSES } from '../core/vocabulary';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { apiPath, getApi, requestJson, type AreaRef, type FetchFn } from './common';
import { areaCode, day, fromNotAfterTo, payloadFormat, spanAtMost, withWindow } from './params';

/** An area on the command map's breadcrumb. */
export interface AreaCrumb {
  code: string;
  name: string;
  level: 'district' | 'subdistrict' | 'community' | 'grid';
}

/** Properties of a child area drawn by the command map. */
export interface ChildAreaProperties extends AreaCrumb {
  households: number;
  /** [lon, lat] of a point inside the area, for its label. */
  label: [number, number];
}

/** One area as the command map shows it: where it is, how to get back up, and its children. */
export interface AreaView {
  area: AreaCrumb & { id: number; households: number; bbox: [number, number, number, number] };
  /** Ancestors the caller may see, from the top down (the area itself excluded). */
  path: AreaCrumb[];
  /** The area's current children with 6-decimal outlines; a grid has none, so its own outline is returned. */
  children: FeatureCollection<MultiPolygon, ChildAreaProperties>;
}

/** Properties of a grid cell on the map. */
export interface GridProperties {
  id: number;
  code: string;
  name: string;
  households: number;
}

/** Properties of an outline feature (district and sub-districts) with a label point. */
export interface OutlineProperties {
  id: number;
  level: 'district' | 'subdistrict';
  name: string;
  /** [lon, lat] of a point inside the area for its label. */
  label: [number, number];
}

/** Hazard statuses in the order of their index in the hazard columns. */
export const HAZARD_COLUMN_STATUSES = HAZARD_STATUSES;
/** Hazard levels in the order of their index in the hazard columns. */
export const HAZARD_COLUMN_LEVELS = HAZARD_LEVELS;

/**
 * Hazard sites as columns: the shape the map's hazard layer takes, plus the day rectified (days are
 * day numbers, -1 when missing).
 */
export interface HazardColumns {
  count: number;
  ids: number[];
  /** Flat [lon0, lat0, …], degrees, 6 decimals. */
  positions: number[];
  level: number[];
  status: number[];
  foundDay: number[];
  deadlineDay: number[];
  rectifiedDay: number[];
}

/**
 * Petition cases as columns for the map's point layers: place, day received and weight only — no
 * person, no free text. Day numbers count days since 1970-01-01 in China Standard Time.
 */
export interface PetitionColumns {
  count: number;
  /** Flat [lon0, lat0, …], degrees, 5 decimals (≈1 m: a place, not a door). */
  positions: number[];
  receivedDay: number[];
  /** 1 for a case by fewer than 5 people, its group size (capped at 50) otherwise. */
  weight: number[];
  /** 1 while the case is open (not resolved or closed), else 0. */
  open: number[];
}

/** Key enterprises as columns: the shape the map's enterprise layer takes. */
export interface EnterpriseColumns {
  count: number;
  ids: number[];
  /** Flat [lon0, lat0, lon1, lat1, …], degrees, 6 decimals. */
  positions: number[];
  /** Index into RISK_CLASSES per enterprise. */
  riskClass: number[];
  /** Index into INDUSTRIES per enterprise. */
  industry: number[];
  names: string[];
}

/** Events per day in an area's subtree, as columns (one entry per day of the window). */
export interface EventTimeline {
  /** First day of the window (YYYY-MM-DD); entry i is that day + i. */
  from: string;
  days: number;
  petitions: number[] | null;
  incidents: number[];
  hazards: number[];
  /** Sensitive periods overlapping the window, clipped to it. */
  sensitivePeriods: { name: string; from: string; to: string; multiplier: number }[];
}

/** GET /api/map/areas?area= */
export const areaViewQuery = z.strictObject({ area: areaCode });
export type AreaViewQuery = z.input<typeof areaViewQuery>;
/** The answer of GET /api/map/areas. */
export type AreaViewAnswer = AreaView;

/** GET /api/map/grids[?within=][&asOf=] */
export const gridsQuery = z.strictObject({
  within: z.coerce
    .number({ message: 'must be an area id (a positive integer)' })
    .int()
    .positive()
    .max(2 ** 53)
    .optional(),
  /** The boundaries of this day (default: the current ones). */
  asOf: day.optional()
});
export type GridsQuery = z.input<typeof gridsQuery>;
/** The answer of GET /api/map/grids. */
export type GridsAnswer = FeatureCollection<MultiPolygon, GridProperties>;

/** GET /api/map/district and /api/map/enterprises take no parameters. */
export const noQuery = z.strictObject({});
/** The answer of GET /api/map/district. */
export type DistrictAnswer = FeatureCollection<MultiPolygon, OutlineProperties>;
/** The answer of GET /api/map/enterprises: the columns and the vocabularies their indexes point into. */
export type EnterprisesAnswer = EnterpriseColumns & { riskClasses: readonly string[]; industries: readonly string[] };

/** GET /api/map/hazards[?from=&to=][&format=json|bin]; `window` is the days half-open. */
export const mapHazardsQuery = z
  .strictObject({ from: day.optional(), to: day.optional(), format: payloadFormat })
  .refine((q) => (q.from === undefined) === (q.to === undefined), {
    message: 'give both "from" and "to", or neither',
    path: ['to']
  })
  .refine((q) => q.from === undefined || q.from <= q.to!, { message: '"from" must not be after "to"', path: ['from'] })
  .transform((q) => ({ ...q, window: q.from && q.to ? withWindow({ from: q.from, to: q.to }).window : undefined }));
export type MapHazardsQuery = z.input<typeof mapHazardsQuery>;
/** The JSON answer of GET /api/map/hazards: the columns and the vocabularies their indexes point into. */
export type MapHazardsAnswer = HazardColumns & { levels: readonly string[]; statuses: readonly string[] };

/** GET /api/map/petitions?from=&to=[&format=json|bin]; `window` is the days half-open. */
export const mapPetitionsQuery = z
  .strictObject({ from: day, to: day, format: payloadFormat })
  .refine(...fromNotAfterTo)
  .refine(...spanAtMost(5))
  .transform(withWindow);
export type MapPetitionsQuery = z.input<typeof mapPetitionsQuery>;
/** The JSON answer of GET /api/map/petitions. */
export type MapPetitionsAnswer = PetitionColumns & { from: string; to: string };

/** GET /api/map/timeline?area=&from=&to=; `window` is the days half-open. */
export const timelineQuery = z
  .strictObject({ area: areaCode, from: day, to: day })
  .refine(...fromNotAfterTo)
  .refine(...spanAtMost(5))
  .transform(withWindow);
export type TimelineQuery = z.input<typeof timelineQuery>;
/** The answer of GET /api/map/timeline. */
export type TimelineAnswer = { area: AreaRef } & EventTimeline;

/** The area, its breadcrumb and its children's outlines (GET /api/map/areas). */
export function getAreaView(
  params: AreaViewQuery,
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<AreaViewAnswer> {
  return getApi('/api/map/areas', params, signal, fetchFn);
}

/** Grid cells as GeoJSON (GET /api/map/grids). */
export function getGrids(
  params: GridsQuery = {},
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<GridsAnswer> {
  return getApi('/api/map/grids', params, signal, fetchFn);
}

/** District and sub-district outlines (GET /api/map/district). */
export function getDistrict(fetchFn: FetchFn = fetch, signal?: AbortSignal): Promise<DistrictAnswer> {
  return requestJson(apiPath('/api/map/district'), { signal }, fetchFn);
}

/** Key enterprises as columns (GET /api/map/enterprises). */
export function getEnterprises(fetchFn: FetchFn = fetch, signal?: AbortSignal): Promise<EnterprisesAnswer> {
  return requestJson(apiPath('/api/map/enterprises'), { signal }, fetchFn);
}

/** Hazard sites as JSON columns (GET /api/map/hazards without format=bin). */
export function getMapHazards(
  params: Omit<MapHazardsQuery, 'format'> = {},
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<MapHazardsAnswer> {
  return getApi('/api/map/hazards', params, signal, fetchFn);
}

/** Petition cases as JSON columns (GET /api/map/petitions without format=bin). */
export function getMapPetitions(
  params: Omit<MapPetitionsQuery, 'format'>,
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<MapPetitionsAnswer> {
  return getApi('/api/map/petitions', params, signal, fetchFn);
}

/** Events per day and the sensitive periods of a window (GET /api/map/timeline). */
export function getTimeline(
  params: TimelineQuery,
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<TimelineAnswer> {
  return getApi('/api/map/timeline', params, signal, fetchFn);
}
