/**
 * Every analytics endpoint over HTTP on the embedded demo app: a bad request — unknown area, inverted
 * or absurd window, unknown tier set or kind — gets a 4xx with a message that names the problem, and
 * answers for the district, a sub-district, a tiny area and an empty window hold no NaN or Infinity.
 * JSON has no NaN: JSON.stringify writes NaN and ±Infinity as null, so the check is that null appears
 * only under keys documented as nullable (a rate over an empty denominator, a ratio to an empty top
 * tier, a site never inspected …).
 */
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_USERS } from '../../src/lib/server/auth/users';
import { signInCookie } from '../support/session-cookie';
import { todayInChina } from '../../src/lib/core/dates';
import { addDays } from '../../src/lib/map/view-state';

const baseUrl = inject('baseUrl');
let cookie = '';

beforeAll(async () => {
  cookie = await signInCookie(
    baseUrl,
    DEMO_USERS.find((u) => u.username === 'commander')!
  );
});

const get = (path: string) => fetch(`${baseUrl}/api/analytics/${path}`, { headers: { cookie } });
// Two days ahead in China, so the day is still in the future if the run crosses midnight.
const future = addDays(todayInChina(), 2);

describe('bad requests to every analytics endpoint get a 4xx and a message', () => {
  test.each([
    // unknown area, inverted window, absurd window, unknown tier set
    ['pyramid?area=370105-999&domain=safety&from=2026-01-01&to=2026-03-31', 404, 'No current area 370105-999'],
    ['pyramid?area=370105&domain=safety&from=2026-04-01&to=2026-03-31', 400, '"from" must not be after "to"'],
    [
      'pyramid?area=370105&domain=safety&from=1900-01-01&to=1900-03-31',
      400,
      '"from": 1900-01-01 is too early: must be 2000-01-01 or later'
    ],
    [
      'pyramid?area=370105&domain=traffic&from=2026-01-01&to=2026-03-31',
      400,
      'unknown tier set "traffic"; configured: safety, stability'
    ],
    ['risk?area=370105-999&from=2026-01-01&to=2026-03-31', 404, 'No current area 370105-999'],
    ['risk?area=370105&from=2026-04-01&to=2026-03-31', 400, '"from" must not be after "to"'],
    ['risk?area=370105&from=2000-01-01&to=2026-03-31', 400, 'at most ten years'],
    ['hotspots?area=370105-999&kind=hazard&from=2026-01-01&to=2026-03-31', 404, 'No current area 370105-999'],
    ['hotspots?area=370105&kind=hazard&from=2026-04-01&to=2026-03-31', 400, '"from" must not be after "to"'],
    ['hotspots?area=370105&kind=hazard&from=2010-01-01&to=2026-03-31', 400, 'at most five years'],
    ['hotspots?area=370105&kind=fire&from=2026-01-01&to=2026-03-31', 400, 'Invalid query parameter "kind"'],
    [
      'heat?kind=hazard&bbox=116.95,36.66,117.06,36.75&zoom=13&from=2026-04-01&to=2026-03-31',
      400,
      '"from" must not be after "to"'
    ],
    [
      'heat?kind=hazard&bbox=116.95,36.66,117.06,36.75&zoom=13&from=1950-01-01&to=1950-02-01',
      400,
      '"from": 1950-01-01 is too early: must be 2000-01-01 or later'
    ],
    [
      'heat?kind=hazard&bbox=117.06,36.66,116.95,36.75&zoom=13&from=2026-01-01&to=2026-03-31',
      400,
      'west must be less than east'
    ],
    [
      'heat?kind=fire&bbox=116.95,36.66,117.06,36.75&zoom=13&from=2026-01-01&to=2026-03-31',
      400,
      'Invalid query parameter "kind"'
    ],
    ['trends?series=hazards&area=370105-999&from=2026-01&to=2026-03', 404, 'No current area 370105-999'],
    ['trends?series=hazards&area=370105&from=2026-07&to=2026-01', 400, 'toMonth is before fromMonth'],
    ['trends?series=hazards&area=370105&from=1900-01&to=1900-12', 400, 'must be 2000-01 or later'],
    ['trends?series=hazards&area=370105&from=2000-01&to=2026-12', 400, 'at most'],
    ['trends?series=accidents&area=370105&from=2026-01&to=2026-03', 400, 'Invalid query parameter "series"'],
    ['trends?series=daily-reports&area=370105&from=2026-11-20&to=2026-11-01', 400, '"from": must not be after "to"'],
    ['trends?series=daily-reports&area=370105&from=2024-01-01&to=2026-11-01', 400, 'at most 366 days'],
    [
      'trends?series=daily-reports&area=370105&from=2026-11-01&to=2026-11-20&by=street',
      400,
      'Invalid query parameter "by"'
    ],
    ['daily-reports?area=370105-999&day=2026-11-20', 404, 'No current area 370105-999'],
    [`daily-reports?area=370105&day=${future}`, 400, 'is in the future'],
    ['daily-reports?area=370105&day=1999-12-31', 400, 'must be 2000-01-01 or later'],
    ['inspection-priorities?area=370105-999&visits=10&asOf=2026-11-01', 404, 'No current area 370105-999'],
    ['inspection-priorities?area=370105&visits=10&asOf=1999-12-31', 400, 'must be 2000-01-01 or later'],
    ['inspection-priorities?area=370105&visits=100000', 400, 'Invalid query parameter "visits"'],
    ['mediation-allocation?area=370105-999', 404, 'No current area 370105-999'],
    ['mediation-allocation?area=370105&by=street', 400, 'Invalid query parameter "by"']
  ])('%s → %i', async (path, status, message) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { message: string }).message).toContain(message);
  });
});

