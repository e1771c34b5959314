import { getContext, setContext } from 'svelte';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import type { Translate } from '$lib/i18n/messages';
import type { GridProperties } from '$lib/api/map';
import { getJson } from '$lib/map/get-json';
import { validatePlanDraft } from '$lib/geo/validate-plan-draft';
import { splitPolygonByLine } from '$lib/geo/split-polygon-by-line';
import { mergePolygons } from '$lib/geo/merge-polygons';
import { parsePlanGeoJsonText } from '$lib/geo/parse-plan-geojson';
import { PLAN_TOLERANCES } from '$lib/domain/plan-config';
import type { DraftGrid, DrawTool, ShownProblem, Workload } from './plan-types';

/** GET /api/plan/[code]. */
export interface PlanData {
  parent: { id: number; code: string; name: string; geometry: MultiPolygon };
  children: FeatureCollection<MultiPolygon, GridProperties>;
  workload: Workload[];
  revision: number;
  history: {
    revision: number;
    savedOn: string;
    username: string | null;
    closedCodes: string[];
    addedCodes: string[];
  }[];
}
/** The server's check of the draft (POST /api/plan/[code]/validate). */
export interface ServerCheck {
  state: 'idle' | 'checking' | 'ok' | 'failed';
  problems: ShownProblem[];
  workload: Workload[] | null;
}
/** The message under the save button. */
export interface PlanMessage {
  kind: 'ok' | 'conflict' | 'refused' | 'error';
  text: string;
}

/** How long the draft must settle before the server checks it, in milliseconds. */
const CHECK_DELAY_MS = 350;
const liveTolerances = { ...PLAN_TOLERANCES, areaM2: PLAN_TOLERANCES.liveAreaM2 };

/** POST to this app's API; the answer's status and JSON body (an unreadable body reads as {}). */
async function post(
  path: string,
  body: string,
  contentType: string,
  signal?: AbortSignal
): Promise<{ status: number; ok: boolean; body: Record<string, unknown> }> {
  const res = await fetch(path, { method: 'POST', body, headers: { 'content-type': contentType }, signal });
  const parsed = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: res.status, ok: res.ok, body: parsed };
}

const toPolygon = (g: MultiPolygon): Polygon | MultiPolygon =>
  g.coordinates.length === 1 ? { type: 'Polygon', coordinates: g.coordinates[0]! } : g;

/**
 * The state of the grid planner (/plan), shared by its components through setPlanContext /
 * getPlanContext: the community's plan, the draft being edited, the live and the server's checks,
 * and the outcome of the last save or import. Every request of the page is made here, and every
 * failure ends in `message` or `server`, which the page shows.
 */
export class PlanState {
  plan = $state<PlanData | null>(null);
  draft = $state<DraftGrid[]>([]);
  /** Changes when the draft's set of grids changes (not on a vertex drag). */
  version = $state(0);
  dirty = $state(false);
  tool = $state<DrawTool>('select');
  picked = $state<string[]>([]);
  focus = $state<Position | null>(null);
  ready = $state(false);
  saving = $state(false);
  message = $state<PlanMessage | null>(null);
  server = $state<ServerCheck>({ state: 'idle', problems: [], workload: null });
  refusedProblems = $state<ShownProblem[]>([]);
  private newCount = 0;

  /** The draft's problems found in the browser, as it changes. */
  readonly live = $derived(
    this.plan
      ? validatePlanDraft(
          this.plan.parent.geometry,
          this.draft.map((g) => g.geometry),
          liveTolerances
        )
      : []
  );
  /** The problems to show: a refusal's, else the server's, else the live ones. */
  readonly shown = $derived<ShownProblem[]>(
    this.refusedProblems.length
      ? this.refusedProblems
      : this.server.state === 'failed'
        ? this.server.problems
        : this.live
  );
  readonly workload = $derived<Workload[] | null>(!this.dirty && this.plan ? this.plan.workload : this.server.workload);
  readonly labels = $derived(this.draft.map((g) => this.label(g)));

  readonly t: Translate;
  /** The community being planned (the page's `?area=`), or null when there is none. */
  area = $state<string | null>(null);

  constructor(t: Translate) {
    this.t = t;
  }

