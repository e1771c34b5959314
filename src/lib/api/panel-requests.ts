/**
 * The panel requests of a command-map view: what the page asks for when it shows an area and a
 * window, built in one place so that the server can compute a user's first view while the page
 * is still loading (sign-in warms these answers, src/lib/server/warm-home-view.ts) and the page
 * then finds them stored (src/lib/server/stored-answer.ts).
 */
import { addDays, addMonths } from '../core/dates';
import { apiPath } from './common';

/** Months shown by the trend chart: the window's, and at least the six up to its end. */
export function monthSpan(from: string, to: string): [string, string] {
  const end = to.slice(0, 7);
  const sixBack = addMonths(end, -5);
  return [from.slice(0, 7) < sixBack ? from.slice(0, 7) : sixBack, end];
}

export interface PanelView {
  /** The area in view (for a grid, the ranking and steering panels use its community). */
  area: string;
  /** The community of a grid in view, or the area itself. */
  rankingArea: string;
  from: string;
  to: string;
  canReadPetitions: boolean;
}

/** The query of each panel request (the components pass these to the API clients). */
export function panelQueries(v: PanelView) {
  const { area, from, to } = v;
  const [m0, m1] = monthSpan(from, to);
  return {
    risk: { area: v.rankingArea, from, to },
    safetyPyramid: { area, domain: 'safety', from, to },
    stabilityPyramid: { area, domain: 'stability', from, to },
    petitionTrend: { series: 'petitions', area, from: m0, to: m1 },
    hazardTrend: { series: 'hazards', area, from: m0, to: m1 },
    alerts: { area, day: to },
    timeline: { area, from, to },
    inspection: { area: v.rankingArea, asOf: to },
    mediation: { area: v.rankingArea }
  } as const;
}

/** Every panel request path of a view, in the order the server should compute them (what is seen first, first). */
export function panelPaths(v: PanelView): string[] {
  const q = panelQueries(v);
  const p = v.canReadPetitions;
  return [
    apiPath('/api/analytics/risk', q.risk),
    apiPath('/api/analytics/pyramid', q.safetyPyramid),
    ...(p ? [apiPath('/api/analytics/pyramid', q.stabilityPyramid)] : []),
    apiPath('/api/command/alerts', q.alerts),
    apiPath('/api/map/timeline', q.timeline),
    apiPath('/api/analytics/trends', q.hazardTrend),
    ...(p ? [apiPath('/api/analytics/trends', q.petitionTrend)] : []),
    apiPath('/api/analytics/inspection-priorities', q.inspection),
    ...(p ? [apiPath('/api/analytics/mediation-allocation', q.mediation)] : [])
  ];
}

/** Length of the command map's default window, in days (DESIGN: the last 90 days). */
export const DEFAULT_WINDOW_DAYS = 90;

/**
 * The default window: the last {@link DEFAULT_WINDOW_DAYS} days up to the earlier of today and the
 * demo data's last day (generated data ends on its generation day).
 */
export function defaultWindow(today: string, dataEndDate: string | null | undefined): { from: string; to: string } {
  const to = dataEndDate && dataEndDate < today ? dataEndDate : today;
  return { from: addDays(to, -(DEFAULT_WINDOW_DAYS - 1)), to };
}

/** The grid level's code (district-sub-district-community-grid): its panels use its community. */
export function isGridCode(code: string): boolean {
  return code.split('-').length === 4;
}
