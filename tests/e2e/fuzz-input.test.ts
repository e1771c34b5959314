/**
 * Fault injection over HTTP against the running e2e app (issue 14): a corpus of bad dates, years,
 * path bytes, ids, polygons and `next` values, then random query strings for every GET endpoint
 * under src/routes/api. The one property: no answer is a 5xx — bad input gets a 4xx with a message.
 * Every request is sent one at a time, so the embedded engine's single connection is never the
 * reason for an answer; a few hundred requests in all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { can, type Action } from '../../src/lib/server/access/permissions';
import { ROUTE_RULES } from '../../src/lib/server/access/route-rules';
import { DEMO_USERS } from '../../src/lib/server/auth/users';
import { repoRoot } from '../support/app';
import { signInCookie } from '../support/session-cookie';

const baseUrl = inject('baseUrl');
type Who = 'commander' | 'planner' | 'inspector' | 'admin' | 'anonymous';
const cookies: Partial<Record<Who, string>> = {};

beforeAll(async () => {
  for (const who of ['commander', 'planner', 'inspector', 'admin'] as const) {
    cookies[who] = await signInCookie(
      baseUrl,
      DEMO_USERS.find((u) => u.username === who)!
    );
  }
});

interface Probe {
  who: Who;
  method?: 'GET' | 'POST' | 'PATCH';
  /** Path and query, sent as written (no re-encoding). */
  path: string;
  body?: string;
  /** Content type of a body; JSON unless given. */
  contentType?: string;
}

