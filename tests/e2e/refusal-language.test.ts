/**
 * Issue 16: every refusal a person can read comes from the one catalogue, in the language they
 * chose. The refusal paths of plan save, plan validation and import, visits, hazard status changes
 * and sign-in are sent in zh-CN and in English (the `lang` cookie, as the language switch sets
 * it); each answer's message must be one of the catalogue's sentences filled in, in that language:
 * no English sentence in a Chinese answer, no Chinese in an English one (grid names and codes the
 * user typed excepted). Nothing here is saved: every request is refused.
 */
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_USERS } from '../../src/lib/server/auth/users';
import { templates, type Locale } from '../../src/lib/i18n/messages';
import { signInCookie } from '../support/session-cookie';
import { ring } from '../fixtures/bad-geojson/corpus';

const baseUrl = inject('baseUrl');
const COMMUNITY = '370105-003-001';
const cookies: Record<'planner' | 'inspector' | 'commander', string> = { planner: '', inspector: '', commander: '' };

beforeAll(async () => {
  for (const who of ['planner', 'inspector', 'commander'] as const) {
    cookies[who] = await signInCookie(
      baseUrl,
      DEMO_USERS.find((u) => u.username === who)!
    );
  }
});

/**
 * Identifiers and units a Chinese sentence may name as they are written in files and on screen:
 * GeoJSON members and types, formats, units, coordinate systems.
 */
const TECHNICAL =
  /\b(GeoJSON|FeatureCollection|Feature|MultiPolygon|Polygon|JSON|UUID|WGS|RFC|MB|km|crs|bbox|features|properties|name|code|coordinates|type|baseRevision|children|rectifying|rectified|verified|YYYY|MM|DD|E|N|T)\b/g;

/** Text the user supplied or identifiers, quoted in a message: grid names, codes, values. */
const QUOTED = /「[^」]*」|“[^”]*”|"[^"]*"/g;

/** What in `message` is in the wrong language for `locale`, or '' when nothing is. */
function foreign(message: string, locale: Locale): string {
  const plain = message.replace(QUOTED, ' ');
  if (locale === 'zh-CN') {
    const words = plain.replace(TECHNICAL, ' ').match(/[A-Za-z]{2,}(?:[\s,.;:]+[A-Za-z]{2,})*/g);
    return words?.join(' | ') ?? '';
  }
  return plain.match(/[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+/g)?.join(' | ') ?? '';
}

/** Whether `message` is a catalogue template of `locale` with its placeholders filled in. */
function fromCatalogue(message: string, locale: Locale): boolean {
  return Object.values(templates(locale)).some((template) => {
    if (!template.includes('{') && template === message) return true;
    const pattern = template
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\s\\S]*?');
    return new RegExp(`^${pattern}$`).test(message);
  });
}

interface Refusal {
  name: string;
  who: keyof typeof cookies;
  method: 'POST' | 'PATCH' | 'GET';
  path: string;
  body?: string;
  contentType?: string;
  status: number;
}

const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const feature = (geometry: unknown, properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties,
  geometry
});
const square = { type: 'Polygon', coordinates: [ring(117, 36.66, 117.001, 36.661)] };

function refusals(current: { revision: number; children: string }): Refusal[] {
  const save = (name: string, body: string, status: number): Refusal => ({
    name: `plan save: ${name}`,
    who: 'planner',
    method: 'POST',
    path: `/api/plan/${COMMUNITY}`,
    body,
    status
  });
  const children = JSON.parse(current.children) as { features: unknown[] };
  const visit = (name: string, extra: Record<string, unknown>, status: number): Refusal => ({
    name: `visit: ${name}`,
    who: 'inspector',
    method: 'POST',
    path: '/api/inspect/visits',
    body: JSON.stringify({
      key: '0b6f8e2c-9a51-4c7e-8d3b-2f1e4a5b6c7d',
      site: { kind: 'enterprise', id: 1 },
      at: new Date().toISOString(),
      ...extra
    }),
    status
  });
  const hazard = (name: string, id: string, body: unknown, status: number): Refusal => ({
    name: `hazard status: ${name}`,
    who: 'commander',
    method: 'PATCH',
    path: `/api/hazards/${id}`,
    body: JSON.stringify(body),
    status
  });
  return [
    { name: 'plan: bad community code', who: 'planner', method: 'GET', path: '/api/plan/abc', status: 400 },
    { name: 'plan: no such community', who: 'planner', method: 'GET', path: '/api/plan/370105-099-099', status: 404 },
    save('not JSON', '{"baseRevision":', 400),
    save('no children', JSON.stringify({ baseRevision: current.revision }), 400),
    save('stale revision', JSON.stringify({ baseRevision: current.revision + 7, children }), 412),
    save('not a FeatureCollection', JSON.stringify({ baseRevision: current.revision, children: { type: 'x' } }), 422),
    save(
      'ring not closed',
      JSON.stringify({
        baseRevision: current.revision,
        children: JSON.parse(
          collection(feature({ type: 'Polygon', coordinates: [ring(117, 36.66, 117.001, 36.661).slice(0, 4)] }))
        )
      }),
      422
    ),
    save(
      'outside China',
      JSON.stringify({
        baseRevision: current.revision,
        children: JSON.parse(collection(feature({ type: 'Polygon', coordinates: [ring(10, 10, 10.001, 10.001)] })))
      }),
      422
    ),
    save(
      'a phone number in a grid name',
      JSON.stringify({
        baseRevision: current.revision,
        children: JSON.parse(collection(feature(square, { name: '第3网格 13812345678' })))
      }),
      422
    ),
    save(
      'a grid that is not current',
      JSON.stringify({
        baseRevision: current.revision,
        children: { ...children, features: [feature(square, { code: '370105-003-001-999' })] }
      }),
      422
    ),
    save(
      'one grid left out: a gap',
      JSON.stringify({
        baseRevision: current.revision,
        children: { ...children, features: children.features.slice(1) }
      }),
      422
    ),
    save(
      'one grid twice: an overlap',
      JSON.stringify({
        baseRevision: current.revision,
        // The copy without its code (a new grid), so the overlap, not the repeated code, is refused.
        children: {
          ...children,
          features: [...children.features, { ...(children.features[0] as object), properties: { name: '重复网格' } }]
        }
      }),
      422
    ),
    {
      name: 'plan validate: a square outside the community',
      who: 'planner',
      method: 'POST',
      path: `/api/plan/${COMMUNITY}/validate`,
      body: collection(feature({ type: 'Polygon', coordinates: [ring(117.3, 36.9, 117.301, 36.901)] })),
      status: 200
    },
    {
      name: 'plan import: a LineString',
      who: 'planner',
      method: 'POST',
      path: `/api/plan/${COMMUNITY}/geojson?dryRun=true`,
      body: collection(feature({ type: 'LineString', coordinates: [[117, 36.6]] })),
      contentType: 'application/geo+json',
      status: 422
    },
    visit('not a UUID', { key: 'abc' }, 400),
    visit('a phone number in the note', { note: '联系人 13812345678' }, 422),
    visit('in the future', { at: new Date(Date.now() + 86_400_000).toISOString() }, 422),
    visit(
      'a deadline before the visit',
      { found: [{ level: 'general', description: '消防通道堵塞', deadline: '2020-01-01' }] },
      422
    ),
    hazard('an id that is no number', 'abc', { status: 'rectified' }, 400),
    hazard('no such hazard', '999999999', { status: 'rectified' }, 404),
    hazard('an unknown status', '1', { status: 'fixed' }, 400),
    hazard('an impossible day', '1', { status: 'rectified', on: '2026-13-01' }, 400)
  ];
}

