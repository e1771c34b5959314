/**
 * Permission matrix: every route of the app × every role (and no session) × an object in the
 * caller's area, an object in another area and an id that does not exist, against the running app.
 * Each answer's status is checked, and for reads the exact set of ids, against sets computed
 * independently of the request's own access path:
 * - embedded instance (global setup): the district commander sees every row (checked against the
 *   row counts of /api/health), and the expected rows of a narrower caller are the commander's rows
 *   whose area code lies in that caller's area;
 * - server instance (TEST_DATABASE_URL): a fresh database served by a second app process, with the
 *   expected rows read by trusted SQL (superuser, no row-level security) from that same database.
 * The expected role × route table is written out here, not derived from the app's ROUTE_RULES, so
 * a wrong entry in the app's table fails too.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { todayInChina } from '../../src/lib/core/dates';
import { addDays } from '../../src/lib/map/view-state';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROLES, type Role } from '../../src/lib/server/access/permissions';
import { ROUTE_RULES } from '../../src/lib/server/access/route-rules';

import { createUser, DEMO_USERS } from '../../src/lib/server/auth/users';
import { openDatabase } from '../../src/lib/server/db/connect';
import { repoRoot } from '../support/app';
import { startApp } from '../support/app-process';
import { requireCapability } from '../support/ci';
import { signInCookie } from '../support/session-cookie';

/** Where sign-in lands each role when no page was asked for (DESIGN: each role's own page). */
const LANDING: Record<Role, string> = {
  commander: '/',
  planner: '/plan',
  inspector: '/inspect',
  mediator: '/',
  admin: '/'
};

type Who = Role | 'anonymous';
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
/** What a request is about: no object (a list), an object in 370105-008, one elsewhere, or none at all. */
type Target = 'list' | 'own' | 'other' | 'missing';

const WHO: readonly Who[] = ['anonymous', ...ROLES];
/** Home area of inspector and mediator; the district roles' area contains it. */
const OWN_AREA = '370105-008';
/** An id no table holds (ids are far below it in the demo data). */
const MISSING_ID = 999_999_999;
const HOME = Object.fromEntries(DEMO_USERS.map((u) => [u.role, u.homeAreaCode])) as Record<Role, string>;
const CREDENTIALS = Object.fromEntries(DEMO_USERS.map((u) => [u.role, u])) as Record<Role, (typeof DEMO_USERS)[number]>;

const TARGET_LABEL: Record<Target, string> = {
  list: 'list',
  own: `object in ${OWN_AREA}`,
  other: `object outside ${OWN_AREA}`,
  missing: 'id that does not exist'
};

/** Whether an area code lies in the subtree of a scope code (area codes are hierarchical). */
const inScope = (code: string, scope: string) => code === scope || code.startsWith(`${scope}-`);
const sorted = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);

interface AreaRow {
  id: number;
  code: string;
  level: 'district' | 'subdistrict' | 'grid';
}
interface Located {
  id: number;
  gridCode: string;
}
interface HazardRow extends Located {
  status: string;
  foundOn: string;
}

/** The rows the expectations are computed from. */
interface World {
  areas: AreaRow[];
  enterprises: Located[];
  petitions: Located[];
  /** Every hazard (server) or a sample of them (embedded). */
  hazards: HazardRow[];
}

/** One app under test. */
interface Instance {
  baseUrl: string;
  world: World;
  /** Cookie value of a session per role, signed in once for the whole suite. */
  sessions: Record<Role, string>;
  /** A hazard's status read on the trusted path (null when there is no such hazard). */
  hazardStatus(id: number): Promise<string | null>;
}

/** What a request returned, in the terms the matrix compares. */
interface Outcome {
  status: number;
  /** Redirect target (path and query) of a 3xx answer. */
  location?: string;
  /** Ids of the rows a read returned. */
  ids?: number[];
  /** Petition counts: ids of the areas whose count is exact. */
  exactIds?: number[];
  /** Sign-in: whether a session cookie was set. */
  session?: boolean;
  /** Hazard PATCH: the hazard's status afterwards, read on the trusted path. */
  after?: string | null;
}

// ---------------------------------------------------------------------------------------------
// HTTP

interface CallOptions {
  method?: Method;
  json?: unknown;
  form?: Record<string, string>;
  /** Origin header of a state-changing request; the app's own origin unless given. */
  origin?: string;
  /** Session cookie value to send instead of the role's. */
  cookie?: string;
}

