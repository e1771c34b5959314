/**
 * The command map's alert lists (/api/command/alerts): query schema, answer types and client
 * functions. Browser-safe (zod and types only).
 */
import { z } from 'zod';
import type { HazardLevel } from '../core/vocabulary';
import { getApi, type AreaRef, type FetchFn } from './common';
import { areaCode, day } from './params';

/** How many items of each alert list the first answer holds (counts are always complete; later pages by `alertPage`). */
export const ALERT_LIST_LIMIT = 20;
/** Most items one page of an alert list may hold. */
export const ALERT_PAGE_MAX = 200;

/** The alert lists, each paged on its own: `/api/command/alerts?list=<id>&offset=&limit=`. */
export const ALERT_LISTS = [
  'overdueHazards',
  'petitionsOverdue',
  'petitionsNear',
  'missingDailyReports',
  'thinBaseGrids'
] as const;
export type AlertListId = (typeof ALERT_LISTS)[number];
/** Lists of petition cases: only for roles that read them. */
export const PETITION_ALERT_LISTS: readonly AlertListId[] = ['petitionsOverdue', 'petitionsNear'];

/** Where an alert puts the map: a grid and a point in it. */
export interface AlertPlace {
  /** [lon, lat], 6 decimals. */
  position: [number, number];
  gridCode: string;
  gridName: string;
}

/**
 * One page of an alert list: `count` is the whole list's length (the number its heading shows),
 * `items` the `limit` items from `offset`. Every list has a total order (ties broken by id or
 * code), so the pages of one day's list hold each item exactly once.
 */
export interface AlertPage<T> {
  count: number;
  offset: number;
  items: T[];
}

export interface OverdueHazardAlert extends AlertPlace {
  id: number;
  level: HazardLevel;
  daysOverdue: number;
}

export interface PetitionDeadlineAlert extends AlertPlace {
  id: number;
  category: string;
  stage: 'acceptance' | 'resolution';
  /** Days past the deadline (≥ 0 overdue; negative: days left). */
  daysPast: number;
}

export interface ThinBaseGridAlert extends AlertPlace {
  minor: number;
  nearMiss: number;
  observedRatio: number | null;
  threshold: number;
}

export interface CommandAlerts {
  asOf: string;
  /** Grids in force on `asOf` that filed no daily report (零报告) for it. */
  missingDailyReports: AlertPage<AlertPlace>;
  overdueHazards: AlertPage<OverdueHazardAlert>;
  /** Open petitions past their deadline, and within NEAR_DEADLINE_DAYS of it; null for roles that may not read petition cases. */
  petitionDeadlines: {
    nearDays: number;
    overdue: AlertPage<PetitionDeadlineAlert>;
    near: AlertPage<PetitionDeadlineAlert>;
  } | null;
  thinBaseGrids: AlertPage<ThinBaseGridAlert>;
}

/** GET /api/command/alerts?area=&day=[&list=&offset=&limit=] */
export const alertsQuery = z
  .strictObject({
    area: areaCode,
    day,
    /** One list, paged: its count and `limit` items from `offset`. */
    list: z.enum(ALERT_LISTS, { message: `must be one of ${ALERT_LISTS.join(', ')}` }).optional(),
    offset: z.coerce
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(1_000_000, 'must be at most 1000000')
      .optional(),
    limit: z.coerce
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(ALERT_PAGE_MAX, `must be at most ${ALERT_PAGE_MAX}`)
      .optional()
  })
  .refine((q) => q.list !== undefined || (q.offset === undefined && q.limit === undefined), {
    message: '"offset" and "limit" page one list: give "list" too',
    path: ['list']
  });
export type AlertsQuery = z.input<typeof alertsQuery>;

/** The answer of GET /api/command/alerts without `list`: every list's count and first page. */
export type AlertsAnswer = { area: AreaRef } & CommandAlerts;

/** The items of each list. */
export interface AlertItems {
  overdueHazards: OverdueHazardAlert;
  petitionsOverdue: PetitionDeadlineAlert;
  petitionsNear: PetitionDeadlineAlert;
  missingDailyReports: AlertPlace;
  thinBaseGrids: ThinBaseGridAlert;
}

/** The answer of GET /api/command/alerts with `list`: one page of that list. */
export type AlertPageAnswer<L extends AlertListId = AlertListId> = { area: AreaRef; asOf: string; list: L } & AlertPage<
  AlertItems[L]
>;

/** Every alert list's count and first page on a day (GET /api/command/alerts). */
export function getAlerts(
  params: { area: string; day: string },
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<AlertsAnswer> {
  return getApi('/api/command/alerts', params, signal, fetchFn);
}

/** One page of one alert list (GET /api/command/alerts?list=). */
export function getAlertPage<L extends AlertListId>(
  params: { area: string; day: string; list: L; offset?: number; limit?: number },
  fetchFn: FetchFn = fetch,
  signal?: AbortSignal
): Promise<AlertPageAnswer<L>> {
  return getApi('/api/command/alerts', params, signal, fetchFn);
}
