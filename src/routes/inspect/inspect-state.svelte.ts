import { getContext, setContext } from 'svelte';
import type { FeatureCollection } from 'geojson';
import type { MessageKey } from '$lib/i18n/messages';
import { getJson } from '$lib/map/get-json';
import { orderVisitRoute } from '$lib/domain/order-visit-route';
import {
  DEFAULT_ROUTE_TIMING,
  describeRoute,
  pickRouteWithinBudget,
  type RouteCandidate
} from '$lib/domain/pick-route-within-budget';
import {
  enqueueVisit,
  queuedVisits,
  removeVisit,
  syncVisits,
  type QueuedVisit,
  type QueuedVisitBody
} from '$lib/offline/visit-queue';
import { newVisitKey } from '$lib/offline/new-visit-key';
import type { NearbyAnswer, NearbySite } from '$lib/api/inspect';

/** One site of GET /api/inspect/nearby, and the whole answer (src/lib/api/inspect.ts). */
export type Site = NearbySite;
export type Nearby = NearbyAnswer;

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;
type Position = { lon: number; lat: number };

/** How often a pending queue is retried while online, in milliseconds. */
const RETRY_MS = 20_000;

/**
 * The state of the inspector's page (/inspect), shared by its components through
 * setInspectContext / getInspectContext: where the inspector stands, the nearby sites and their
 * filters, the route being planned, and the offline queue of visits. Data is loaded here and
 * nowhere else; every failure lands in a field the page shows.
 */
export class InspectState {
  position = $state<Position | null>(null);
  locateError = $state<string | null>(null);
  filters = $state({ radius: 2000, level: '' as '' | 'general' | 'major', overdue: false, industry: '', risk: '' });
  nearby = $state<Nearby | null>(null);
  nearbyError = $state<string | null>(null);
  loading = $state(false);
  /** Bumped to fetch the nearby sites again (after visits were sent). */
  refresh = $state(0);
  /** Grid outlines of the user's area, for the map. */
  grids = $state.raw<FeatureCollection | null>(null);
  gridsError = $state<string | null>(null);

  routeSites = $state<Site[]>([]);
  /** Time budget of a route, in minutes. */
  budget = $state(240);
  visitMinutes = $state(DEFAULT_ROUTE_TIMING.visitMinutes);
  /** Travel speed, km/h. */
  speed = $state(DEFAULT_ROUTE_TIMING.speedKmh);

  selectedId = $state<string | null>(null);
  recording = $state<Site | null>(null);
  queue = $state<QueuedVisit[]>([]);
  online = $state(true);
  syncing = $state(false);
  syncedCount = $state(0);
  queueError = $state<string | null>(null);
  notice = $state<string | null>(null);