async function call(inst: Instance, who: Who, path: string, opts: CallOptions = {}): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = {};
  const cookie = opts.cookie ?? (who === 'anonymous' ? undefined : inst.sessions[who]);
  if (cookie) headers.cookie = `pingan_session=${cookie}`;
  if (method !== 'GET') headers.origin = opts.origin ?? inst.baseUrl;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    // As a browser posts a form: without `accept: text/html`, SvelteKit answers a form action
    // with its JSON result (status 200) instead of the redirect.
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers.accept = 'text/html';
    body = new URLSearchParams(opts.form).toString();
  }
  return fetch(`${inst.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
}

async function getJson<T>(inst: Instance, who: Role, path: string): Promise<T> {
  const res = await call(inst, who, path);
  if (res.status !== 200) throw new Error(`GET ${path} as ${who}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Status and redirect target of an answer whose body the matrix does not read. */
async function bare(res: Response): Promise<Outcome> {
  await res.body?.cancel();
  const location = res.headers.get('location');
  return location === null ? { status: res.status } : { status: res.status, location };
}

/** Sign in with a role's demo credentials; returns the session cookie's value. */
async function signIn(baseUrl: string, role: Role): Promise<string> {
  return (await signInCookie(baseUrl, CREDENTIALS[role])).slice('pingan_session='.length);
}

async function signInAll(baseUrl: string): Promise<Record<Role, string>> {
  const sessions = {} as Record<Role, string>;
  for (const role of ROLES) sessions[role] = await signIn(baseUrl, role);
  return sessions;
}

// ---------------------------------------------------------------------------------------------
// Objects the requests are about

const subdistricts = (w: World) => w.areas.filter((a) => a.level === 'subdistrict');
const ownSubdistrict = (w: World) => subdistricts(w).find((a) => a.code === OWN_AREA)!;
const otherSubdistrict = (w: World) => subdistricts(w).find((a) => a.code !== OWN_AREA)!;
const openHazards = (w: World, own: boolean) =>
  w.hazards.filter((h) => h.status === 'open' && inScope(h.gridCode, OWN_AREA) === own);

/** A distinct open hazard for each PATCH case, so every case starts from `open`. */
function patchHazard(w: World, who: Who, target: 'own' | 'other'): HazardRow {
  return openHazards(w, target === 'own')[WHO.indexOf(who)]!;
}
/** The open hazard the cross-origin request aims at (after the matrix's own ones). */
const crossOriginHazard = (w: World) => openHazards(w, true)[WHO.length]!;
/** The enterprise a visit is recorded at: the first in, or the first outside, OWN_AREA. */
const visitEnterprise = (w: World, target: 'own' | 'other') =>
  w.enterprises.find((e) => inScope(e.gridCode, OWN_AREA) === (target === 'own'))!;
/** A hazard for the GET cases (their status does not matter). */
const readHazard = (w: World, target: 'own' | 'other') =>
  w.hazards.find((h) => inScope(h.gridCode, OWN_AREA) === (target === 'own'))!;

// ---------------------------------------------------------------------------------------------
// The matrix

/** One route × method: which roles it admits, what to ask, and what an admitted caller gets. */
interface Spec {
  /** Roles admitted (the README's role × action table, written out). */
  may: readonly Role[] | 'everyone';
  targets: readonly Target[];
  /** What a caller without a session gets. */
  anonymous: (inst: Instance, target: Target) => Outcome;
  /** For a refused write: what the trusted path shows afterwards (the object unchanged). */
  unchanged?: (inst: Instance, who: Who, target: Target) => Partial<Outcome>;
  /** What an admitted role gets. */
  allowed: (inst: Instance, role: Role, target: Target) => Outcome;
  /** Make the request and describe its answer. */
  probe: (inst: Instance, who: Who, target: Target) => Promise<Outcome>;
}

const ALL_ROLES = ROLES;
const unauthorized = (): Outcome => ({ status: 401 });
const toSignIn = (path: string) => (): Outcome => ({
  status: 303,
  location: `/signin?next=${encodeURIComponent(path)}`
});

const gridIds = (w: World, scope: string, under?: string) =>
  sorted(
    w.areas
      .filter((a) => a.level === 'grid' && inScope(a.code, scope) && (!under || inScope(a.code, under)))
      .map((a) => a.id)
  );

function withinId(w: World, target: Target): number | undefined {
  if (target === 'own') return ownSubdistrict(w).id;
  if (target === 'other') return otherSubdistrict(w).id;
  if (target === 'missing') return MISSING_ID;
  return undefined;
}

function hazardId(w: World, who: Who, target: Target, forPatch: boolean): number {
  if (target === 'missing') return MISSING_ID;
  const t = target as 'own' | 'other';
  return forPatch ? patchHazard(w, who, t).id : readHazard(w, t).id;
}

async function readPetitionIds(inst: Instance, who: Who): Promise<Outcome> {
  const ids: number[] = [];
  let after = 0;
  for (;;) {
    const res = await call(inst, who, `/api/petitions?limit=1000&after=${after}`);
    if (res.status !== 200) return bare(res);
    const page = (await res.json()) as { cases: { id: number }[]; next: number | null };
    ids.push(...page.cases.map((c) => c.id));
    if (page.next === null) return { status: 200, ids: sorted(ids) };
    after = page.next;
  }
}

/**
 * An analytics route about one sub-district (own, another, or a code that does not exist): 200 with
 * that area when it lies in the caller's own area, otherwise 404 — the id returned is the area's.
 */
function subdistrictRoute(may: Spec['may'], path: (code: string) => string): Spec {
  const codeOf = (w: World, target: Target) =>
    target === 'missing' ? '370105-999' : (target === 'own' ? ownSubdistrict(w) : otherSubdistrict(w)).code;
  return {
    may,
    targets: ['own', 'other', 'missing'],
    anonymous: unauthorized,
    allowed: ({ world }, role, target) => {
      if (target === 'missing') return { status: 404 };
      const area = target === 'own' ? ownSubdistrict(world) : otherSubdistrict(world);
      return inScope(area.code, HOME[role]) ? { status: 200, ids: [area.id] } : { status: 404 };
    },
    probe: async (inst, who, target) => {
      const res = await call(inst, who, path(codeOf(inst.world, target)));
      if (res.status !== 200) return bare(res);
      const body = (await res.json()) as { area: { id: number } };
      return { status: 200, ids: [body.area.id] };
    }
  };
}

/** A community of the own sub-district, one of another, or a code no community has (planner routes). */
function communityOf(w: World, target: Target): string {
  if (target === 'missing') return '370105-999-999';
  const grid = w.areas.find((a) => a.level === 'grid' && inScope(a.code, OWN_AREA) === (target === 'own'))!;
  return grid.code.split('-').slice(0, 3).join('-');
}

const TINY_PLAN = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [117, 36.7],
            [117.01, 36.7],
            [117.01, 36.71],
            [117, 36.7]
          ]
        ]
      }
    }
  ]
};

