/**
 * Issue 16: the audit page's filter works with any combination of its fields. The form sends every
 * field, empty ones too (「全部」 outcome, no user typed); an empty field is no filter. A field that
 * is not valid is refused with the catalogue's sentence in the admin's language, naming the field
 * as the form labels it. Times are China Standard Time, as the column header says.
 */
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_USERS } from '../../src/lib/server/auth/users';
import { translator } from '../../src/lib/i18n/messages';
import { signInCookie } from '../support/session-cookie';

const baseUrl = inject('baseUrl');
let admin = '';

beforeAll(async () => {
  admin = await signInCookie(
    baseUrl,
    DEMO_USERS.find((u) => u.username === 'admin')!
  );
  // Something to find: a refused request by a planner, and a sign-in by the inspector.
  const planner = await signInCookie(
    baseUrl,
    DEMO_USERS.find((u) => u.username === 'planner')!
  );
  await (await fetch(`${baseUrl}/admin/audit`, { headers: { cookie: planner } })).body?.cancel();
  await signInCookie(
    baseUrl,
    DEMO_USERS.find((u) => u.username === 'inspector')!
  );
});

/** The audit table's body rows, as the text of their cells (time, user, role, action, object, area, outcome). */
function rows(html: string): string[][] {
  const body = html.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim())
  );
}

async function page(query: string, lang = 'zh-CN') {
  const res = await fetch(`${baseUrl}/admin/audit${query}`, { headers: { cookie: `${admin}; lang=${lang}` } });
  return { status: res.status, html: await res.text() };
}

describe('audit filter', () => {
  test.each([
    ['?outcome=&user=', 'nothing chosen'],
    ['?outcome=denied&user=', 'an outcome, no user'],
    ['?outcome=&user=inspector', 'a user, any outcome'],
    ['?outcome=denied&user=planner', 'both'],
    ['?outcome=&user=&lang=en', 'the language switch’s parameter beside empty fields']
  ])('%s (%s) answers the filtered table', async (query) => {
    const { status, html } = await page(query);
    expect(status).toBe(200);
    const params = new URLSearchParams(query);
    const found = rows(html);
    expect(found.length).toBeGreaterThan(0);
    for (const cells of found) {
      if (params.get('user')) expect(cells[1]).toBe(params.get('user'));
      if (params.get('outcome'))
        expect(cells[6]!.split(' ')[0]).toBe(
          translator('zh-CN')(`audit.outcome.${params.get('outcome')}` as 'audit.outcome.denied')
        );
    }
  });

  test('times are China Standard Time, as the header says', async () => {
    const { html } = await page('?outcome=&user=admin');
    expect(html).toContain(translator('zh-CN')('audit.at'));
    const first = rows(html)[0]![0]!;
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // The admin's own sign-in above happened within the last day, in China's clock.
    const cst = new Date(Date.parse(first.replace(' ', 'T') + '+08:00'));
    expect(Math.abs(Date.now() - cst.getTime())).toBeLessThan(86_400_000);
  });

  test.each(['zh-CN', 'en'] as const)('a field that is not valid is refused in %s, naming the field', async (lang) => {
    const t = translator(lang);
    const { status, html } = await page('?user=No+Such+Name!', lang);
    expect(status).toBe(400);
    expect(html).toContain(t('audit.badFilter', { field: t('audit.field.user') }));
  });
});
