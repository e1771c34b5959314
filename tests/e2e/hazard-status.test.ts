/**
 * The one hazard status rule over HTTP on the embedded demo app (src/lib/domain/decide-hazard-status.ts):
 * `PATCH /api/hazards/:id` and `POST /api/inspect/visits` allow and refuse the same steps, take
 * today in China Standard Time when no day is given, and refuse with 4xx and a message from the
 * catalogue in the caller's language. Each test works on hazards it creates itself (found by a visit
 * of the demo inspector), so it neither depends on nor changes the demo hazards other files use.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_USERS } from '../../src/lib/server/auth/users';
import { translator } from '../../src/lib/i18n/messages';
import { signInCookie } from '../support/session-cookie';
import { todayInChina } from '../../src/lib/core/dates';
import { addDays } from '../../src/lib/map/view-state';

const baseUrl = inject('baseUrl');
const inspector = DEMO_USERS.find((u) => u.role === 'inspector')!;
let cookie = '';
let enterprises: number[] = [];
let nextEnterprise = 0;

interface Hazard {
  id: number;
  level: string;
  status: string;
  found_on: string;
  rectified_on: string | null;
  verified_on: string | null;
}

const send = (method: string, path: string, body?: unknown) =>
  fetch(`${baseUrl}${path}`, {
    method,
    headers: { cookie, origin: baseUrl, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body)
  });

async function answer(res: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A visit to a fresh enterprise of the inspector's area that finds one hazard of `level`; its id and the visit's day. */
async function createHazard(level: 'general' | 'major'): Promise<{ id: number; enterprise: number; foundOn: string }> {
  const enterprise = enterprises[nextEnterprise++]!;
  const res = await send('POST', '/api/inspect/visits', {
    key: randomUUID(),
    site: { kind: 'enterprise', id: enterprise },
    at: new Date().toISOString(),
    // Days a year or more ahead are refused (src/lib/api/params.ts `day`).
    found: [{ level, description: '安全出口堵塞', deadline: addDays(todayInChina(), 300) }]
  });
  const receipt = (await res.json()) as { hazardsFound: number[]; day: string };
  if (res.status !== 201) throw new Error(`visit answered ${res.status}: ${JSON.stringify(receipt)}`);
  return { id: receipt.hazardsFound[0]!, enterprise, foundOn: receipt.day };
}

const patch = (id: number, body: unknown, lang = '') =>
  send('PATCH', `/api/hazards/${id}${lang ? `?lang=${lang}` : ''}`, body);
const hazard = async (id: number) => (await (await send('GET', `/api/hazards/${id}`)).json()) as Hazard;
const zh = translator('zh-CN');
const en = translator('en');

beforeAll(async () => {
  cookie = await signInCookie(baseUrl, inspector);
  enterprises = ((await (await send('GET', '/api/map/enterprises')).json()) as { ids: number[] }).ids;
  if (enterprises.length < 12)
    throw new Error(`the inspector's area has ${enterprises.length} enterprises; these tests need 12`);
});