/** The community's current plan as the planner reads it (for the bodies of the write probes). */
async function planOf(inst: Instance, code: string): Promise<{ revision: number; children: typeof TINY_PLAN }> {
  const res = await call(inst, 'planner', `/api/plan/${code}`);
  if (res.status !== 200) {
    await res.body?.cancel();
    return { revision: 0, children: TINY_PLAN };
  }
  return (await res.json()) as { revision: number; children: typeof TINY_PLAN };
}

/**
 * A grid-planner route about one community: planners only; 200 in their area (the planner's is
 * the district), 404 for a code no community has. `ids` = the community's grids where the answer
 * lists them.
 */
function planRoute(lists: boolean, probe: (inst: Instance, who: Who, code: string) => Promise<Outcome>): Spec {
  return {
    may: ['planner'],
    targets: ['own', 'other', 'missing'],
    anonymous: unauthorized,
    allowed: ({ world }, role, target) => {
      if (target === 'missing') return { status: 404 };
      const code = communityOf(world, target);
      if (!inScope(code, HOME[role])) return { status: 404 };
      return lists ? { status: 200, ids: gridIds(world, HOME[role], code) } : { status: 200 };
    },
    probe: (inst, who, target) => probe(inst, who, communityOf(inst.world, target))
  };
}

async function listedIds(res: Response, pick: (body: unknown) => { id: number }[]): Promise<Outcome> {
  if (res.status !== 200) return bare(res);
  return { status: 200, ids: sorted(pick(await res.json()).map((f) => f.id)) };
}