  /** Plan another community (the page's `?area=` changed): load its plan. */
  async open(area: string | null) {
    this.area = area;
    await this.load();
  }

  /** A grid's short name: its code's tail, or "new N". */
  label(g: DraftGrid): string {
    if (g.code) return g.code.slice(-7);
    return `${this.t('plan.new')} ${g.key.replace(/\D/g, '')}`;
  }

  private newKey() {
    return `new-${++this.newCount}`;
  }

  /** (Re)load the community's plan; the draft becomes its current grids. */
  async load() {
    if (!this.area) return;
    let plan: PlanData;
    try {
      plan = await getJson<PlanData>(`/api/plan/${this.area}`);
    } catch (err) {
      this.message = { kind: 'error', text: (err as Error).message };
      return;
    }
    this.plan = plan;
    this.draft = plan.children.features.map((f) => ({
      key: `grid-${f.properties.id}`,
      code: f.properties.code,
      name: f.properties.name,
      geometry: toPolygon(f.geometry)
    }));
    this.dirty = false;
    this.refusedProblems = [];
    this.server = { state: 'idle', problems: [], workload: null };
    this.picked = [];
    this.version++;
  }

  private changed(next: DraftGrid[]) {
    this.draft = next;
    this.dirty = true;
    this.refusedProblems = [];
    this.message = null;
    this.version++;
  }

  /** The draft as the API takes it. */
  featureCollection() {
    return {
      type: 'FeatureCollection',
      features: this.draft.map((g) => ({
        type: 'Feature',
        properties: g.code ? { code: g.code } : {},
        geometry: g.geometry
      }))
    };
  }

