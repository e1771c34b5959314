/**
 * Petition cases (/api/petitions, /api/petitions/counts): query schemas, answer types and client
 * functions. Browser-safe (zod and types only).
 */
import { z } from 'zod';
import { getApi, type FetchFn } from './common';
import { day, fromNotAfterTo, spanAtMost, withWindow } from './params';
import { PETITION_STATUSES, type PetitionStatus } from '../core/vocabulary';

export { PETITION_STATUSES, type PetitionStatus } from '../core/vocabulary';

/** GET /api/petitions?status=&limit=&after= */
export const petitionsQuery = z.strictObject({
  status: z.enum(PETITION_STATUSES).optional(),
  limit: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(100),
  after: z.coerce
    .number({ message: 'must be a case id' })
    .int('must be a case id')
    .nonnegative('must be 0 or more')
    .max(2 ** 53, 'must be at most 9007199254740992')
    .default(0)
});
export type PetitionsQuery = z.input<typeof petitionsQuery>;

/** A petition case with its exact place (no personal data exists). Times are ISO 8601. */
export interface PetitionCase {
  id: number;
  received_at: string;
  channel: string;
  category: string;
  group_size: number;
  repeat_of_id: number | null;
  level_reached: string;
  status: PetitionStatus;
  accepted_at: string | null;
  extension_days: number;
  closed_at: string | null;
  resolution_method: string | null;
  grid_code: string;
  /** Degrees, 6 decimals. */
  lon: number;
  lat: number;
}

/** The answer of GET /api/petitions: one keyset page, and the `after` of the next (null at the end). */
export interface PetitionsAnswer {
  cases: PetitionCase[];
  next: number | null;
}

/** Levels petition counts are given per. */
export type PetitionCountLevel = 'subdistrict' | 'community' | 'grid';

/** GET /api/petitions/counts?level=&from=&to=; `window` is the days half-open. */
export const petitionCountsQuery = z
  .strictObject({
    level: z.enum(['subdistrict', 'community', 'grid']),
    from: day,
    to: day
  })
  .refine(...fromNotAfterTo)
  .refine(...spanAtMost(10))
  .transform(withWindow);
export type PetitionCountsQuery = z.input<typeof petitionCountsQuery>;

/** Cases of one area: exact, or suppressed (null for 1…k−1, else rounded down to a multiple of k). */
export interface PetitionCountRow {
  area_id: number;
  code: string;
  name: string;
  cases: number | null;
  exact: boolean;
}

/** The answer of GET /api/petitions/counts. */
export interface PetitionCountsAnswer {
  level: PetitionCountLevel;
  from: string;
  to: string;
  /** The privacy threshold k. */
  k: number;
  areas: PetitionCountRow[];
}

/** One page of petition cases (GET /api/petitions). */
export function getPetitions(
  params: PetitionsQuery = {},
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<PetitionsAnswer> {
  return getApi('/api/petitions', params, signal, fetchFn);
}

/** Petition cases per area (GET /api/petitions/counts). */
export function getPetitionCounts(
  params: PetitionCountsQuery,
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<PetitionCountsAnswer> {
  return getApi('/api/petitions/counts', params, signal, fetchFn);
}