/** Keys under which null is a documented answer; anywhere else a null would be a NaN or Infinity. */
const NULLABLE = new Set([
  // pyramid: ratio to an empty top tier, distance with no comparable pair, no nearest reference,
  // thin base not judged, growing base for stability
  'ratio',
  'distance',
  'nearest',
  'observedRatio',
  'thinBase',
  'growingBase',
  // risk: per 1,000 households / per enterprise of an area with none; petition inputs hidden
  'perThousandHouseholds',
  'perEnterprise',
  'petitions',
  // trends: rates over empty denominators, share of a day with no grid
  'accepted_on_time_rate',
  'closed_on_time_rate',
  'closed_locally_rate',
  'repeat_rate',
  'escalation_rate',
  'share',
  // pyramid: the boundaries' day when none was asked (current boundaries); no nearest reference to draw
  'asOf',
  'nearestExpected',
  // inspection priorities: a site never inspected; a free hazard site's place with no community,
  // no enterprise within 500 m, or no description
  'daysSinceInspection',
  'community',
  'near',
  'description',
  // hotspots: z and p of a grid where Gi* is undefined (no variance)
  'z',
  'p'
]);

/** Paths of every null in a JSON value whose key is not in NULLABLE. */
function unexpectedNulls(value: unknown, path = '$', key = ''): string[] {
  if (value === null) return NULLABLE.has(key) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => unexpectedNulls(v, `${path}[${i}]`, key));
  if (typeof value === 'object')
    return Object.entries(value as object).flatMap(([k, v]) => unexpectedNulls(v, `${path}.${k}`, k));
  return [];
}

describe('answers hold no NaN or Infinity, for large, tiny and empty areas and windows', () => {
  const district = '370105';
  const sub = '370105-008';
  const community = '370105-008-001';
  const grid = '370105-008-001-001';
  const windows = [
    ['2026-05-01', '2026-10-31'],
    ['2001-01-01', '2001-01-31'] // before any data: every count 0
  ] as const;
  const paths: string[] = [];
  for (const [from, to] of windows) {
    for (const area of [district, sub, community, grid]) {
      paths.push(
        `pyramid?area=${area}&domain=safety&from=${from}&to=${to}`,
        `pyramid?area=${area}&domain=stability&from=${from}&to=${to}`
      );
      paths.push(`trends?series=petitions&area=${area}&from=${from.slice(0, 7)}&to=${to.slice(0, 7)}`);
      paths.push(`trends?series=hazards&area=${area}&from=${from.slice(0, 7)}&to=${to.slice(0, 7)}`);
      paths.push(`trends?series=daily-reports&area=${area}&from=${to.slice(0, 8)}01&to=${to}`);
      paths.push(`trends?series=daily-reports&by=grid&area=${area}&from=${to.slice(0, 8)}01&to=${to}`);
      paths.push(`daily-reports?area=${area}&day=${to}`);
      paths.push(`inspection-priorities?area=${area}&visits=10&asOf=${to}`);
    }
    for (const area of [district, sub, community]) {
      paths.push(`risk?area=${area}&from=${from}&to=${to}`);
      paths.push(`hotspots?area=${area}&kind=hazard&from=${from}&to=${to}${area === district ? '' : '&slices=3'}`);
      if (area !== district)
        paths.push(`hotspots?area=${area}&kind=petition&from=${from}&to=${to}&neighbours=distance&metres=800`);
    }
    paths.push(`heat?kind=incident&bbox=116.95,36.66,117.06,36.75&zoom=12&from=${from}&to=${to}`);
  }
  for (const area of [district, sub, community]) paths.push(`mediation-allocation?area=${area}`);

  test.each(paths)('%s: 200, and null only where documented', async (path) => {
    const res = await get(path);
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(200);
    expect(unexpectedNulls(JSON.parse(text))).toEqual([]);
  });
});
