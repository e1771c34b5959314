/**
 * The language a person picks once (`?lang=en`) is kept by a cookie for the pages that follow,
 * until they pick the other one; an unknown value changes nothing.
 */
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_USERS } from '../../src/lib/server/auth/users';
import { signInCookie } from '../support/session-cookie';

const baseUrl = inject('baseUrl');

const get = (path: string, cookie?: string) =>
  fetch(`${baseUrl}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

/** The `lang` cookie a response sets, as `lang=…`, or null. */
const langCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith('lang='))
    ?.split(';')[0] ?? null;

const htmlLang = async (res: Response) => /<html lang="([^"]+)"/.exec(await res.text())?.[1];

describe('language choice', () => {
  test('?lang=en sets a cookie, and the next page without ?lang is in English', async () => {
    const first = await get('/signin?lang=en');
    const cookie = langCookie(first);
    expect(cookie).toBe('lang=en');
    expect(await htmlLang(first)).toBe('en');
    const next = await get('/signin', cookie!);
    expect(await htmlLang(next)).toBe('en');
    expect(langCookie(next)).toBeNull();
  });

  test('?lang=zh-CN switches back and is kept in turn', async () => {
    const back = await get('/signin?lang=zh-CN', 'lang=en');
    expect(langCookie(back)).toBe('lang=zh-CN');
    expect(await htmlLang(back)).toBe('zh-CN');
    expect(await htmlLang(await get('/signin', 'lang=zh-CN'))).toBe('zh-CN');
  });

  test('an unknown language sets no cookie and keeps the one chosen before', async () => {
    const res = await get('/signin?lang=fr', 'lang=en');
    expect(langCookie(res)).toBeNull();
    expect(await htmlLang(res)).toBe('en');
    const fresh = await get('/signin?lang=fr');
    expect(langCookie(fresh)).toBeNull();
    expect(await htmlLang(fresh)).toBe('zh-CN');
  });
});

describe('refusals of the access check speak the chosen language', () => {
  let session: string;
  beforeAll(async () => {
    session = await signInCookie(
      baseUrl,
      DEMO_USERS.find((u) => u.username === 'planner')!
    );
  });
  const petitions = (lang: string) => get('/api/petitions?area=370105-008', `${session}; lang=${lang}`);

  test('a role without the right is told so with its role name, in Chinese by default', async () => {
    const res = await petitions('zh-CN');
    expect(res.status).toBe(403);
    const { message } = (await res.json()) as { message: string };
    expect(message).toContain('网格规划员');
    expect(message).not.toMatch(/[A-Za-z]{3,}/);
  });

  test('and in English when that was chosen', async () => {
    const res = await petitions('en');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toBe(
      'Your role (Planner) may not do this. Go back to the map, or ask a colleague who may.'
    );
  });

  test('an API call without a session is told to sign in, in the chosen language', async () => {
    const zh = await get('/api/petitions?area=370105', 'lang=zh-CN');
    expect(zh.status).toBe(401);
    expect(((await zh.json()) as { message: string }).message).toBe('请先登录。');
    const en = await get('/api/petitions?area=370105', 'lang=en');
    expect(((await en.json()) as { message: string }).message).toBe('Sign in first.');
  });
});