const MATRIX: Record<string, Partial<Record<Method, Spec>>> = {
  '/': {
    GET: {
      may: ALL_ROLES,
      targets: ['list'],
      anonymous: toSignIn('/'),
      allowed: () => ({ status: 200 }),
      probe: async (inst, who) => bare(await call(inst, who, '/'))
    }
  },
  '/signin': {
    GET: {
      may: ALL_ROLES,
      targets: ['list'],
      anonymous: () => ({ status: 200 }),
      // A signed-in user is sent on to the role's own page.
      allowed: (_inst, role) => ({ status: 303, location: LANDING[role] }),
      probe: async (inst, who) => bare(await call(inst, who, '/signin'))
    },
    POST: {
      may: ALL_ROLES,
      targets: ['list'],
      // Without credentials: the form again, no session.
      anonymous: () => ({ status: 400, session: false }),
      allowed: (_inst, role) => ({ status: 303, location: LANDING[role], session: true }),
      probe: async (inst, who) => {
        const form = who === 'anonymous' ? { username: 'commander', password: 'not-the-password' } : CREDENTIALS[who];
        const res = await call(inst, 'anonymous', '/signin', {
          method: 'POST',
          form: { username: form.username, password: form.password }
        });
        const session = res.headers.getSetCookie().some((c) => /^pingan_session=[^;]+/.test(c));
        return { ...(await bare(res)), session };
      }
    }
  },
  '/signout': {
    POST: {
      may: ALL_ROLES,
      targets: ['list'],
      anonymous: unauthorized,
      allowed: () => ({ status: 303, location: '/signin' }),
      // A session of its own: signing out revokes it.
      probe: async (inst, who) =>
        bare(
          await call(inst, who, '/signout', {
            method: 'POST',
            cookie: who === 'anonymous' ? undefined : await signIn(inst.baseUrl, who)
          })
        )
    }
  },
  '/admin/audit': {
    GET: {
      may: ['admin'],
      targets: ['list'],
      anonymous: toSignIn('/admin/audit'),
      allowed: () => ({ status: 200 }),
      probe: async (inst, who) => bare(await call(inst, who, '/admin/audit'))
    }
  },
  '/api/health': {
    GET: {
      may: 'everyone',
      targets: ['list'],
      anonymous: () => ({ status: 200 }),
      allowed: () => ({ status: 200 }),
      probe: async (inst, who) => bare(await call(inst, who, '/api/health'))
    }
  },
  '/api/map/grids': {
    GET: {
      may: ALL_ROLES,
      targets: ['list', 'own', 'other', 'missing'],
      anonymous: unauthorized,
      allowed: ({ world }, role, target) => {
        if (target === 'list') return { status: 200, ids: gridIds(world, HOME[role]) };
        if (target === 'missing') return { status: 404 };
        const area = target === 'own' ? ownSubdistrict(world) : otherSubdistrict(world);
        return inScope(area.code, HOME[role])
          ? { status: 200, ids: gridIds(world, HOME[role], area.code) }
          : { status: 404 };
      },
      probe: async (inst, who, target) => {
        const within = withinId(inst.world, target);
        const res = await call(inst, who, `/api/map/grids${within === undefined ? '' : `?within=${within}`}`);
        if (res.status !== 200) return bare(res);
        const fc = (await res.json()) as { features: { id: number }[] };
        return { status: 200, ids: sorted(fc.features.map((f) => f.id)) };
      }
    }
  },
  '/api/analytics/pyramid': {
    GET: subdistrictRoute(
      ALL_ROLES,
      (code) => `/api/analytics/pyramid?area=${code}&domain=safety&from=2023-01-01&to=2026-12-31`
    )
  },
  '/api/analytics/risk': {
    GET: subdistrictRoute(ALL_ROLES, (code) => `/api/analytics/risk?area=${code}&from=2026-01-01&to=2026-06-30`)
  },
  '/api/analytics/heat': {
    GET: {
      // Petition heat shows where cases are: the roles that read petition cases.
      may: ['commander', 'mediator'],
      targets: ['list'],
      anonymous: unauthorized,
      allowed: () => ({ status: 200 }),
      probe: async (inst, who) =>
        bare(
          await call(
            inst,
            who,
            '/api/analytics/heat?kind=petition&bbox=116.95,36.66,117.06,36.75&zoom=13&from=2026-01-01&to=2026-06-30'
          )
        )
    }
  },
  '/api/analytics/inspection-priorities': {
    GET: subdistrictRoute(
      ALL_ROLES,
      (code) => `/api/analytics/inspection-priorities?area=${code}&visits=10&asOf=2026-11-01`
    )
  },
  '/api/analytics/mediation-allocation': {
    GET: subdistrictRoute(['commander', 'mediator'], (code) => `/api/analytics/mediation-allocation?area=${code}`)
  },
  '/api/analytics/trends': {
    GET: subdistrictRoute(
      ALL_ROLES,
      (code) => `/api/analytics/trends?series=hazards&area=${code}&from=2026-01&to=2026-06`
    )
  },
  '/api/analytics/daily-reports': {
    GET: subdistrictRoute(ALL_ROLES, (code) => `/api/analytics/daily-reports?area=${code}&day=2026-11-20`)
  },
  '/api/analytics/hotspots': {
    GET: {
      may: ALL_ROLES,
      targets: ['own', 'other', 'missing'],
      anonymous: unauthorized,
      // Gi* over the grids of a sub-district: only when it lies in one's own area; ids are its grids.
      allowed: ({ world }, role, target) => {
        if (target === 'missing') return { status: 404 };
        const area = target === 'own' ? ownSubdistrict(world) : otherSubdistrict(world);
        return inScope(area.code, HOME[role])
          ? { status: 200, ids: gridIds(world, HOME[role], area.code) }
          : { status: 404 };
      },
      probe: async (inst, who, target) => {
        const code =
          target === 'missing'
            ? '370105-999'
            : (target === 'own' ? ownSubdistrict(inst.world) : otherSubdistrict(inst.world)).code;
        const res = await call(
          inst,
          who,
          `/api/analytics/hotspots?area=${code}&kind=hazard&from=2026-01-01&to=2026-06-30`
        );
        if (res.status !== 200) return bare(res);
        const body = (await res.json()) as { grids: { id: number }[] };
        return { status: 200, ids: sorted(body.grids.map((g) => g.id)) };
      }
    }
  },
  '/inspect': {
    GET: {
      may: ['commander', 'inspector'],
      targets: ['list'],
      anonymous: toSignIn('/inspect'),
      allowed: () => ({ status: 200 }),
      probe: async (inst, who) => bare(await call(inst, who, '/inspect'))
    }
  },
  '/api/inspect/nearby': {
    GET: {
      may: ['commander', 'inspector'],
      targets: ['own', 'other'],
      anonymous: unauthorized,
      allowed: () => ({ status: 200 }),
      // Standing at a hazard in one's own sub-district or in another; the database scopes the sites
      // (tests/db/nearby.test.ts checks which).
      probe: async (inst, who, target) => {
        const at = await getJson<{ lon: number; lat: number }>(
          inst,
          'commander',
          `/api/hazards/${readHazard(inst.world, target as 'own' | 'other').id}`
        );
        return bare(await call(inst, who, `/api/inspect/nearby?lon=${at.lon}&lat=${at.lat}&radius=1500`));
      }
    }
  },
  '/api/inspect/visits': {
    GET: {
      may: ['inspector'],
      targets: ['list'],
      anonymous: unauthorized,
      allowed: () => ({ status: 200 }),
      probe: async (inst, who) => bare(await call(inst, who, '/api/inspect/visits'))
    },
    POST: {
      may: ['inspector'],
      targets: ['own', 'other', 'missing'],
      anonymous: unauthorized,
      // An enterprise in one's area is visited (201); one outside it or none at all is not found.
      allowed: ({ world }, role, target) => {
        if (target === 'missing') return { status: 404 };
        const e = visitEnterprise(world, target as 'own' | 'other');
        return { status: inScope(e.gridCode, HOME[role]) ? 201 : 404 };
      },
      probe: async (inst, who, target) => {
        const id = target === 'missing' ? MISSING_ID : visitEnterprise(inst.world, target as 'own' | 'other').id;
        const res = await call(inst, who, '/api/inspect/visits', {
          method: 'POST',
          json: { key: randomUUID(), site: { kind: 'enterprise', id }, at: new Date().toISOString(), note: 'matrix' }
        });
        return bare(res);
      }
    }
  },
  '/api/map/areas': { GET: subdistrictRoute(ALL_ROLES, (code) => `/api/map/areas?area=${code}`) },
  '/api/map/timeline': {
    GET: subdistrictRoute(ALL_ROLES, (code) => `/api/map/timeline?area=${code}&from=2026-01-01&to=2026-06-30`)
  },
  '/api/command/alerts': {
    GET: subdistrictRoute(ALL_ROLES, (code) => `/api/command/alerts?area=${code}&day=2026-06-30`)
  },
  '/briefing': {
    GET: {
      may: ALL_ROLES,
      targets: ['list'],
      anonymous: toSignIn('/briefing?area=370105-008&day=2026-06-30'),
      allowed: () => ({ status: 200 }),
      probe: async (inst, who) => bare(await call(inst, who, '/briefing?area=370105-008&day=2026-06-30'))
    }
  },
  '/api/map/hazards': {
    GET: {
      may: ALL_ROLES,
      targets: ['list'],
      anonymous: unauthorized,
      // The world holds every hazard (server) or a sample (embedded): compare on those ids.
      allowed: ({ world }, role) => ({
        status: 200,
        ids: sorted(world.hazards.filter((h) => inScope(h.gridCode, HOME[role])).map((h) => h.id))
      }),
      probe: async (inst, who) => {
        const res = await call(inst, who, '/api/map/hazards');
        if (res.status !== 200) return bare(res);
        const known = new Set(inst.world.hazards.map((h) => h.id));
        return {
          status: 200,
          ids: sorted(((await res.json()) as { ids: number[] }).ids.filter((id) => known.has(id)))
        };
      }
    }
  },
  '/api/map/petitions': {
    GET: {
      may: ['commander', 'mediator'],
      targets: ['list'],
      anonymous: unauthorized,
      // Columns carry no ids: the count of cases in one's area over the whole demo period stands in for them.
      allowed: ({ world }, role) => ({
        status: 200,
        ids: [world.petitions.filter((p) => inScope(p.gridCode, HOME[role])).length]
      }),
      probe: async (inst, who) => {
        const to = todayInChina();
        const res = await call(inst, who, `/api/map/petitions?from=${addDays(to, -5 * 365)}&to=${to}`);
        if (res.status !== 200) return bare(res);
        return { status: 200, ids: [((await res.json()) as { count: number }).count] };
      }
    }
  },
  '/api/map/enterprises': {
    GET: {
      may: ALL_ROLES,
      targets: ['list'],
      anonymous: unauthorized,
      allowed: ({ world }, role) => ({
        status: 200,
        ids: sorted(world.enterprises.filter((e) => inScope(e.gridCode, HOME[role])).map((e) => e.id))
      }),
      probe: async (inst, who) => {
        const res = await call(inst, who, '/api/map/enterprises');
        if (res.status !== 200) return bare(res);
        return { status: 200, ids: sorted(((await res.json()) as { ids: number[] }).ids) };
      }
    }
  },
  '/api/map/district': {
    GET: {
      may: ALL_ROLES,
      targets: ['list'],
      anonymous: unauthorized,
      // One's own area and the areas that contain it (for context).
      allowed: ({ world }, role) => ({
        status: 200,
        ids: sorted(
          world.areas
            .filter((a) => a.level !== 'grid' && (inScope(a.code, HOME[role]) || inScope(HOME[role], a.code)))
            .map((a) => a.id)
        )
      }),
      probe: async (inst, who) => {
        const res = await call(inst, who, '/api/map/district');
        if (res.status !== 200) return bare(res);
        return {
          status: 200,
          ids: sorted(((await res.json()) as { features: { id: number }[] }).features.map((f) => f.id))
        };
      }
    }
  },
  '/api/hazards/[id]': {
    GET: {
      may: ALL_ROLES,
      targets: ['own', 'other', 'missing'],
      anonymous: unauthorized,
      allowed: ({ world }, role, target) => {
        if (target === 'missing') return { status: 404 };
        const h = readHazard(world, target as 'own' | 'other');
        return inScope(h.gridCode, HOME[role]) ? { status: 200, ids: [h.id] } : { status: 404 };
      },
      probe: async (inst, who, target) => {
        const res = await call(inst, who, `/api/hazards/${hazardId(inst.world, who, target, false)}`);
        if (res.status !== 200) return bare(res);
        return { status: 200, ids: [((await res.json()) as { id: number }).id] };
      }
    },
    PATCH: {
      may: ['commander', 'inspector'],
      targets: ['own', 'other', 'missing'],
      anonymous: unauthorized,
      unchanged: (_inst, _who, target) => ({ after: target === 'missing' ? null : 'open' }),
      allowed: ({ world }, role, target) => {
        if (target === 'missing') return { status: 404, after: null };
        const h = patchHazard(world, role, target as 'own' | 'other');
        return inScope(h.gridCode, HOME[role]) ? { status: 200, after: 'rectifying' } : { status: 404, after: 'open' };
      },
      probe: async (inst, who, target) => {
        const id = hazardId(inst.world, who, target, true);
        const h = inst.world.hazards.find((x) => x.id === id);
        const res = await call(inst, who, `/api/hazards/${id}`, {
          method: 'PATCH',
          // `on` = the day it was found, so the change is valid whatever today's date.
          json: { status: 'rectifying', on: h?.foundOn ?? '2026-01-01' }
        });
        return { status: (await bare(res)).status, after: await inst.hazardStatus(id) };
      }
    }
  },
  '/plan': {
    GET: {
      may: ['planner'],
      targets: ['list'],
      anonymous: toSignIn('/plan'),
      allowed: () => ({ status: 200 }),
      probe: async (inst, who) => bare(await call(inst, who, '/plan'))
    }
  },
  '/api/plan/[code]': {
    GET: planRoute(true, async (inst, who, code) =>
      listedIds(
        await call(inst, who, `/api/plan/${code}`),
        (b) => (b as { children: { features: { id: number }[] } }).children.features
      )
    ),
    // The current grids saved again from the current revision: accepted, nothing changes.
    POST: planRoute(false, async (inst, who, code) => {
      const plan = await planOf(inst, code);
      return bare(
        await call(inst, who, `/api/plan/${code}`, {
          method: 'POST',
          json: { baseRevision: plan.revision, children: plan.children }
        })
      );
    })
  },
  '/api/plan/[code]/validate': {
    POST: planRoute(false, async (inst, who, code) =>
      bare(
        await call(inst, who, `/api/plan/${code}/validate`, {
          method: 'POST',
          json: (await planOf(inst, code)).children
        })
      )
    )
  },
  '/api/plan/[code]/geojson': {
    GET: planRoute(true, async (inst, who, code) =>
      listedIds(
        await call(inst, who, `/api/plan/${code}/geojson`),
        (b) => (b as { features: { id: number }[] }).features
      )
    ),
    POST: planRoute(false, async (inst, who, code) =>
      bare(
        await call(inst, who, `/api/plan/${code}/geojson?dryRun=true`, {
          method: 'POST',
          json: (await planOf(inst, code)).children
        })
      )
    )
  },
  '/api/petitions/counts': {
    GET: {
      may: ALL_ROLES,
      targets: ['list'],
      anonymous: unauthorized,
      // Every sub-district is listed; counts are exact inside one's own area only.
      allowed: ({ world }, role) => ({
        status: 200,
        ids: sorted(subdistricts(world).map((a) => a.id)),
        exactIds: sorted(
          subdistricts(world)
            .filter((a) => inScope(a.code, HOME[role]))
            .map((a) => a.id)
        )
      }),
      probe: async (inst, who) => {
        const res = await call(
          inst,
          who,
          `/api/petitions/counts?level=subdistrict&from=2020-01-01&to=${addDays(todayInChina(), 1)}`
        );
        if (res.status !== 200) return bare(res);
        const { areas } = (await res.json()) as { areas: { area_id: number; exact: boolean }[] };
        return {
          status: 200,
          ids: sorted(areas.map((a) => a.area_id)),
          exactIds: sorted(areas.filter((a) => a.exact).map((a) => a.area_id))
        };
      }
    }
  },
  '/api/petitions': {
    GET: {
      may: ['commander', 'mediator'],
      targets: ['list'],
      anonymous: unauthorized,
      allowed: ({ world }, role) => ({
        status: 200,
        ids: sorted(world.petitions.filter((p) => inScope(p.gridCode, HOME[role])).map((p) => p.id))
      }),
      probe: async (inst, who) => readPetitionIds(inst, who)
    }
  }
};

