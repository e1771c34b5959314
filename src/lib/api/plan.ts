/**
 * The grid planner's endpoints (/api/plan/:code…): the path code, the save body, the import query,
 * their answers and refusals, and client functions. Browser-safe (zod and types only).
 */
import { z } from 'zod';
import type { FeatureCollection, Geometry, MultiPolygon, Position } from 'geojson';
import type { ProblemKind, WORKLOAD_THRESHOLDS } from '../domain/plan-config';
import type { PlanInputReason } from '../geo/parse-plan-geojson';
import { apiPath, requestJson, type FetchFn } from './common';

/** A community code (its children are grids): the `:code` of every /api/plan path. */
export const communityCode = z
  .string()
  .regex(
    /^[0-9]{6}-[0-9]{3}-[0-9]{3}$/,
    'must be the code of a community such as 370105-008-001 (its grids are planned)'
  );

/** The body of POST /api/plan/:code; `children` is read by parsePlanGeoJson (src/lib/geo). */
export const planSaveBody = z.strictObject({
  baseRevision: z.number({ message: 'must be the revision your edit started from (a number)' }).int().min(0),
  children: z.unknown()
});
export type PlanSaveBody = z.input<typeof planSaveBody>;

/** POST /api/plan/:code/geojson?dryRun=&baseRevision= (body: the GeoJSON file). */
export const planImportQuery = z
  .strictObject({
    dryRun: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
    baseRevision: z.coerce
      .number({ message: 'must be the revision the import replaces (a number)' })
      .int()
      .min(0)
      .optional()
  })
  .refine((q) => q.dryRun === 'true' || q.baseRevision !== undefined, {
    message: 'an import that writes (dryRun=false) needs the revision it replaces',
    path: ['baseRevision']
  });
/** The import query as a client gives it. */
export type PlanImportQuery = { dryRun?: 'true' | 'false'; baseRevision?: number };

/** The parent of a plan: a community (its children are grids), as the caller sees it. */
export interface PlanParent {
  id: number;
  code: string;
  name: string;
  level: string;
  /** Outer rings counter-clockwise, 7 decimals. */
  geometry: MultiPolygon;
}

/** Properties of a child grid in a plan. */
export interface PlanChildProperties {
  id: number;
  code: string;
  name: string;
  households: number;
  /** First day of the grid's current version, YYYY-MM-DD. */
  validFrom: string;
}

/** A community's current grids as GeoJSON (GET /api/plan/:code/geojson and `children` of GET /api/plan/:code). */
export type PlanChildren = FeatureCollection<MultiPolygon, PlanChildProperties>;

/** One accepted save of the parent's children. */
export interface PlanRevisionEntry {
  revision: number;
  savedAt: string;
  /** YYYY-MM-DD, China Standard Time. */
  savedOn: string;
  username: string | null;
  closedCodes: string[];
  addedCodes: string[];
}

/** Workload of one grid. */
export interface GridWorkload {
  households: number;
  /**
   * Open petition cases: the current grids' counts apportioned by the share of each grid's area
   * the draft covers (migration 0012) — an estimate where a draft cuts a grid, exact where it
   * equals one; null below the minimum grid area.
   */
  openCases: number | null;
  enterprises: { red: number; orange: number; yellow: number; blue: number };
  openHazards: number;
  inspectionsDue: number;
}

/** One problem found in a proposal. */
export interface PlanProblem {
  kind: ProblemKind;
  /** Positions (0-based) of the grids involved in the submission. */
  features: number[];
  /** m² of the problem's area (0 for an invalid point). */
  areaM2: number;
  /** A point to zoom to, [lon, lat]. */
  at: Position;
  /** What is wrong, in the user's language, naming the grids by their labels. */
  message: string;
  geometry: Geometry;
}

/** The outcome of a validation. */
export interface PlanValidation {
  ok: boolean;
  problems: PlanProblem[];
  /** Area of each submitted grid, m², in submission order (null where invalid). */
  areasM2: (number | null)[];
}

/** Facts per table (enterprise, hazard, incident, petition_case, inspection). */
export type FactCounts = Record<string, number>;

