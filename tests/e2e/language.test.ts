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

describe('refused and missing pages are pages: the reason in the chosen language and a way on', () => {
  let inspector: string;
  let planner: string;
  beforeAll(async () => {
    inspector = await signInCookie(
      baseUrl,
      DEMO_USERS.find((u) => u.username === 'inspector')!
    );
    planner = await signInCookie(
      baseUrl,
      DEMO_USERS.find((u) => u.username === 'planner')!
    );
  });
  const page = async (path: string, cookie: string) => {
    const res = await fetch(`${baseUrl}${path}`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
    return { status: res.status, type: res.headers.get('content-type') ?? '', html: await res.text() };
  };
  const link = (html: string) => /<a href="([^"]+)"[^>]*>([^<]+)<\/a>/.exec(html)?.slice(1);

  test("a page the role may not open: 403 as a page, with the role's own page to go back to", async () => {
    const zh = await page('/plan', `${inspector}; lang=zh-CN`);
    expect([zh.status, zh.type.startsWith('text/html')]).toEqual([403, true]);
    expect(zh.html).toContain('<html lang="zh-CN">');
    expect(zh.html).toContain('安全检查员');
    expect(link(zh.html)).toEqual(['/inspect', '返回我的页面']);
    const en = await page('/plan', `${inspector}; lang=en`);
    expect(link(en.html)).toEqual(['/inspect', 'Back to my page']);
    expect(en.html).not.toMatch(/[\u4e00-\u9fff]/);
  });

  test('a community that does not exist: the error page in the chosen language, back to the planner page', async () => {
    const zh = await page('/plan?area=370105-099-099', `${planner}; lang=zh-CN`);
    expect(zh.status).toBe(404);
    expect(zh.html).toContain('data-testid="error-page"');
    expect(zh.html).toContain('您的辖区内没有现行社区 370105-099-099。');
    expect(link(zh.html)).toEqual(['/plan', '返回我的页面']);
    const en = await page('/plan?area=370105-099-099', `${planner}; lang=en`);
    expect(en.html).toContain('There is no current community 370105-099-099 in your area.');
  });
});
