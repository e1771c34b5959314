/**
 * The pyramid endpoint over HTTP on the embedded demo app: bad requests get a 4xx with a message
 * that names the problem; the stability pyramid is for case-handling roles; answers hold no NaN.
 */
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_USERS } from '../../src/lib/server/auth/users';
import { signInCookie } from '../support/session-cookie';

const baseUrl = inject('baseUrl');

function signIn(username: string): Promise<string> {
  return signInCookie(
    baseUrl,
    DEMO_USERS.find((u) => u.username === username)!
  );
}

describe('GET /api/analytics/pyramid', () => {
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    for (const u of ['commander', 'inspector', 'mediator']) cookies[u] = await signIn(u);
  });
  const get = (who: string, query: string) =>
    fetch(`${baseUrl}/api/analytics/pyramid?${query}`, { headers: { cookie: cookies[who]! } });

  test.each([
    [
      'area=abc&domain=safety&from=2026-01-01&to=2026-03-31',
      400,
      'Invalid query parameter "area": must be an area code'
    ],
    ['area=370105&domain=traffic&from=2026-01-01&to=2026-03-31', 400, 'Invalid query parameter "domain"'],
    ['area=370105&domain=safety&from=2026-04-01&to=2026-03-31', 400, '"from" must not be after "to"'],
    ['area=370105&domain=safety&from=2000-01-01&to=2026-03-31', 400, 'at most ten years'],
    [
      'area=370105&domain=safety&from=2026-02-30&to=2026-03-31',
      400,
      '2026-02-30 is not a date: February 2026 has 28 days'
    ],
    ['area=370105&domain=safety&from=2026-01-01', 400, 'Invalid query parameter "to"'],
    ['area=370105-999&domain=safety&from=2026-01-01&to=2026-03-31', 404, 'No current area 370105-999 in your area']
  ])('%s → %i', async (query, status, message) => {
    const res = await get('commander', query);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { message: string }).message).toContain(message);
  });

  test('the district pyramid of the demo data is complete and finite', async () => {
    const res = await get('commander', 'area=370105&domain=safety&from=2023-12-01&to=2026-11-30');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/NaN|Infinity/);
    const body = JSON.parse(text) as { pyramid: { tiers: { id: string; count: number }[]; nearest: string | null } };
    expect(body.pyramid.tiers.map((t) => t.id)).toEqual(['serious', 'minor', 'near_miss', 'open_hazard']);
    expect(body.pyramid.tiers.every((t) => t.count > 0)).toBe(true);
    expect(body.pyramid.nearest).not.toBeNull();
  });

  test('the stability pyramid is refused to an inspector and given to a mediator for their area', async () => {
    const q = 'area=370105-008&domain=stability&from=2026-01-01&to=2026-06-30';
    const refused = await get('inspector', q);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toContain('only commanders and mediators');
    const given = await get('mediator', q);
    expect(given.status).toBe(200);
    const body = (await given.json()) as { pyramid: { tiers: { count: number }[] } };
    expect(body.pyramid.tiers.reduce((s, t) => s + t.count, 0)).toBeGreaterThan(0);
  });
});

describe('GET /api/analytics/risk', () => {
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    for (const u of ['commander', 'inspector']) cookies[u] = await signIn(u);
  });
  const get = (who: string, query: string) =>
    fetch(`${baseUrl}/api/analytics/risk?${query}`, { headers: { cookie: cookies[who]! } });

  test.each([
    [
      'area=370105-008-001-001&from=2026-01-01&to=2026-03-31',
      400,
      'must be the code of a district, sub-district or community'
    ],
    ['area=370105&from=2026-04-01&to=2026-03-31', 400, '"from" must not be after "to"'],
    ['area=370105&from=2026-01-01&to=2026-03-31&k=2', 400, 'Unrecognized key']
  ])('%s → %i', async (query, status, message) => {
    const res = await get('commander', query);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { message: string }).message).toContain(message);
  });

  test('the district’s sub-districts are ranked, each score the sum of its parts, petitions included for a commander', async () => {
    const res = await get('commander', 'area=370105&from=2026-03-01&to=2026-03-10');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      multiplier: number;
      scores: { score: number; parts: { id: string; value: number; available: boolean }[] }[];
    };
    expect(body.scores).toHaveLength(15);
    expect(body.multiplier).toBe(1.5); // 两会
    const scores = body.scores.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const s of body.scores) {
      expect(s.parts.reduce((sum, p) => sum + p.value, 0) * body.multiplier).toBeCloseTo(s.score, 2);
      expect(s.parts.find((p) => p.id === 'petitions')!.available).toBe(true);
    }
  });

  test('an inspector scores only their own sub-district’s communities, without petitions', async () => {
    const res = await get('inspector', 'area=370105-008&from=2026-01-01&to=2026-06-30');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { scores: { code: string; parts: { id: string; available: boolean }[] }[] };
    expect(body.scores.length).toBeGreaterThan(0);
    expect(body.scores.every((s) => s.code.startsWith('370105-008-'))).toBe(true);
    expect(body.scores.every((s) => !s.parts.find((p) => p.id === 'petitions')!.available)).toBe(true);
    expect((await get('inspector', 'area=370105&from=2026-01-01&to=2026-06-30')).status).toBe(200);
  });
});

