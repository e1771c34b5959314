/**
 * One hazard (/api/hazards/:id): the body of a status change, the answer and client functions.
 * Browser-safe (zod and types only).
 */
import { z } from 'zod';
import { findPersonalIdentifiers } from '../domain/find-personal-identifiers';
import type { HazardLevel, HazardStatus } from '../domain/allowed-hazard-statuses';
import { requestJson, type FetchFn } from './common';
import { day } from './params';

/** A hazard as GET and PATCH /api/hazards/:id answer it (days YYYY-MM-DD, China Standard Time). */
export interface HazardRecord {
  id: number;
  level: HazardLevel;
  status: HazardStatus;
  source: string;
  found_on: string;
  deadline: string;
  rectified_on: string | null;
  verified_on: string | null;
  rectification_note: string | null;
  enterprise_id: number | null;
  grid_code: string;
  /** Degrees, 6 decimals. */
  lon: number;
  lat: number;
}

/**
 * The body of PATCH /api/hazards/:id. A note that looks like it names a person fails with a
 * custom issue whose `params` hold the identifier's `kind` and `masked` form (the endpoint turns
 * it into a catalogue message, 422).
 */
export const hazardPatchBody = z.strictObject({
  status: z.enum(['rectifying', 'rectified', 'verified']),
  /** Day of the change (YYYY-MM-DD, China Standard Time); default today in China. */
  on: day.optional(),
  /** What was done (free text, screened for personal identifiers). */
  note: z
    .string()
    .trim()
    .max(500)
    .superRefine((text, ctx) => {
      const found = findPersonalIdentifiers(text)[0];
      if (found)
        ctx.addIssue({
          code: 'custom',
          params: { kind: found.kind, masked: found.masked },
          message: 'personal identifier'
        });
    })
    .optional()
});
export type HazardPatchBody = z.input<typeof hazardPatchBody>;

/** One hazard of the caller's area (GET /api/hazards/:id). */
export function getHazard(id: number, fetchFn: FetchFn = fetch, signal?: AbortSignal): Promise<HazardRecord> {
  return requestJson(`/api/hazards/${id}`, { signal }, fetchFn);
}

/** Move a hazard along its statuses (PATCH /api/hazards/:id); the hazard as it is after. */
export function patchHazard(id: number, body: HazardPatchBody, fetchFn: FetchFn = fetch): Promise<HazardRecord> {
  return requestJson(
    `/api/hazards/${id}`,
    { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    fetchFn
  );
}
