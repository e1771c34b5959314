/**
 * The inspector's endpoints (/api/inspect/…): the nearby query, the visit body, their answers and
 * client functions. Browser-safe (zod, the shared personal-identifier screen and types): the
 * offline queue saves visits of the same schema the endpoint parses.
 */
import { z } from 'zod';
import { HAZARD_LEVELS, INDUSTRIES, RISK_CLASSES } from '../core/vocabulary';
import { findPersonalIdentifiers } from '../domain/find-personal-identifiers';
import type { HazardStatus } from '../domain/allowed-hazard-statuses';
import type { PriorityWeights, RiskClass, ScoreParts } from '../domain/rank-inspection-priorities';
import { DEFAULT_HALF_DISTANCE_M } from '../domain/rank-nearby-sites';
import { translator } from '../i18n/messages';
import { getApi, requestJson, type FetchFn } from './common';
import { day } from './params';

/** Industries and risk classes, as the `industry` and `risk` filters name them (core's vocabulary). */
export { INDUSTRIES, RISK_CLASSES };

/** Longitude in degrees (WGS 84). */
export const longitude = z.coerce
  .number({ message: 'must be a longitude in degrees' })
  .min(-180, 'must be a longitude between -180 and 180')
  .max(180, 'must be a longitude between -180 and 180');

/** Latitude in degrees (WGS 84). */
export const latitude = z.coerce
  .number({ message: 'must be a latitude in degrees' })
  .min(-90, 'must be a latitude between -90 and 90')
  .max(90, 'must be a latitude between -90 and 90');

/** A comma-separated list of values of an enum, e.g. `industry=mining,construction`. */
export function commaList<T extends readonly [string, ...string[]]>(values: T) {
  const item = z.enum(values, { message: `each value must be one of ${values.join(', ')}` });
  return z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    )
    .pipe(z.array(item).max(values.length));
}

/** `true` / `false` in a query string. */
export const flag = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');

/** GET /api/inspect/nearby?lon=&lat=&radius=&limit=&half=&level=&overdue=&industry=&risk=&asOf= */
export const nearbyQuery = z.strictObject({
  lon: longitude,
  lat: latitude,
  /** Search radius in metres (ellipsoidal). */
  radius: z.coerce
    .number({ message: 'must be a number of metres' })
    .int('must be whole metres')
    .min(50)
    .max(20_000)
    .default(2000),
  /** Sites returned, best score first. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Distance (metres) at which a site's priority counts half. */
  half: z.coerce.number().int().min(100).max(20_000).default(DEFAULT_HALF_DISTANCE_M),
  level: z.enum(HAZARD_LEVELS, { message: 'must be general or major' }).optional(),
  overdue: flag.optional(),
  industry: commaList(INDUSTRIES).optional(),
  risk: commaList(RISK_CLASSES).optional(),
  asOf: day.optional()
});
/** The nearby query as a client gives it (lists as arrays or comma-separated text). */
export type NearbyQuery = Omit<z.input<typeof nearbyQuery>, 'industry' | 'risk'> & {
  industry?: string | readonly (typeof INDUSTRIES)[number][];
  risk?: string | readonly RiskClass[];
};

/** An open hazard at a site, as the page lists it (days YYYY-MM-DD, China Standard Time). */
export interface NearbyHazard {
  id: number;
  level: 'general' | 'major';
  status: 'open' | 'rectifying';
  deadline: string;
  daysOverdue: number;
}

/** One site of GET /api/inspect/nearby, with its score and the parts it is made of. */
export interface NearbySite {
  /** `enterprise-<id>` or `hazard_site-<id>`. */
  id: string;
  kind: 'enterprise' | 'hazard_site';
  /** Enterprise id or hazard id (by `kind`). */
  refId: number;
  name: string | null;
  industry: string | null;
  riskClass: RiskClass;
  /** Degrees (WGS 84). */
  lon: number;
  lat: number;
  /** Metres on the WGS 84 ellipsoid from the position, 0.1 m. */
  distanceM: number;
  /** priority × distanceFactor. */
  score: number;
  /** The analytics engine's priority: expected risk points removed by one visit. */
  priority: number;
  /** half ÷ (half + distanceM). */
  distanceFactor: number;
  parts: ScoreParts;
  hazards: NearbyHazard[];
  /** Days since the last inspection; null when never inspected. */
  daysSinceInspection: number | null;
  incidentsLastYear: number;
}

/** The answer of GET /api/inspect/nearby. */
export interface NearbyAnswer {
  position: { lon: number; lat: number };
  radiusM: number;
  halfDistanceM: number;
  /** Planning day, YYYY-MM-DD. */
  asOf: string;
  weights: PriorityWeights;
  /** True when sites farther out in the radius may be missing (the KNN scan's cap was reached). */
  truncated: boolean;
  /** Sites found in the radius (before `limit`). */
  count: number;
  sites: NearbySite[];
}