/** The outcome the matrix expects for one caller and target. */
function expected(spec: Spec, inst: Instance, who: Who, target: Target): Outcome {
  const unchanged = spec.unchanged?.(inst, who, target) ?? {};
  if (who === 'anonymous') return { ...spec.anonymous(inst, target), ...unchanged };
  const admitted = spec.may === 'everyone' || spec.may.includes(who);
  if (!admitted) return { status: 403, ...unchanged };
  return spec.allowed(inst, who, target);
}

// ---------------------------------------------------------------------------------------------
// Route ids on disk

const ROUTE_FILES = new Set(['+server.ts', '+page.svelte', '+page.server.ts']);

/** SvelteKit route ids of the files under src/routes (`api/hazards/[id]/+server.ts` → `/api/hazards/[id]`). */
function routeIdsOnDisk(): string[] {
  const root = join(repoRoot, 'src', 'routes');
  const ids = new Set<string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !ROUTE_FILES.has(entry.name)) continue;
    const segments = relative(root, entry.parentPath).split(sep).filter(Boolean);
    ids.add(`/${segments.join('/')}`);
  }
  return [...ids].sort();
}

const methodsByRoute = (table: Record<string, Partial<Record<Method, unknown>>>) =>
  Object.fromEntries(Object.entries(table).map(([route, methods]) => [route, Object.keys(methods).sort()]));