/** The message a person reads in an answer: JSON `message`, the text of a text answer. */
async function messagesOf(res: Response): Promise<string[]> {
  const text = await res.text();
  if (!(res.headers.get('content-type') ?? '').includes('json')) return [text.trim()];
  const body = JSON.parse(text) as { message?: string; problems?: { message: string }[] };
  return [body.message, ...(body.problems ?? []).map((p) => p.message)].filter((m): m is string => !!m);
}

describe.each(['zh-CN', 'en'] as const)('refusals in %s', (locale) => {
  test('plan, visit and hazard refusals: from the catalogue, in this language only', async () => {
    const plan = (await (
      await fetch(`${baseUrl}/api/plan/${COMMUNITY}/geojson`, { headers: { cookie: cookies.planner } })
    ).text()) as string;
    const answer = (await (
      await fetch(`${baseUrl}/api/plan/${COMMUNITY}`, { headers: { cookie: cookies.planner } })
    ).json()) as { revision: number };
    const wrong: string[] = [];
    const seen: string[] = [];
    for (const r of refusals({ revision: answer.revision, children: plan })) {
      const res = await fetch(`${baseUrl}${r.path}`, {
        method: r.method,
        headers: {
          cookie: `${cookies[r.who]}; lang=${locale}`,
          accept: 'application/json',
          ...(r.body ? { origin: baseUrl, 'content-type': r.contentType ?? 'application/json' } : {})
        },
        body: r.body
      });
      const messages = await messagesOf(res);
      if (res.status !== r.status) wrong.push(`${r.name}: status ${res.status}, expected ${r.status}: ${messages[0]}`);
      if (messages.length === 0) wrong.push(`${r.name}: no message`);
      for (const m of messages) {
        seen.push(m);
        const bad = foreign(m, locale);
        if (bad) wrong.push(`${r.name}: "${m}" has ${bad}`);
        if (!fromCatalogue(m, locale)) wrong.push(`${r.name}: "${m}" is not a catalogue sentence`);
      }
    }
    expect(wrong).toEqual([]);
    // The walk reached the validation problems, named by the grids' labels.
    expect(seen.some((m) => (locale === 'en' ? /gap of/ : /缝隙/).test(m))).toBe(true);
    expect(seen.some((m) => (locale === 'en' ? /overlap by/ : /重叠/).test(m))).toBe(true);
  });

  test('a wrong sign-in is refused in this language', async () => {
    const res = await fetch(`${baseUrl}/signin`, {
      method: 'POST',
      headers: {
        origin: baseUrl,
        accept: 'text/html',
        cookie: `lang=${locale}`,
        'content-type': 'application/x-www-form-urlencoded'
      },
      body: new URLSearchParams({ username: 'nobody-here', password: 'not-the-password' }).toString()
    });
    const html = await res.text();
    const message = /data-testid="signin-problem"[^>]*>([\s\S]*?)<\/p>/
      .exec(html)?.[1]
      ?.replace(/<[^>]+>/g, '')
      .trim();
    expect(message, html.slice(0, 2000)).toBe(templates(locale)['signin.wrong']);
  });
});

test('the language check itself: it finds English in Chinese and Chinese in English', () => {
  expect(foreign('第 1 个网格没有闭合：the ring is open', 'zh-CN')).not.toBe('');
  expect(foreign('应为 GeoJSON 的 FeatureCollection（type 为 "FeatureCollection"）', 'zh-CN')).toBe('');
  expect(foreign('Grid “第3网格” overlaps by 2 m²', 'en')).toBe('');
  expect(foreign('Grid 第3网格 overlaps', 'en')).not.toBe('');
  expect(fromCatalogue(templates('en')['plan.refused.gap'].replace('{m2}', '12.5'), 'en')).toBe(true);
  expect(fromCatalogue('something else entirely', 'en')).toBe(false);
});