/** Send one probe; the answer's status and its body. */
async function send(p: Probe): Promise<{ status: number; text: string }> {
  const method = p.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (p.who !== 'anonymous') headers.cookie = cookies[p.who]!;
  if (method !== 'GET')
    Object.assign(headers, { origin: baseUrl, 'content-type': p.contentType ?? 'application/json' });
  const res = await fetch(`${baseUrl}${p.path}`, { method, headers, body: p.body, redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

/** Send the probes one after the other; the ones answered 5xx, with what they answered. */
async function fiveHundreds(probes: Probe[]): Promise<string[]> {
  const bad: string[] = [];
  for (const p of probes) {
    const { status, text } = await send(p);
    if (status >= 500)
      bad.push(`${p.method ?? 'GET'} ${p.path.slice(0, 300)} as ${p.who} → ${status} ${text.slice(0, 200)}`);
  }
  return bad;
}

const BAD_DATES = [
  '2026-13-01',
  '2026-02-30',
  '0000-01-01',
  '9999-12-31',
  '2026-1-1',
  '',
  'abc',
  '2026-00-10',
  '+02026-01-01',
  '2026-11-01T00:00:00Z'
];

/** Every date parameter of every endpoint, each in a query that is valid apart from it. */
const DATE_SLOTS: { who: Who; path: string; params: Record<string, string>; slots: string[] }[] = [
  {
    who: 'commander',
    path: '/api/analytics/pyramid',
    params: { area: '370105', domain: 'safety', from: '2026-01-01', to: '2026-03-31', asOf: '2026-03-31' },
    slots: ['from', 'to', 'asOf']
  },
  {
    who: 'commander',
    path: '/api/analytics/risk',
    params: { area: '370105', from: '2026-01-01', to: '2026-03-31' },
    slots: ['from', 'to']
  },
  {
    who: 'commander',
    path: '/api/analytics/hotspots',
    params: { area: '370105', kind: 'hazard', from: '2026-01-01', to: '2026-03-31' },
    slots: ['from', 'to']
  },
  {
    who: 'commander',
    path: '/api/analytics/heat',
    params: { kind: 'hazard', bbox: '116.95,36.66,117.06,36.75', zoom: '13', from: '2026-01-01', to: '2026-03-31' },
    slots: ['from', 'to']
  },
  {
    who: 'commander',
    path: '/api/analytics/trends',
    params: { series: 'daily-reports', area: '370105', from: '2026-11-01', to: '2026-11-20' },
    slots: ['from', 'to']
  },
  {
    who: 'commander',
    path: '/api/analytics/daily-reports',
    params: { area: '370105', day: '2026-11-20' },
    slots: ['day']
  },
  {
    who: 'commander',
    path: '/api/analytics/inspection-priorities',
    params: { area: '370105', asOf: '2026-11-20' },
    slots: ['asOf']
  },
  { who: 'commander', path: '/api/command/alerts', params: { area: '370105', day: '2026-11-20' }, slots: ['day'] },
  { who: 'commander', path: '/api/map/grids', params: { asOf: '2026-11-20' }, slots: ['asOf'] },
  {
    who: 'commander',
    path: '/api/map/hazards',
    params: { from: '2026-01-01', to: '2026-03-31' },
    slots: ['from', 'to']
  },
  {
    who: 'commander',
    path: '/api/map/petitions',
    params: { from: '2026-01-01', to: '2026-03-31' },
    slots: ['from', 'to']
  },
  {
    who: 'commander',
    path: '/api/map/timeline',
    params: { area: '370105', from: '2026-01-01', to: '2026-03-31' },
    slots: ['from', 'to']
  },
  {
    who: 'commander',
    path: '/api/petitions/counts',
    params: { level: 'subdistrict', from: '2026-01-01', to: '2026-03-31' },
    slots: ['from', 'to']
  },
  {
    who: 'inspector',
    path: '/api/inspect/nearby',
    params: { lon: '117.0', lat: '36.69', asOf: '2026-11-20' },
    slots: ['asOf']
  },
  { who: 'commander', path: '/briefing', params: { area: '370105', day: '2026-11-20' }, slots: ['day'] }
];

const query = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');

describe('bad dates and years', () => {
  test('every date parameter of every endpoint refuses impossible, out-of-range and malformed dates with a 4xx', async () => {
    const probes: Probe[] = [];
    for (const e of DATE_SLOTS) {
      for (const slot of e.slots) {
        for (const d of BAD_DATES) probes.push({ who: e.who, path: `${e.path}?${query({ ...e.params, [slot]: d })}` });
      }
    }
    expect(await fiveHundreds(probes)).toEqual([]);
    // And a person reads what to fix: the impossible day is named as such.
    const res = await send({ who: 'commander', path: '/api/analytics/risk?area=370105&from=2026-02-30&to=2026-03-31' });
    expect([res.status, JSON.parse(res.text).message]).toEqual([
      400,
      'Invalid query parameter "from": 2026-02-30 is not a date: February 2026 has 28 days'
    ]);
  });

  test('month and year parameters refuse years 0000 and 9999 and month 13 with a 4xx', async () => {
    const months = ['0000-01', '9999-12', '2026-13', '2026-00', '2026-1', '', 'abc'];
    const probes: Probe[] = [];
    for (const series of ['hazards', 'petitions']) {
      for (const m of months) {
        probes.push({
          who: 'commander',
          path: `/api/analytics/trends?series=${series}&area=370105&from=${encodeURIComponent(m)}&to=2026-11`
        });
        probes.push({
          who: 'commander',
          path: `/api/analytics/trends?series=${series}&area=370105&from=2026-01&to=${encodeURIComponent(m)}`
        });
      }
    }
    expect(await fiveHundreds(probes)).toEqual([]);
  });

  test('far-future windows are refused, not answered as empty', async () => {
    const res = await send({ who: 'commander', path: '/api/analytics/risk?area=370105&from=2090-01-01&to=2090-03-31' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('2090-01-01');
  });

  test('hazard changes and visits refuse bad days before anything is written', async () => {
    const probes: Probe[] = [];
    for (const d of BAD_DATES) {
      probes.push({
        who: 'inspector',
        method: 'PATCH',
        path: '/api/hazards/1',
        body: JSON.stringify({ status: 'rectifying', on: d })
      });
      probes.push({
        who: 'inspector',
        method: 'POST',
        path: '/api/inspect/visits',
        body: JSON.stringify({
          key: crypto.randomUUID(),
          site: { kind: 'enterprise', id: 1 },
          at: new Date().toISOString(),
          found: [{ level: 'general', description: '消防通道堵塞', deadline: d }]
        })
      });
    }
    expect(await fiveHundreds(probes)).toEqual([]);
  });
});

describe('path bytes and ids', () => {
  const long = '9'.repeat(5000);
  const ids = [
    '%FF',
    '%ED%A0%80',
    '%00',
    '%25FF',
    '%C0%AF',
    '%E0%80%80',
    '-1',
    '0',
    'abc',
    '1e3',
    '0x10',
    '1.5',
    '99999999999999999999',
    long,
    '%20',
    '%F0%9F%98%80'
  ];

  test('malformed percent-encoding anywhere in a path answers 400, never 500', async () => {
    const paths = [
      '/%FF',
      '/api/%FF',
      '/api/hazards/%FF',
      '/api/hazards/%ED%A0%80',
      '/plan/%ED%A0%80',
      '/api/plan/%FF/validate',
      '/%ED%B0%80x',
      '/briefing%FF',
      '/api/map/grids%ED%A0%80'
    ];
    const bad: string[] = [];
    for (const path of paths) {
      for (const who of ['anonymous', 'commander'] as const) {
        const res = await send({ who, path });
        if (res.status !== 400) bad.push(`${path} as ${who} → ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('hazard ids and plan codes in the path: 4xx for every bad one', async () => {
    const probes: Probe[] = [];
    for (const id of ids) {
      probes.push({ who: 'commander', path: `/api/hazards/${id}` });
      probes.push({
        who: 'inspector',
        method: 'PATCH',
        path: `/api/hazards/${id}`,
        body: '{"status":"rectifying","on":"2000-01-01"}'
      });
      probes.push({ who: 'planner', path: `/api/plan/${id}` });
      probes.push({ who: 'planner', path: `/api/plan/${id}/geojson` });
    }
    expect(await fiveHundreds(probes)).toEqual([]);
  });

  test('bad bytes in query values are 4xx', async () => {
    const values = ['%FF', '%ED%A0%80', '%00', '370105%00', long];
    const probes: Probe[] = [];
    for (const v of values) {
      probes.push({ who: 'commander', path: `/api/map/areas?area=${v}` });
      probes.push({ who: 'commander', path: `/api/analytics/risk?area=370105&from=${v}&to=2026-03-31` });
      probes.push({ who: 'commander', path: `/api/map/grids?within=${v}` });
      probes.push({ who: 'admin', path: `/admin/audit?before=${v}` });
    }
    probes.push(
      { who: 'admin', path: '/admin/audit?before=1e30' },
      { who: 'commander', path: '/api/petitions?after=1e30' }
    );
    expect(await fiveHundreds(probes)).toEqual([]);
  });
});

describe('floods without a session', () => {
  test('anonymous denied writes are counted, not written one row each', async () => {
    const deniedRows = async () => {
      const res = await send({ who: 'admin', path: '/admin/audit?outcome=denied' });
      return res.text.split('POST /api/inspect/visits').length - 1;
    };
    const before = await deniedRows();
    const statuses = new Set<number>();
    for (let i = 0; i < 50; i++) {
      statuses.add((await send({ who: 'anonymous', method: 'POST', path: '/api/inspect/visits', body: '{}' })).status);
    }
    expect([...statuses]).toEqual([401]);
    // The tally writes one row per client and minute (src/lib/server/audit.ts); none of the 50 yet.
    expect(await deniedRows()).toBe(before);
  });

  test('a malformed path is refused in the language asked for', async () => {
    const res = await send({ who: 'anonymous', path: '/api/hazards/%ED%A0%80?lang=en' });
    expect([res.status, JSON.parse(res.text)]).toEqual([
      400,
      {
        message:
          'The address contains invalid percent-encoding (such as %FF): check that the link is complete and was not cut off or altered.'
      }
    ]);
  });
});

describe('planner polygons that no district could be', () => {
  const submit = (coordinates: number[][][]) =>
    send({
      who: 'planner',
      method: 'POST',
      path: '/api/plan/370105-003-002/validate',
      body: JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates } }]
      })
    });

  test.each([
    [
      'a whole-world polygon',
      [
        [
          [-180, -90],
          [180, -90],
          [180, 90],
          [-180, 90],
          [-180, -90]
        ]
      ]
    ],
    [
      'an antipodal edge',
      [
        [
          [-90, 0],
          [90, 0],
          [90, 1],
          [-90, 1],
          [-90, 0]
        ]
      ]
    ],
    [
      'a polygon over the antimeridian',
      [
        [
          [179, 36],
          [-179, 36],
          [-179, 37],
          [179, 37],
          [179, 36]
        ]
      ]
    ],
    [
      'a polygon in the Atlantic',
      [
        [
          [-30, 10],
          [-29.99, 10],
          [-29.99, 10.01],
          [-30, 10.01],
          [-30, 10]
        ]
      ]
    ]
  ])('%s is refused with a reason before it reaches GEOS', async (_name, coordinates) => {
    const res = await submit(coordinates);
    expect([res.status, (JSON.parse(res.text) as { reason: string }).reason]).toEqual([422, 'outside-china']);
  });
});

describe('`next` after sign-in', () => {
  test('odd next values never answer 5xx', async () => {
    const nexts = [
      '//evil.example',
      '/\\evil.example',
      '%FF',
      '%ED%A0%80',
      '/%ED%A0%80',
      'javascript:alert(1)',
      '/\t/evil',
      '/%00',
      '/' + 'a'.repeat(5000),
      '/plan?area=%FF',
      'https://evil.example/'
    ];
    const probes: Probe[] = [];
    for (const n of nexts) {
      probes.push({ who: 'anonymous', path: `/signin?next=${encodeURIComponent(n)}` });
      probes.push({ who: 'commander', path: `/signin?next=${encodeURIComponent(n)}` });
      probes.push({ who: 'anonymous', path: `/signin?next=${n}` });
    }
    expect(await fiveHundreds(probes)).toEqual([]);
  });
});

describe('form actions by a name no page has', () => {
  test('a form posted to ?/default or an unknown action is refused with a 4xx, never a 5xx', async () => {
    const probes: Probe[] = [];
    for (const page of ['/signin', '/', '/plan', '/inspect']) {
      for (const action of ['?/default', '?/nope', '?/', '?/%FF', '?/default&next=/']) {
        for (const who of ['anonymous', 'commander'] as const) {
          probes.push({
            who,
            method: 'POST',
            path: page + action,
            body: 'username=commander&password=x',
            contentType: 'application/x-www-form-urlencoded'
          });
        }
      }
    }
    expect(await fiveHundreds(probes)).toEqual([]);
    const refused = await send(probes[0]!);
    expect(refused.status).toBe(400);
  });
});

// ---------------------------------------------------------------------------------------------
// Property test: random query strings on every GET endpoint (found on the file system).

/** Route ids of every +server.ts under src/routes/api that exports GET. */
function getEndpoints(): string[] {
  const root = join(repoRoot, 'src', 'routes');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === '+server.ts' && /export const GET\b/.test(readFileSync(p, 'utf8'))) {
        out.push('/' + relative(root, dir).split(sep).join('/'));
      }
    }
  };
  walk(join(root, 'api'));
  return out.sort();
}

/** A query that the endpoint answers 2xx, so the random changes start from somewhere deep. */
const BASE_QUERIES: Record<string, Record<string, string>> = {
  '/api/analytics/daily-reports': { area: '370105', day: '2026-11-20' },
  '/api/analytics/heat': {
    kind: 'hazard',
    bbox: '116.95,36.66,117.06,36.75',
    zoom: '13',
    from: '2026-01-01',
    to: '2026-03-31'
  },
  '/api/analytics/hotspots': { area: '370105-008', kind: 'hazard', from: '2026-01-01', to: '2026-03-31' },
  '/api/analytics/inspection-priorities': { area: '370105-008', visits: '5' },
  '/api/analytics/mediation-allocation': { area: '370105-008' },
  '/api/analytics/pyramid': { area: '370105-008', domain: 'safety', from: '2026-01-01', to: '2026-03-31' },
  '/api/analytics/risk': { area: '370105-008', from: '2026-01-01', to: '2026-03-31' },
  '/api/analytics/trends': { series: 'hazards', area: '370105-008', from: '2026-01', to: '2026-03' },
  '/api/command/alerts': { area: '370105-008', day: '2026-11-20' },
  '/api/hazards/[id]': {},
  '/api/health': {},
  '/api/inspect/nearby': { lon: '117.0', lat: '36.69' },
  '/api/inspect/visits': {},
  '/api/map/areas': { area: '370105-008' },
  '/api/map/district': {},
  '/api/map/enterprises': {},
  '/api/map/grids': {},
  '/api/map/hazards': { from: '2026-01-01', to: '2026-01-31' },
  '/api/map/petitions': { from: '2026-01-01', to: '2026-01-31' },
  '/api/map/timeline': { area: '370105-008', from: '2026-01-01', to: '2026-03-31' },
  '/api/petitions': { limit: '5' },
  '/api/petitions/counts': { level: 'subdistrict', from: '2026-01-01', to: '2026-03-31' },
  '/api/plan/[code]': {},
  '/api/plan/[code]/geojson': {}
};

const PARAM_NAMES = [
  'area',
  'from',
  'to',
  'asOf',
  'day',
  'kind',
  'domain',
  'bbox',
  'zoom',
  'series',
  'by',
  'level',
  'status',
  'limit',
  'after',
  'offset',
  'list',
  'within',
  'format',
  'lon',
  'lat',
  'radius',
  'half',
  'overdue',
  'industry',
  'risk',
  'visits',
  'randomShare',
  'seed',
  'neighbours',
  'metres',
  'fdr',
  'slices',
  'lang'
];

const dateLike = fc
  .tuple(fc.integer({ min: -1, max: 10_000 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 }))
  .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const value = fc.oneof(
  dateLike,
  fc.constantFrom(
    '2026-13-01',
    '2026-02-30',
    '0000-01-01',
    '9999-12-31',
    '2026-11',
    '9999-12',
    '370105',
    '370105-008-001',
    'true',
    'bin',
    'grid',
    '',
    '-1',
    '1e308',
    'NaN',
    'Infinity',
    '117,36,118,37',
    '-180,-90,180,90'
  ),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 })
);
const pathParam = fc.oneof(
  fc.constantFrom('1', '370105-003-002', '0', '-5', '%FF', '%ED%A0%80', '%00', '9'.repeat(400)),
  fc.string({ maxLength: 8 }).map(encodeURIComponent)
);

const ownOrAny = (own: string[]) =>
  own.length
    ? fc.oneof(
        { arbitrary: fc.constantFrom(...own), weight: 3 },
        { arbitrary: fc.constantFrom(...PARAM_NAMES), weight: 1 }
      )
    : fc.constantFrom(...PARAM_NAMES);

/** The first demo user whose role the endpoint's GET rule admits. */
function whoFor(route: string): Who {
  const rule = ROUTE_RULES[route]?.GET;
  if (rule === 'public') return 'anonymous';
  const user = DEMO_USERS.find((u) => rule === 'signed-in' || can(u.role, rule as Action));
  return (user?.username ?? 'commander') as Who;
}

describe('random query strings on every GET endpoint', () => {
  const endpoints = getEndpoints();

  test('every GET endpoint has a base query here', () => {
    expect(endpoints.filter((e) => !(e in BASE_QUERIES))).toEqual([]);
    expect(endpoints.length).toBeGreaterThanOrEqual(20);
  });

  test.each(endpoints)('%s answers only 2xx or 4xx', async (route) => {
    const who = whoFor(route);
    await fc.assert(
      fc.asyncProperty(
        // Mostly the endpoint's own parameters, so the changes reach past the first check.
        fc.dictionary(ownOrAny(Object.keys(BASE_QUERIES[route]!)), value, { maxKeys: 4 }),
        fc.subarray(Object.keys(BASE_QUERIES[route]!)),
        pathParam,
        async (changes, dropped, param) => {
          const params = { ...BASE_QUERIES[route]!, ...changes };
          for (const k of dropped) if (!(k in changes)) delete params[k];
          const path = route.replace(/\[(id|code)\]/, param);
          const { status, text } = await send({ who, path: `${path}?${query(params)}` });
          if (status >= 500) throw new Error(`${path}?${query(params)} → ${status} ${text.slice(0, 200)}`);
        }
      ),
      { numRuns: 8 }
    );
  });
});