describe('the permission matrix covers every route', () => {
  it('lists the same route ids as the route files on disk and ROUTE_RULES', () => {
    const onDisk = routeIdsOnDisk();

    expect({ routeRules: Object.keys(ROUTE_RULES).sort(), matrix: Object.keys(MATRIX).sort() }).toEqual({
      routeRules: onDisk,
      matrix: onDisk
    });
  });

  it('covers every method ROUTE_RULES gives a rule', () => {
    expect(methodsByRoute(MATRIX)).toEqual(methodsByRoute(ROUTE_RULES));
  });
});

// ---------------------------------------------------------------------------------------------
// The suite, once per instance

/** Parse the audit page's table: one entry per row. */
function auditRows(
  html: string
): { username: string; action: string; object: string; outcome: string; status: string }[] {
  const rows = [...html.matchAll(/<tr class="([a-z]+)[^"]*">([\s\S]*?)<\/tr>/g)];
  return rows.flatMap(([, outcome, cells]) => {
    // Comments and tags (Svelte's hydration markers, <code>) stripped: the text a person reads.
    const texts = [...cells!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, t]) => t!.replace(/<[^>]*>/g, '').trim());
    if (texts.length < 7) return []; // the header row
    return [
      {
        username: texts[1]!,
        action: texts[3]!,
        object: texts[4]!,
        outcome: outcome!,
        status: texts[6]!.split(' ').pop()!
      }
    ];
  });
}