/** A grid a save created. */
export interface AddedGrid {
  id: number;
  code: string;
  name: string;
  households: number;
  /** Facts reassigned to it. */
  facts: number;
}

/** What a save did: the answer of POST /api/plan/:code. */
export interface PlanSaveResult {
  revision: number;
  changed: boolean;
  savedOn: string;
  closed: { id: number; code: string }[];
  added: AddedGrid[];
  /** Facts in the parent's grids before and after (equal, or the save is refused). */
  before: FactCounts;
  after: FactCounts;
  /** Facts of the closed grids, and how many rows were reassigned. */
  inClosedGrids: number;
  reassigned: number;
}

/** The answer of GET /api/plan/:code. */
export interface PlanAnswer {
  parent: PlanParent;
  children: PlanChildren;
  /** Per child, in the order of `children`. */
  workload: GridWorkload[];
  /** The revision a save must start from. */
  revision: number;
  history: PlanRevisionEntry[];
  thresholds: typeof WORKLOAD_THRESHOLDS;
}

/** The answer of POST /api/plan/:code/validate: the check, and the workload unless a grid is invalid. */
export type PlanValidateAnswer = PlanValidation & { workload: GridWorkload[] | null };

/** The answer of POST /api/plan/:code/geojson: a dry run's check, or what the save did. */
export type PlanImportAnswer =
  { dryRun: true; ok: true; features: number; areasM2: (number | null)[] } | ({ dryRun: false } & PlanSaveResult);

/** Why a proposal was refused (`reason` of a refusal of the /api/plan endpoints). */
export type PlanRefusalReason = PlanInputReason | 'stale-revision' | 'invalid-plan' | 'bad-code' | 'busy' | 'timeout';

/**
 * The body of a refused proposal (4xx): the message and reason, and what the reason adds —
 * the offending feature (GeoJSON refused, 4xx), the current revision and the saves since (412),
 * the problems (422).
 */
export type PlanRefusal =
  | { message: string; reason: PlanInputReason; feature: number | null }
  | { message: string; reason: 'stale-revision'; revision: number; changes: PlanRevisionEntry[] }
  | { message: string; reason: 'invalid-plan' | 'bad-code'; problems: PlanProblem[] }
  | { message: string; reason: 'busy' | 'timeout' };

const planPath = (code: string, tail = '') => `/api/plan/${encodeURIComponent(code)}${tail}`;

/** A community's outline, grids, workload, revision and history (GET /api/plan/:code). */
export function getPlan(code: string, fetchFn: FetchFn = fetch, signal?: AbortSignal): Promise<PlanAnswer> {
  return requestJson(planPath(code), { signal }, fetchFn);
}

/** Check a draft, writing nothing (POST /api/plan/:code/validate); refusals carry a {@link PlanRefusal}. */
export function validatePlanOnServer(
  code: string,
  children: FeatureCollection,
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<PlanValidateAnswer> {
  return requestJson(
    planPath(code, '/validate'),
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(children), signal },
    fetchFn
  );
}

/** Save the complete new set of grids (POST /api/plan/:code); refusals carry a {@link PlanRefusal}. */
export function savePlanGrids(code: string, body: PlanSaveBody, fetchFn: FetchFn = fetch): Promise<PlanSaveResult> {
  return requestJson(
    planPath(code),
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    fetchFn
  );
}

/** Import a GeoJSON file as the grids (POST /api/plan/:code/geojson); a dry run by default. */
export function importPlanGeoJson(
  code: string,
  file: string,
  query: PlanImportQuery = {},
  fetchFn: FetchFn = fetch
): Promise<PlanImportAnswer> {
  return requestJson(
    apiPath(planPath(code, '/geojson'), query),
    { method: 'POST', headers: { 'content-type': 'application/geo+json' }, body: file },
    fetchFn
  );
}

/** The download link of a community's grids as a GeoJSON file (GET /api/plan/:code/geojson). */
export function planGeoJsonPath(code: string): string {
  return planPath(code, '/geojson');
}