describe('allocation endpoints', () => {
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    for (const u of ['inspector', 'mediator']) cookies[u] = await signIn(u);
  });
  const get = (who: string, path: string) => fetch(`${baseUrl}${path}`, { headers: { cookie: cookies[who]! } });

  test('an inspector gets 20 distinct sites of their area, 2 of them random checks, the same list twice', async () => {
    const path = '/api/analytics/inspection-priorities?area=370105-008&visits=20&asOf=2026-11-01';
    const a = (await (await get('inspector', path)).json()) as { picks: { id: number; reason: string }[] };
    const b = (await (await get('inspector', path)).json()) as { picks: { id: number; reason: string }[] };
    expect(a.picks).toHaveLength(20);
    expect(new Set(a.picks.map((p) => p.id)).size).toBe(20);
    expect(a.picks.filter((p) => p.reason === 'random-check')).toHaveLength(2);
    expect(b.picks.map((p) => p.id)).toEqual(a.picks.map((p) => p.id));
  });

  test('bad input is answered with the parameter named', async () => {
    const res = await get('inspector', '/api/analytics/inspection-priorities?area=370105-008&visits=0');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('"visits"');
  });

  test('a mediator’s allocation respects every capacity and covers no more cases than are open', async () => {
    const res = await get('mediator', '/api/analytics/mediation-allocation?area=370105-008');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      covered: number;
      uncovered: number;
      mediators: { capacity: number; load: number; assignments: { areaCode: string; cases: number }[] }[];
      areas: { code: string; cases: number; covered: number }[];
    };
    const open = body.areas.reduce((s, a) => s + a.cases, 0);
    expect(body.covered + body.uncovered).toBe(open);
    expect(body.covered).toBeGreaterThan(0);
    for (const m of body.mediators) {
      expect(m.load).toBeLessThanOrEqual(m.capacity);
      expect(m.assignments.reduce((s, x) => s + x.cases, 0)).toBe(m.load);
      expect(m.assignments.every((x) => x.areaCode.startsWith('370105-008'))).toBe(true);
    }
  });
});

describe('trends and hotspots', () => {
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    for (const u of ['commander', 'inspector']) cookies[u] = await signIn(u);
  });
  const get = (who: string, path: string) => fetch(`${baseUrl}${path}`, { headers: { cookie: cookies[who]! } });

  test('monthly petition backlog carries over exactly, and inspectors may not see petition trends', async () => {
    const res = await get('commander', '/api/analytics/trends?series=petitions&area=370105&from=2025-01&to=2026-10');
    expect(res.status).toBe(200);
    const { rows } = (await res.json()) as {
      rows: { backlog_start: number; backlog_end: number; new: number; closed: number }[];
    };
    expect(rows).toHaveLength(22);
    for (const [i, r] of rows.entries()) {
      expect(r.backlog_end).toBe(r.backlog_start + r.new - r.closed);
      if (i > 0) expect(r.backlog_start).toBe(rows[i - 1]!.backlog_end);
    }
    expect(
      (await get('inspector', '/api/analytics/trends?series=petitions&area=370105-008&from=2026-01&to=2026-06')).status
    ).toBe(403);
    const bad = await get('commander', '/api/analytics/trends?series=hazards&area=370105&from=2026-07&to=2026-01');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('before');
  });

  test('land-demolition petitions make significant hot grids, each with an emerging pattern', async () => {
    const res = await get(
      'commander',
      '/api/analytics/hotspots?area=370105&kind=petition&from=2024-01-01&to=2026-10-31&slices=6'
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/NaN|Infinity/);
    const { grids } = JSON.parse(text) as {
      grids: { count: number; kind: string; significant: boolean; emerging: string }[];
    };
    expect(grids.length).toBeGreaterThan(600);
    expect(grids.filter((g) => g.significant && g.kind === 'hot').length).toBeGreaterThan(0);
    expect(grids.every((g) => typeof g.emerging === 'string')).toBe(true);
  });
});