function matrixSuite(name: string, open: () => Promise<{ inst: Instance; close(): Promise<void> }>) {
  describe(name, () => {
    let inst: Instance;
    let close: (() => Promise<void>) | undefined;

    // Starting an instance seeds its demo data: on a loaded 2-core machine (two suites side by
    // side) that took longer than 600 s. A wait, not a speed test.
    beforeAll(async () => {
      ({ inst, close } = await open());
    }, 1_800_000);

    afterAll(async () => {
      await close?.();
    });

    it('has the objects the matrix needs', () => {
      const w = inst.world;

      expect({
        ownSubdistrict: ownSubdistrict(w)?.code,
        otherSubdistrict: otherSubdistrict(w)?.code.startsWith('370105-'),
        ownOpenHazards: openHazards(w, true).length > WHO.length,
        otherOpenHazards: openHazards(w, false).length >= WHO.length,
        petitionsInOwnArea: w.petitions.some((p) => inScope(p.gridCode, OWN_AREA)),
        petitionsElsewhere: w.petitions.some((p) => !inScope(p.gridCode, OWN_AREA)),
        enterprisesInOwnArea: w.enterprises.some((e) => inScope(e.gridCode, OWN_AREA)),
        enterprisesElsewhere: w.enterprises.some((e) => !inScope(e.gridCode, OWN_AREA))
      }).toEqual({
        ownSubdistrict: OWN_AREA,
        otherSubdistrict: true,
        ownOpenHazards: true,
        otherOpenHazards: true,
        petitionsInOwnArea: true,
        petitionsElsewhere: true,
        enterprisesInOwnArea: true,
        enterprisesElsewhere: true
      });
    });

    for (const [routeId, methods] of Object.entries(MATRIX)) {
      for (const [method, spec] of Object.entries(methods) as [Method, Spec][]) {
        describe(`${method} ${routeId}`, () => {
          for (const who of WHO) {
            for (const target of spec.targets) {
              it(`${who} · ${TARGET_LABEL[target]}`, async () => {
                const want = expected(spec, inst, who, target);

                expect(await spec.probe(inst, who, target)).toEqual(want);
              });
            }
          }
        });
      }
    }

    it('refuses a cross-origin PATCH with 403 and leaves the hazard unchanged', async () => {
      const h = crossOriginHazard(inst.world);
      const res = await call(inst, 'commander', `/api/hazards/${h.id}`, {
        method: 'PATCH',
        json: { status: 'rectifying', on: h.foundOn },
        origin: 'http://evil.example'
      });

      expect({ status: (await bare(res)).status, after: await inst.hazardStatus(h.id) }).toEqual({
        status: 403,
        after: 'open'
      });
    });

    it('answers 401 to a session cookie replayed after sign-out', async () => {
      const token = await signIn(inst.baseUrl, 'inspector');
      const signedOut = await bare(await call(inst, 'inspector', '/signout', { method: 'POST', cookie: token }));
      const replayed = await bare(await call(inst, 'inspector', '/api/map/grids', { cookie: token }));

      expect({ signedOut: signedOut.status, replayed: replayed.status }).toEqual({ signedOut: 303, replayed: 401 });
    });

    it("shows the admin the planner's refused hazard change in the audit log", async () => {
      const res = await call(inst, 'admin', '/admin/audit?outcome=denied&user=planner');
      const rows = auditRows(await res.text());

      expect(res.status).toBe(200);
      expect(rows).toContainEqual({
        username: 'planner',
        action: 'PATCH /api/hazards/[id]',
        object: '—',
        outcome: 'denied',
        status: '403'
      });
    });

    it("shows the admin the inspector's change outside their area, refused as not found, in the audit log", async () => {
      const h = patchHazard(inst.world, 'inspector', 'other');
      const res = await call(inst, 'admin', '/admin/audit?outcome=denied&user=inspector');
      const rows = auditRows(await res.text());

      expect(res.status).toBe(200);
      expect(rows).toContainEqual({
        username: 'inspector',
        action: 'PATCH /api/hazards/[id]',
        object: `hazard ${h.id}`,
        outcome: 'denied',
        status: '404'
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Embedded instance: expectations from the commander's view

/** The current grid (lowest id first, as the database assigns) that covers a point. */
function gridAt(grids: Feature<MultiPolygon, { code: string }>[], point: [number, number]): string {
  const grid = grids.find((g) => booleanPointInPolygon(point, g));
  if (!grid) throw new Error(`no grid covers ${point.join(', ')}`);
  return grid.properties.code;
}

/** Probe hazard ids (the commander sees all of them) until enough open ones in and outside OWN_AREA are found. */
async function sampleHazards(inst: Instance, total: number): Promise<HazardRow[]> {
  const found: HazardRow[] = [];
  const enough = () =>
    openHazards({ ...inst.world, hazards: found }, true).length > WHO.length + 1 &&
    openHazards({ ...inst.world, hazards: found }, false).length > WHO.length + 1;
  // Newest first: open hazards are the recent ones.
  for (let top = total; top > 0 && !enough(); top -= 50) {
    const ids = Array.from({ length: Math.min(50, top) }, (_, i) => top - i);
    const rows = await Promise.all(
      ids.map(async (id) => {
        const res = await call(inst, 'commander', `/api/hazards/${id}`);
        if (res.status !== 200) return bare(res).then(() => null);
        const h = (await res.json()) as { id: number; grid_code: string; status: string; found_on: string };
        return { id: h.id, gridCode: h.grid_code, status: h.status, foundOn: h.found_on };
      })
    );
    found.push(...rows.filter((r): r is HazardRow => r !== null));
  }
  return found;
}

async function openEmbedded(): Promise<{ inst: Instance; close(): Promise<void> }> {
  const baseUrl = inject('baseUrl');
  const inst: Instance = {
    baseUrl,
    sessions: await signInAll(baseUrl),
    world: { areas: [], enterprises: [], petitions: [], hazards: [] },
    async hazardStatus(id) {
      const res = await call(inst, 'commander', `/api/hazards/${id}`);
      if (res.status === 404) return bare(res).then(() => null);
      return ((await res.json()) as { status: string }).status;
    }
  };
  const grids = await getJson<{ features: Feature<MultiPolygon, { id: number; code: string }>[] }>(
    inst,
    'commander',
    '/api/map/grids'
  );
  const outlines = await getJson<{ features: { id: number; properties: { level: 'district' | 'subdistrict' } }[] }>(
    inst,
    'commander',
    '/api/map/district'
  );
  const areas: AreaRow[] = grids.features.map((g) => ({ id: g.properties.id, code: g.properties.code, level: 'grid' }));
  for (const o of outlines.features) {
    // An outline carries no code: take it from the grids it contains.
    const under = await getJson<{ features: { properties: { code: string } }[] }>(
      inst,
      'commander',
      `/api/map/grids?within=${o.id}`
    );
    const segments = o.properties.level === 'district' ? 1 : 2;
    areas.push({
      id: o.id,
      code: under.features[0]!.properties.code.split('-').slice(0, segments).join('-'),
      level: o.properties.level
    });
  }
  const ent = await getJson<{ ids: number[]; positions: number[] }>(inst, 'commander', '/api/map/enterprises');
  const enterprises = ent.ids.map((id, i) => ({
    id,
    gridCode: gridAt(grids.features, [ent.positions[2 * i]!, ent.positions[2 * i + 1]!])
  }));
  const petitions: Located[] = [];
  for (let after = 0; ;) {
    const page = await getJson<{ cases: { id: number; grid_code: string }[]; next: number | null }>(
      inst,
      'commander',
      `/api/petitions?limit=1000&after=${after}`
    );
    petitions.push(...page.cases.map((c) => ({ id: c.id, gridCode: c.grid_code })));
    if (page.next === null) break;
    after = page.next;
  }
  inst.world = { areas, enterprises, petitions, hazards: [] };
  const health = await getJson<{ counts: Record<string, number> }>(inst, 'commander', '/api/health');
  inst.world.hazards = await sampleHazards(inst, health.counts.hazard!);
  return { inst, close: async () => {} };
}

describe('embedded instance: the commander sees every row', () => {
  it('lists as many enterprises and petition cases as /api/health counts', async () => {
    const baseUrl = inject('baseUrl');
    const cookie = await signIn(baseUrl, 'commander');
    const inst = { baseUrl, sessions: { commander: cookie } } as Instance;
    const health = await getJson<{ counts: Record<string, number> }>(inst, 'commander', '/api/health');
    const ent = await getJson<{ count: number }>(inst, 'commander', '/api/map/enterprises');
    const petitions = await readPetitionIds(inst, 'commander');

    expect({ enterprises: ent.count, petitions: petitions.ids?.length }).toEqual({
      enterprises: health.counts.enterprise,
      petitions: health.counts.petition_case
    });
  });
});

matrixSuite('permission matrix · embedded database', openEmbedded);

// ---------------------------------------------------------------------------------------------
// Server instance: a second app on a fresh PostGIS database, expectations by trusted SQL

const serverUrl = process.env.TEST_DATABASE_URL;
const runServer = requireCapability('server PostGIS', Boolean(serverUrl), 'TEST_DATABASE_URL is not set');

async function openServer(): Promise<{ inst: Instance; close(): Promise<void> }> {
  const name = `pingan_e2e_matrix_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  await admin`create database ${admin(name)}`;
  await admin.end();
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  let stopApp: (() => Promise<void>) | undefined;
  let trustedSql: postgres.Sql | undefined;
  const close = async () => {
    await stopApp?.();
    await trustedSql?.end({ timeout: 5 });
    const a = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    await a`drop database if exists ${a(name)} with (force)`;
    await a.end();
  };
  try {
    // The app migrates and seeds the empty database at start-up; a server database gets no users.
    const app = await startApp({ env: { DATABASE_URL: url.toString() }, logName: 'server-postgis.log' });
    stopApp = app.stop;
    const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused', max: 1 });
    for (const u of DEMO_USERS) await createUser(db.sql, u);
    await db.close();

    // Superuser: row-level security does not apply, so these are all the rows there are.
    const sql = (trustedSql = postgres(url.toString(), { max: 2, onnotice: () => {} }));
    // int8 arrives as a string.
    const num = (x: string) => Number(x);
    const areas = (
      await sql<{ id: string; code: string; level: AreaRow['level'] }[]>`
      select id, code, level from area where valid_to is null and level in ('district', 'subdistrict', 'grid')`
    ).map((a) => ({ ...a, id: num(a.id) }));
    const located = (rows: { id: string; grid_code: string }[]) =>
      rows.map((r) => ({ id: num(r.id), gridCode: r.grid_code }));
    const enterprises = located(
      await sql<
        { id: string; grid_code: string }[]
      >`select e.id, g.code as grid_code from enterprise e join area g on g.id = e.grid_id`
    );
    const petitions = located(
      await sql<
        { id: string; grid_code: string }[]
      >`select p.id, g.code as grid_code from petition_case p join area g on g.id = p.grid_id`
    );
    const hazards = (
      await sql<{ id: string; grid_code: string; status: string; found_on: string }[]>`
      select h.id, g.code as grid_code, h.status, h.found_on::text from hazard h join area g on g.id = h.grid_id order by h.id desc`
    ).map((h) => ({ id: num(h.id), gridCode: h.grid_code, status: h.status, foundOn: h.found_on }));
    const inst: Instance = {
      baseUrl: app.baseUrl,
      sessions: await signInAll(app.baseUrl),
      world: { areas, enterprises, petitions, hazards },
      async hazardStatus(id) {
        const [row] = await sql<{ status: string }[]>`select status from hazard where id = ${id}`;
        return row?.status ?? null;
      }
    };
    return { inst, close };
  } catch (err) {
    await close();
    throw err;
  }
}

describe.skipIf(!runServer)('on a PostGIS server', () => {
  matrixSuite('permission matrix · server database', openServer);
});
