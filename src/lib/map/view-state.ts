/**
 * The command map's shareable state (area, layers, time window, playback) and its URL form.
 * Parsing is forgiving: a value that is missing or malformed falls back to its default, so an old or
 * hand-edited link still opens a sensible view.
 */
import { addDays, daysBetween } from '../core/dates';

export const LAYER_IDS = [
  'risk',
  'grids',
  'hazards',
  'enterprises',
  'petitionHeat',
  'petitionHex',
  'petitionPoints',
  'hotspots'
] as const;
export type LayerId = (typeof LAYER_IDS)[number];

export interface LayerState {
  visible: boolean;
  /** 0…1 */
  opacity: number;
}

export const PLAYBACK_MODES = ['cumulative', 'sliding'] as const;
export type PlaybackMode = (typeof PLAYBACK_MODES)[number];
export const PLAYBACK_SPEEDS = [1, 2, 4, 8] as const;
/** Width of the sliding playback window, in days. */
export const SLIDING_DAYS = 7;

export interface ViewState {
  /** Code of the area in view (district, sub-district, community or grid). */
  area: string;
  /** Time window, inclusive calendar days `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** Playback position (a day in the window) or null: the whole window is shown. */
  t: string | null;
  mode: PlaybackMode;
  /** Days advanced per second of playback. */
  speed: (typeof PLAYBACK_SPEEDS)[number];
  layers: Record<LayerId, LayerState>;
  /** Big-screen mode: dark, larger type, no chrome. */
  screen: boolean;
}

export interface ViewDefaults {
  area: string;
  from: string;
  to: string;
  layers: Record<LayerId, LayerState>;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const AREA_RE = /^[0-9]{6}(-[0-9]{3}){0,3}$/;

const isDay = (s: string | null): s is string =>
  !!s &&
  DAY_RE.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** The default layer set: risk, grids, hazards, enterprises and (when allowed) the petition heatmap. */
export function defaultLayers(withPetitions: boolean): Record<LayerId, LayerState> {
  const on = new Set<LayerId>([
    'risk',
    'grids',
    'hazards',
    'enterprises',
    ...(withPetitions ? (['petitionHeat'] as const) : [])
  ]);
  return Object.fromEntries(
    LAYER_IDS.map((id) => [id, { visible: on.has(id), opacity: id === 'risk' ? 0.7 : 1 }])
  ) as Record<LayerId, LayerState>;
}

/** Day arithmetic lives in core; re-exported for the components that import it from here. */
export { addDays, daysBetween };

/**
 * Read the view from URL parameters. `area` outside `defaults.area`'s subtree (the user's scope) falls
 * back to it; an inverted window or one longer than five years falls back to the default window; a
 * playback position outside the window is dropped.
 */
export function parseViewState(params: URLSearchParams, defaults: ViewDefaults): ViewState {
  const areaParam = params.get('area');
  const area =
    areaParam && AREA_RE.test(areaParam) && (areaParam === defaults.area || areaParam.startsWith(`${defaults.area}-`))
      ? areaParam
      : defaults.area;

  let from = params.get('from');
  let to = params.get('to');
  if (!isDay(from) || !isDay(to) || from > to || daysBetween(from, to) > 5 * 366) {
    from = defaults.from;
    to = defaults.to;
  }
  const tParam = params.get('t');
  const t = isDay(tParam) && tParam >= from && tParam <= to ? tParam : null;

  const modeParam = params.get('mode');
  const mode: PlaybackMode = (PLAYBACK_MODES as readonly string[]).includes(modeParam ?? '')
    ? (modeParam as PlaybackMode)
    : 'cumulative';
  const speedParam = Number(params.get('speed'));
  const speed = (PLAYBACK_SPEEDS as readonly number[]).includes(speedParam) ? (speedParam as ViewState['speed']) : 2;

  const layers = structuredClone(defaults.layers);
  const visibleParam = params.get('layers');
  if (visibleParam !== null) {
    const visible = new Set(visibleParam.split(',').filter(Boolean));
    for (const id of LAYER_IDS) layers[id].visible = visible.has(id);
  }
  for (const pair of (params.get('opacity') ?? '').split(',')) {
    const [id, pct] = pair.split(':');
    const n = Number(pct);
    if (
      (LAYER_IDS as readonly string[]).includes(id ?? '') &&
      pct !== undefined &&
      pct !== '' &&
      Number.isInteger(n) &&
      n >= 0 &&
      n <= 100
    ) {
      layers[id as LayerId].opacity = n / 100;
    }
  }
  return { area, from, to, t, mode, speed, layers, screen: params.get('screen') === '1' };
}

/**
 * Write the view as URL parameters, leaving out what equals the defaults, so links stay short and
 * `parseViewState(serializeViewState(v, d), d)` equals `v`.
 */
export function serializeViewState(view: ViewState, defaults: ViewDefaults): URLSearchParams {
  const p = new URLSearchParams();
  if (view.area !== defaults.area) p.set('area', view.area);
  if (view.from !== defaults.from || view.to !== defaults.to) {
    p.set('from', view.from);
    p.set('to', view.to);
  }
  if (view.t !== null) p.set('t', view.t);
  if (view.mode !== 'cumulative') p.set('mode', view.mode);
  if (view.speed !== 2) p.set('speed', String(view.speed));
  const visible = LAYER_IDS.filter((id) => view.layers[id].visible);
  const defaultVisible = LAYER_IDS.filter((id) => defaults.layers[id].visible);
  if (visible.join(',') !== defaultVisible.join(',')) p.set('layers', visible.join(','));
  const opacity = LAYER_IDS.filter(
    (id) => Math.round(view.layers[id].opacity * 100) !== Math.round(defaults.layers[id].opacity * 100)
  ).map((id) => `${id}:${Math.round(view.layers[id].opacity * 100)}`);
  if (opacity.length) p.set('opacity', opacity.join(','));
  if (view.screen) p.set('screen', '1');
  return p;
}

/**
 * Days shown by the point layers: the whole window without playback; with playback, from the window's
 * start (cumulative) or the last SLIDING_DAYS days (sliding) up to the playback position.
 */
export function visibleDayRange(view: Pick<ViewState, 'from' | 'to' | 't' | 'mode'>): [string, string] {
  if (view.t === null) return [view.from, view.to];
  if (view.mode === 'cumulative') return [view.from, view.t];
  const start = addDays(view.t, -(SLIDING_DAYS - 1));
  return [start < view.from ? view.from : start, view.t];
}

/** The playback position after one step of `days`; wraps to the start after the window's end. */
export function stepPlayback(view: Pick<ViewState, 'from' | 'to' | 't'>, days: number): string {
  const current = view.t ?? view.from;
  const next = addDays(current, days);
  return next > view.to ? (current === view.to ? view.from : view.to) : next;
}