describe('PATCH /api/hazards/:id', () => {
  test('without "on" the day is today in China: a hazard found today is rectified today, not refused as before it was found', async () => {
    const h = await createHazard('general');

    const res = await answer(await patch(h.id, { status: 'rectified' }));

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'rectified',
      found_on: h.foundOn,
      rectified_on: h.foundOn,
      verified_on: null
    });
  });

  test('a major hazard cannot be verified before its rectification is recorded (409), then can', async () => {
    const h = await createHazard('major');

    const refused = await answer(await patch(h.id, { status: 'verified', on: h.foundOn }));
    const refusedEn = await answer(await patch(h.id, { status: 'verified', on: h.foundOn }, 'en'));
    const rectified = await answer(await patch(h.id, { status: 'rectified', on: h.foundOn }));
    const verified = await answer(await patch(h.id, { status: 'verified', on: h.foundOn }));

    expect(refused).toEqual({
      status: 409,
      body: { message: zh('hazard.refused.majorNeedsRectified', { from: zh('cmd.hazard.open') }) }
    });
    expect(refused.body.message).toBe('重大隐患须先登记“已整改”，再验收（当前为“未整改”）。');
    expect(refusedEn).toEqual({
      status: 409,
      body: { message: 'A major hazard must be recorded as “Rectified” before it is verified (it is “Open”).' }
    });
    expect([rectified.status, verified.status]).toEqual([200, 200]);
    expect(verified.body).toMatchObject({ status: 'verified', rectified_on: h.foundOn, verified_on: h.foundOn });
  });

  test('a general hazard found fixed on site is verified in one step that records both days', async () => {
    const h = await createHazard('general');

    const res = await answer(await patch(h.id, { status: 'verified' }));

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'verified', rectified_on: h.foundOn, verified_on: h.foundOn });
  });

  test('a verified hazard is closed: any further step is 409 and changes nothing', async () => {
    const h = await createHazard('general');
    await patch(h.id, { status: 'verified' });

    const res = await answer(await patch(h.id, { status: 'rectifying' }, 'en'));

    expect(res).toEqual({
      status: 409,
      body: { message: 'A hazard that is “Verified” cannot become “Rectifying”: a verified hazard is closed.' }
    });
    expect((await hazard(h.id)).status).toBe('verified');
  });

  test('a day before the hazard was found or after today is 422 and changes nothing', async () => {
    const h = await createHazard('major');
    const dayBefore = (d: string, n: number) =>
      new Date(Date.parse(`${d}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

    const beforeFound = await answer(await patch(h.id, { status: 'rectifying', on: dayBefore(h.foundOn, 1) }));
    const ahead = addDays(todayInChina(), 30);
    const afterToday = await answer(await patch(h.id, { status: 'rectifying', on: ahead }, 'en'));
    const unchanged = await hazard(h.id);

    expect(beforeFound).toEqual({
      status: 422,
      body: { message: zh('hazard.refused.beforeFound', { day: dayBefore(h.foundOn, 1), foundOn: h.foundOn }) }
    });
    expect(afterToday.status).toBe(422);
    expect(afterToday.body.message).toMatch(
      new RegExp(`^The date ${ahead} is after today \\(\\d{4}-\\d{2}-\\d{2}, China Standard Time\\)\\.$`)
    );
    expect(unchanged).toMatchObject({ status: 'open', rectified_on: null });
  });

  test('a malformed body is 400 and a note with a phone number 422, each in the catalogue language', async () => {
    const h = await createHazard('general');

    const badStatus = await answer(await patch(h.id, { status: 'closed' }));
    const badDay = await answer(await patch(h.id, { status: 'rectified', on: '2026-02-30' }, 'en'));
    const unknown = await answer(await patch(h.id, { status: 'rectified', by: 'me' }, 'en'));
    const phone = await answer(await patch(h.id, { status: 'rectified', note: '联系 13812345678' }));
    const badId = await answer(await send('PATCH', '/api/hazards/abc?lang=en', { status: 'rectified' }));

    expect(badStatus).toEqual({ status: 400, body: { message: zh('hazard.invalid.status') } });
    expect(badDay).toEqual({ status: 400, body: { message: en('hazard.invalid.on', { raw: '2026-02-30' }) } });
    expect(unknown).toEqual({ status: 400, body: { message: 'Unknown field “by”.' } });
    expect(phone.status).toBe(422);
    expect(phone.body.message).toMatch(/^“note”似乎含有手机号码（.+），请删除/);
    expect(badId).toEqual({ status: 400, body: { message: 'Invalid hazard id “abc”: must be a positive integer.' } });
    expect((await hazard(h.id)).status).toBe('open');
  });
});

describe('POST /api/inspect/visits follows the same rule', () => {
  test('a major hazard seen verified on a visit is refused (409) and the whole visit is not recorded', async () => {
    const h = await createHazard('major');
    const key = randomUUID();

    const res = await answer(
      await send('POST', '/api/inspect/visits?lang=en', {
        key,
        site: { kind: 'enterprise', id: h.enterprise },
        at: new Date().toISOString(),
        resolved: [{ hazardId: h.id, status: 'verified' }]
      })
    );
    const visits = (await (await send('GET', '/api/inspect/visits')).json()) as { visits: { key: string }[] };

    expect(res).toEqual({
      status: 409,
      body: {
        message: `Hazard ${h.id}: A major hazard must be recorded as “Rectified” before it is verified (it is “Open”).`
      }
    });
    expect(visits.visits.some((v) => v.key === key)).toBe(false);
    expect((await hazard(h.id)).status).toBe('open');
  });

  test('a general hazard seen verified on a visit records the rectification and the verification on the visit day', async () => {
    const h = await createHazard('general');

    const res = await answer(
      await send('POST', '/api/inspect/visits', {
        key: randomUUID(),
        site: { kind: 'enterprise', id: h.enterprise },
        at: new Date().toISOString(),
        resolved: [{ hazardId: h.id, status: 'verified' }]
      })
    );
    const after = await hazard(h.id);

    expect(res.status).toBe(201);
    expect(res.body.hazardsResolved).toEqual([{ id: h.id, from: 'open', to: 'verified' }]);
    expect(after).toMatchObject({ status: 'verified', rectified_on: res.body.day, verified_on: res.body.day });
  });
});