  /** The query string of the nearby request, or null before a position is known. */
  readonly query = $derived.by(() => {
    if (!this.position) return null;
    const f = this.filters;
    // A temporary built and read inside this derivation, never mutated later.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const p = new URLSearchParams({
      lon: String(this.position.lon),
      lat: String(this.position.lat),
      radius: String(f.radius),
      limit: '50'
    });
    if (f.level) p.set('level', f.level);
    if (f.overdue) p.set('overdue', 'true');
    if (f.industry) p.set('industry', f.industry);
    if (f.risk) p.set('risk', f.risk);
    return p.toString();
  });
  readonly timing = $derived({
    visitMinutes: this.visitMinutes,
    speedKmh: this.speed,
    detourFactor: DEFAULT_ROUTE_TIMING.detourFactor
  });
  /** The route's length and time, or null without a start and stops. */
  readonly plan = $derived(
    this.position && this.routeSites.length
      ? describeRoute(
          [this.position.lon, this.position.lat],
          candidates(this.routeSites),
          this.routeSites.map((_, i) => i),
          this.timing
        )
      : null
  );
  readonly routeLine = $derived<[number, number][]>(
    this.position && this.routeSites.length
      ? [[this.position.lon, this.position.lat], ...this.routeSites.map((s) => [s.lon, s.lat] as [number, number])]
      : []
  );
  /** Sites on the map: the nearby ones and the route's stops outside them. */
  readonly mapSites = $derived([
    ...(this.nearby?.sites ?? []),
    ...this.routeSites.filter((r) => !this.nearby?.sites.some((s) => s.id === r.id))
  ]);
  readonly pending = $derived(this.queue.filter((q) => q.state === 'pending').length);
  readonly failed = $derived(this.queue.filter((q) => q.state === 'failed').length);

  readonly t: Translate;

  constructor(t: Translate) {
    this.t = t;
  }

  /** A site's name as the inspector reads it. */
  siteLabel(s: Site): string {
    return s.name ?? `${this.t('inspect.site.hazardSite')} #${s.refId}`;
  }

  /**
   * Fetch the nearby sites for the current query; call from an `$effect` and return its result
   * (the cleanup aborts a superseded request).
   */
  loadNearby(): (() => void) | undefined {
    const query = this.query;
    void this.refresh;
    if (!query) return;
    const controller = new AbortController();
    this.loading = true;
    getJson<Nearby>(`/api/inspect/nearby?${query}`, controller.signal)
      .then((nearby) => {
        this.nearby = nearby;
        this.nearbyError = null;
        // Keep the route's sites current (scores and hazards change after a visit).
        this.routeSites = this.routeSites.map((s) => nearby.sites.find((n) => n.id === s.id) ?? s);
      })
      .catch((err: Error) => {
        if (!controller.signal.aborted) this.nearbyError = err.message;
      })
      .finally(() => {
        if (!controller.signal.aborted) this.loading = false;
      });
    return () => controller.abort();
  }

  /** Load the grid outlines of the user's area once, for the map. */
  async loadGrids(): Promise<void> {
    try {
      this.grids = await getJson<FeatureCollection>('/api/map/grids');
    } catch (err) {
      this.gridsError = (err as Error).message;
    }
  }

  /** Ask the browser where the inspector is. */
  locate() {
    this.locateError = null;
    if (!('geolocation' in navigator)) {
      this.locateError = this.t('inspect.locateFailed', { reason: 'no geolocation' });
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) =>
        (this.position = {
          lon: Math.round(p.coords.longitude * 1e6) / 1e6,
          lat: Math.round(p.coords.latitude * 1e6) / 1e6
        }),
      (err) => (this.locateError = this.t('inspect.locateFailed', { reason: err.message })),
      { enableHighAccuracy: true, timeout: 15_000 }
    );
  }

  toggleRoute(site: Site) {
    this.routeSites = this.routeSites.some((s) => s.id === site.id)
      ? this.routeSites.filter((s) => s.id !== site.id)
      : [...this.routeSites, site];
  }

  /** Reorder the route's stops to a short tour from the position. */
  orderRoute() {
    if (!this.position) return;
    const order = orderVisitRoute(
      [this.position.lon, this.position.lat],
      this.routeSites.map((s) => [s.lon, s.lat])
    );
    this.routeSites = order.map((i) => this.routeSites[i]!);
  }

  /** Pick the most valuable nearby sites that fit the time budget. */
  autoRoute() {
    const nearby = this.nearby;
    if (!this.position || !nearby) return;
    const picked = pickRouteWithinBudget(
      [this.position.lon, this.position.lat],
      candidates(nearby.sites),
      this.budget,
      this.timing
    );
    this.routeSites = picked.ids.map((id) => nearby.sites.find((s) => s.id === id)!);
  }

  /** Read the offline queue (IndexedDB); when the browser refuses it the reason is shown. */
  async loadQueue() {
    try {
      this.queue = await queuedVisits();
    } catch (err) {
      this.queueError = (err as Error).message;
    }
  }

  /** Send the pending visits; a failure to reach the queue or the server is shown, not dropped. */
  async sync() {
    if (this.syncing) return;
    this.syncing = true;
    try {
      const result = await syncVisits();
      this.queueError = null;
      this.syncedCount += result.sent;
      if (result.sent) this.refresh++;
    } catch (err) {
      this.queueError = (err as Error).message;
    } finally {
      this.syncing = false;
      await this.loadQueue();
    }
  }

  /** Queue the visit being recorded (sent at once when online); the form stays open when it cannot be queued. */
  async saveVisit(visit: Omit<QueuedVisitBody, 'key' | 'at' | 'position'>) {
    const site = this.recording!;
    const body: QueuedVisitBody = {
      ...visit,
      key: newVisitKey(),
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- the instant of saving, not state
      at: new Date().toISOString(),
      ...(this.position ? { position: { ...this.position } } : {})
    };
    if (!(await this.queueVisit(body, this.siteLabel(site)))) return;
    this.recording = null;
    await this.sendQueued();
  }

  /**
   * Put `body` in the queue, dropping the refused visit `replacing` only once it is there. False,
   * with the reason shown, when the queue refused it.
   */
  private async queueVisit(body: QueuedVisitBody, label: string, replacing?: string): Promise<boolean> {
    try {
      await enqueueVisit(body, label);
      if (replacing) await removeVisit(replacing);
    } catch (err) {
      this.queueError = (err as Error).message;
      return false;
    }
    return true;
  }

  /** After a visit was queued: say so, show the queue, and send it when online. */
  private async sendQueued() {
    this.notice = this.t('inspect.visit.saved');
    await this.loadQueue();
    if (navigator.onLine) await this.sync();
  }

  /** The key of the refused visit being edited again, or null. */
  editing = $state<string | null>(null);

  /**
   * Send a refused visit again as edited: a new idempotency key (the refused one may be bound to
   * the old body), the time and place it was recorded, the same site; the refused copy is dropped
   * only once the new one is queued, so nothing it found is lost.
   */
  async resubmit(key: string, visit: Omit<QueuedVisitBody, 'key' | 'at' | 'position'>) {
    const old = this.queue.find((q) => q.key === key);
    if (!old) return;
    const body: QueuedVisitBody = {
      ...visit,
      key: newVisitKey(),
      at: old.body.at,
      ...(old.body.position ? { position: { ...old.body.position } } : {})
    };
    if (!(await this.queueVisit(body, old.label, key))) return;
    this.editing = null;
    await this.sendQueued();
  }

  async discard(key: string) {
    try {
      await removeVisit(key);
    } catch (err) {
      this.queueError = (err as Error).message;
    }
    await this.loadQueue();
  }

  /** Follow the connection and retry the queue while online; call from onMount and return the cleanup. */
  connect(): () => void {
    this.online = navigator.onLine;
    const goOnline = () => {
      this.online = true;
      void this.sync();
    };
    const goOffline = () => (this.online = false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    const timer = setInterval(() => {
      if (navigator.onLine && this.queue.some((q) => q.state === 'pending')) void this.sync();
    }, RETRY_MS);
    void this.loadQueue().then(() => (navigator.onLine ? this.sync() : undefined));
    void this.loadGrids();
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      clearInterval(timer);
    };
  }
}

const candidates = (sites: Site[]): RouteCandidate[] =>
  sites.map((s) => ({ id: s.id, position: [s.lon, s.lat], score: s.score }));

const KEY = Symbol('inspect-state');

/** Create the inspector page's state and share it with its components. */
export function setInspectContext(t: Translate): InspectState {
  return setContext(KEY, new InspectState(t));
}

/** The inspector page's state. */
export function getInspectContext(): InspectState {
  const state = getContext<InspectState | undefined>(KEY);
  if (!state) throw new Error('getInspectContext: no inspect state; call setInspectContext in the page first');
  return state;
}