  /**
   * The server's authoritative check and the draft's workload, a moment after the draft settles.
   * Call from an `$effect` and return its result (a newer draft cancels the older check).
   */
  checkOnServer(): (() => void) | undefined {
    if (!this.dirty || !this.plan) return;
    const body = JSON.stringify(this.featureCollection());
    const abort = new AbortController();
    const timer = setTimeout(async () => {
      this.server = { ...this.server, state: 'checking' };
      try {
        const r = await post(`/api/plan/${this.area}/validate`, body, 'application/json', abort.signal);
        this.server = r.ok
          ? {
              state: r.body.ok ? 'ok' : 'failed',
              problems: r.body.problems as ShownProblem[],
              workload: r.body.workload as Workload[]
            }
          : { state: 'failed', problems: [], workload: null };
      } catch (err) {
        // Aborted: a newer draft is being checked. Anything else: the check failed, and says so.
        if (!abort.signal.aborted) {
          this.server = { state: 'failed', problems: [], workload: null };
          this.message = { kind: 'error', text: (err as Error).message };
        }
      }
    }, CHECK_DELAY_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }

  /** A vertex moved (terra-draw): the grid's new outline. */
  onGeometry(key: string, geometry: Polygon) {
    this.draft = this.draft.map((g) => (g.key === key ? { ...g, geometry } : g));
    this.dirty = true;
    this.refusedProblems = [];
  }

  /** A new grid drawn. */
  onDrawn(geometry: Polygon) {
    this.changed([...this.draft, { key: this.newKey(), code: null, name: null, geometry }]);
  }

  /** Split the grid the line crosses in two. */
  onSplitLine(line: Position[]) {
    const errors: string[] = [];
    // The grid under the middle of the line first: a long line may also cross a neighbour twice.
    const mid = line[Math.floor(line.length / 2)]!;
    const prev = line[Math.floor(line.length / 2) - 1] ?? mid;
    const centre = [(mid[0]! + prev[0]!) / 2, (mid[1]! + prev[1]!) / 2];
    const ordered = [...this.draft].sort(
      (a, b) => Number(booleanPointInPolygon(centre, b.geometry)) - Number(booleanPointInPolygon(centre, a.geometry))
    );
    for (const g of ordered) {
      if (g.geometry.type !== 'Polygon') continue;
      try {
        const [a, b] = splitPolygonByLine(g.geometry, line);
        this.changed([
          ...this.draft.filter((x) => x.key !== g.key),
          { key: this.newKey(), code: null, name: null, geometry: a },
          { key: this.newKey(), code: null, name: null, geometry: b }
        ]);
        this.tool = 'select';
        return;
      } catch (e) {
        if (!/crosses 0 times/.test((e as Error).message)) errors.push((e as Error).message);
      }
    }
    this.message = {
      kind: 'error',
      text: this.t('plan.split.failed', { message: errors[0] ?? 'the line crosses no grid' })
    };
    this.version++;
  }

  /** Merge the picked grids into one. */
  merge() {
    try {
      const parts = this.draft.filter((g) => this.picked.includes(g.key));
      const merged = mergePolygons(
        parts.map((g) => g.geometry),
        PLAN_TOLERANCES.areaM2
      );
      this.changed([
        ...this.draft.filter((g) => !this.picked.includes(g.key)),
        { key: this.newKey(), code: null, name: null, geometry: merged }
      ]);
      this.picked = [];
    } catch (e) {
      this.message = { kind: 'error', text: this.t('plan.merge.failed', { message: (e as Error).message }) };
    }
  }

  /** Delete the picked grids. */
  remove() {
    this.changed(this.draft.filter((g) => !this.picked.includes(g.key)));
    this.picked = [];
  }

  /** Save the draft as the next revision; a conflict or refusal is explained in `message`. */
  async save() {
    const plan = this.plan;
    if (!plan) return;
    this.saving = true;
    this.message = null;
    try {
      const { status, body } = await post(
        `/api/plan/${this.area}`,
        JSON.stringify({ baseRevision: plan.revision, children: this.featureCollection() }),
        'application/json'
      );
      if (status === 200) {
        const total = (c: Record<string, number>) => Object.values(c).reduce((s, n) => s + n, 0);
        const b = body as {
          changed: boolean;
          revision: number;
          closed: string[];
          added: string[];
          reassigned: number;
          before: Record<string, number>;
          after: Record<string, number>;
        };
        const text = !b.changed
          ? this.t('plan.unchanged', { revision: b.revision })
          : this.t('plan.saved', {
              revision: b.revision,
              closed: b.closed.length,
              added: b.added.length,
              moved: b.reassigned,
              before: total(b.before),
              after: total(b.after)
            });
        await this.load();
        this.message = { kind: 'ok', text };
      } else if (status === 412) {
        const changes = (body.changes as PlanData['history'])
          .map((c) => `#${c.revision} ${c.username ?? ''} −${c.closedCodes.join(',')} +${c.addedCodes.join(',')}`)
          .join('; ');
        this.message = {
          kind: 'conflict',
          text: this.t('plan.conflict', { revision: body.revision as number, changes })
        };
      } else {
        this.refusedProblems = (body.problems as ShownProblem[] | undefined) ?? [];
        this.message = { kind: 'refused', text: this.t('plan.refused', { message: String(body.message ?? status) }) };
      }
    } catch (err) {
      this.message = { kind: 'error', text: (err as Error).message };
    } finally {
      this.saving = false;
    }
  }

  /** Replace the draft by a GeoJSON file's grids, once the server's dry run accepts them. */
  async importText(text: string) {
    if (!this.plan) return;
    try {
      const { ok, body } = await post(`/api/plan/${this.area}/geojson?dryRun=true`, text, 'application/geo+json');
      if (!ok) {
        this.refusedProblems = (body.problems as ShownProblem[] | undefined) ?? [];
        this.message = {
          kind: 'refused',
          text: this.t('plan.import.refused', { message: String(body.message ?? '') })
        };
        return;
      }
      const features = parsePlanGeoJsonText(text, this.t);
      this.changed(
        features.map((f) => ({ key: this.newKey(), code: f.code, name: f.name, geometry: toPolygon(f.geometry) }))
      );
      this.message = { kind: 'ok', text: this.t('plan.import.ok', { n: features.length }) };
    } catch (err) {
      this.message = { kind: 'error', text: (err as Error).message };
    }
  }
}

const KEY = Symbol('plan-state');

/** Create the planner page's state and share it with its components. */
export function setPlanContext(t: Translate): PlanState {
  return setContext(KEY, new PlanState(t));
}

/** The planner page's state. */
export function getPlanContext(): PlanState {
  const state = getContext<PlanState | undefined>(KEY);
  if (!state) throw new Error('getPlanContext: no plan state; call setPlanContext in the page first');
  return state;
}
