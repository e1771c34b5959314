/**
 * The language a person picks once (`?lang=en`) is kept by a cookie for the pages that follow,
 * until they pick the other one; an unknown value changes nothing.
 */
import { describe, expect, inject, test } from 'vitest';

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
