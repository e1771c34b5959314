import { getContext, setContext, untrack } from 'svelte';
import type { ViewDefaults, ViewState } from './view-state';
import type { AreaCrumb, AreaView } from '../api/map';
import type { RiskScore } from '../domain/compute-risk-scores';

/** One area on the breadcrumb, the area view, one child's risk score: the API's types (src/lib/api). */
export type Crumb = AreaCrumb;
export type AreaViewData = AreaView;
export type { RiskScore };

/** A place the map should move to (an alert's site), with a sequence number so repeats still fire. */
export interface FlyTarget {
  position: [number, number];
  zoom: number;
  /** The area the target lies in: the map flies there once that area is in view. */
  area: string;
  seq: number;
}

/**
 * Shared state of the command map page, reached through setMapContext / getMapContext: the view
 * (mirrored in the URL) and what the map and the panels both need.
 */
export class MapState {
  ready = $state(false);
  error = $state<string | null>(null);
  gridCount = $state(0);
  enterpriseCount = $state(0);
  hazardCount = $state(0);
  view = $state<ViewState>(null!);
  readonly defaults: ViewDefaults;
  areaView = $state.raw<AreaViewData | null>(null);
  /**
   * Risk scores of the children of the area in view (for a grid: its siblings), with the parent
   * and window they were computed for and a sequence number of the answer: the choropleth keys
   * its colours on them, so it repaints whenever a new answer arrives.
   */
  risk = $state.raw<{
    area: string;
    from: string;
    to: string;
    seq: number;
    scores: RiskScore[];
    /** Days past the deadline counted per hazard at most (the overdue part's cap). */
    overdueCapDays?: number;
  } | null>(null);
  /** The hazard an alert put the map on: drawn highlighted while its grid is in view. */
  selectedHazard = $state<{ id: number; area: string } | null>(null);
  flyTarget = $state<FlyTarget | null>(null);
  /** Key enterprises of the user's area (loaded once by the map; the steering panel names sites from it). */
  enterprises = $state.raw<{ ids: number[]; names: string[] } | null>(null);
  /** Requests in flight for map data (the map shows a loading state while > 0). */
  pending = $state(0);

  constructor(initial: ViewState, defaults: ViewDefaults) {
    this.view = initial;
    this.defaults = defaults;
  }

  /**
   * A debounced fetch for map data: each call schedules `load` after `delay` ms and cancels the
   * previous one (the newest wins; older answers are dropped). It counts in `pending` from the moment
   * it is scheduled, so the loading state (and tests) see it before the timer fires. Call the
   * returned runner from an `$effect` and return its result as the effect's cleanup.
   */
  debounced<T>(delay: number, load: (signal: AbortSignal) => Promise<T>, apply: (value: T) => void) {
    return () => {
      const c = new AbortController();
      let settled = false;
      // untrack: `pending++` reads `pending`, which must not become a dependency of the calling effect.
      const done = () =>
        untrack(() => {
          if (!settled) {
            settled = true;
            this.pending--;
          }
        });
      untrack(() => this.pending++);
      const timer = setTimeout(async () => {
        try {
          const value = await load(c.signal);
          if (!c.signal.aborted) apply(value);
        } catch (err) {
          if (!c.signal.aborted) this.error = (err as Error).message;
        } finally {
          done();
        }
      }, delay);
      return () => {
        clearTimeout(timer);
        c.abort();
        done();
      };
    };
  }

  /** Put the map on a place (an alert) in `area`, once that area is in view; `hazardId` selects that hazard. */
  flyTo(position: [number, number], area: string, zoom = 17, hazardId?: number) {
    this.flyTarget = { position, zoom, area, seq: (this.flyTarget?.seq ?? 0) + 1 };
    this.selectedHazard = hazardId === undefined ? null : { id: hazardId, area };
  }
}

const KEY = Symbol('map-state');

/** Create the map state for a page and share it with its children. */
export function setMapContext(initial: ViewState, defaults: ViewDefaults): MapState {
  return setContext(KEY, new MapState(initial, defaults));
}

/** The map state of the enclosing page. */
export function getMapContext(): MapState {
  const state = getContext<MapState | undefined>(KEY);
  if (!state) throw new Error('getMapContext: no map state; call setMapContext in the page first');
  return state;
}