// The API answers in English like its other refusals; the form screens the same text first, in the user's language.
const en = translator('en');

/**
 * Free text, at most `max` characters, refused when it looks like it names a person: the shared
 * screen of src/lib/domain/find-personal-identifiers.ts, which the visit form runs too. Its issue
 * carries `params.status` 422 (well-formed, but cannot be recorded).
 */
function screenedText(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine((text, ctx) => {
      const found = findPersonalIdentifiers(text)[0];
      if (found) {
        ctx.addIssue({
          code: 'custom',
          params: { status: 422, kind: found.kind, masked: found.masked },
          message: `looks like it contains ${en(`screen.kind.${found.kind}`)} (${found.masked}); remove it — the system records places and hazards, not people`
        });
      }
    });
}

/**
 * The body of POST /api/inspect/visits: one visit recorded on a phone, possibly hours after it
 * happened (the browser queues it while offline). The endpoint adds the checks against its clock
 * (src/lib/server/visit-body.ts).
 */
export const visitBody = z.strictObject({
  /** Idempotency key: a UUID the browser picks once per visit and sends on every retry. */
  key: z.uuid({ message: 'must be a UUID chosen once per visit (crypto.randomUUID())' }),
  site: z.strictObject({
    kind: z.enum(['enterprise', 'hazard_site'], { message: 'must be enterprise or hazard_site' }),
    id: z
      .number({ message: 'must be the site id (a positive integer)' })
      .int()
      .positive()
      .max(2 ** 53)
  }),
  /** When the visit was recorded on the phone (ISO 8601 with an offset). */
  at: z.iso.datetime({ offset: true, message: 'must be a date and time such as 2026-11-25T09:30:00+08:00' }),
  /** Where the phone was, if it knew. */
  position: z.strictObject({ lon: longitude, lat: latitude }).optional(),
  note: screenedText(0, 500).optional(),
  /** Hazards found on this visit. */
  found: z
    .array(
      z.strictObject({
        level: z.enum(HAZARD_LEVELS, { message: 'must be general or major' }),
        description: screenedText(1, 500),
        /** Rectification deadline (整改期限), YYYY-MM-DD. */
        deadline: day
      })
    )
    .max(20, 'at most 20 hazards per visit')
    .default([]),
  /** Hazards of this site seen rectified (rectified) or checked and closed (verified). */
  resolved: z
    .array(
      z.strictObject({
        hazardId: z
          .number({ message: 'must be a hazard id' })
          .int()
          .positive()
          .max(2 ** 53),
        status: z.enum(['rectified', 'verified'], { message: 'must be rectified or verified' })
      })
    )
    .max(50, 'at most 50 hazards per visit')
    .default([])
});
/** A parsed visit body (`found` and `resolved` always present): what the page saves and sends. */
export type VisitBody = z.output<typeof visitBody>;

/** What POST /api/inspect/visits records for a visit, stored with its key so a retry gets it again. */
export interface VisitReceipt {
  key: string;
  inspectionId: number;
  site: { kind: 'enterprise' | 'hazard_site'; id: number };
  /** Day of the visit (China Standard Time), YYYY-MM-DD. */
  day: string;
  /** Area code of the site's grid. */
  gridCode: string;
  result: 'no_issue' | 'hazards_found' | 'rectification_verified';
  hazardsFound: number[];
  hazardsResolved: { id: number; from: HazardStatus; to: 'rectified' | 'verified' }[];
}

/** The answer of POST /api/inspect/visits: 201 with the receipt, 200 with the same one on a retry. */
export type VisitAnswer = VisitReceipt & { replayed: boolean };

/** The answer of GET /api/inspect/visits: the caller's receipts, newest first. */
export interface VisitsAnswer {
  visits: (VisitReceipt & { receivedAt: string })[];
}

/** The path of the visit endpoints. */
export const VISITS_PATH = '/api/inspect/visits';

/** Sites near a position, best first (GET /api/inspect/nearby). */
export function getNearby(params: NearbyQuery, fetchFn: FetchFn = fetch, signal?: AbortSignal): Promise<NearbyAnswer> {
  return getApi('/api/inspect/nearby', params, signal, fetchFn);
}

/** The caller's own recorded visits (GET /api/inspect/visits). */
export function getVisits(fetchFn: FetchFn = fetch, signal?: AbortSignal): Promise<VisitsAnswer> {
  return requestJson(VISITS_PATH, { signal }, fetchFn);
}

/** Record one visit (POST /api/inspect/visits); idempotent by `body.key`. */
export function postVisit(body: z.input<typeof visitBody>, fetchFn: FetchFn = fetch): Promise<VisitAnswer> {
  return requestJson(
    VISITS_PATH,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    fetchFn
  );
}
