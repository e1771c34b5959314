/**
 * Sign-in over HTTP and in Chromium on the embedded demo app: `next` never leaves the app, a run of
 * wrong passwords locks the name with a retry time the person can read, and a flood of sign-ins
 * from one address is refused at once while a commander keeps working.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_USERS } from '../../src/lib/server/auth/users';
import { SIGNIN_LIMITS } from '../../src/lib/server/auth/signin-guard';
import { repoRoot } from '../support/app';
import { chromiumLocation, launchChromium } from '../support/chromium';
import { requireCapability } from '../support/ci';
import { signInCookie } from '../support/session-cookie';

const baseUrl = inject('baseUrl');
const shots = join(repoRoot, 'test-results', 'e2e');
const commander = DEMO_USERS.find((u) => u.username === 'commander')!;

const postSignin = (username: string, password: string, next?: string) =>
  fetch(`${baseUrl}/signin${next === undefined ? '' : `?next=${next}`}`, {
    method: 'POST',
    headers: { origin: baseUrl, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
    redirect: 'manual'
  });

describe('sign-in redirects', () => {
  test.each([
    ['%2F%09%2Fevil.example', '/'],
    ['/%09/evil.example', '/'],
    ['%2F%0A%2Fevil.example', '/'],
    ['%2F%E3%80%80%2Fevil.example', '/'],
    ['%2F%5Cevil.example', '/'],
    ['https%3A%2F%2Fevil.example%2F', '/'],
    ['%2F%2Fevil.example', '/'],
    ['%2Fplan%3Farea%3D370105-002-002', '/plan?area=370105-002-002']
  ])('next=%s → Location %s after a successful sign-in', async (next, location) => {
    const res = await postSignin(commander.username, commander.password, next);
    await res.body?.cancel();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(location);
  });

  test.each([
    ['commander', undefined, '/'],
    ['inspector', undefined, '/inspect'],
    ['planner', undefined, '/plan'],
    ['mediator', undefined, '/'],
    ['inspector', '%2F', '/inspect'],
    ['inspector', '%2F%3Farea%3D370105-008', '/?area=370105-008'],
    ['planner', '%2F%09%2Fevil.example', '/plan']
  ])('%s with next=%s lands on %s (the role’s own page unless another was asked for)', async (who, next, location) => {
    const user = DEMO_USERS.find((u) => u.username === who)!;
    const res = await postSignin(user.username, user.password, next);
    await res.body?.cancel();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(location);
  });
});

const run = requireCapability('Chromium end-to-end', chromiumLocation.available, chromiumLocation.why);

describe.skipIf(!run)('sign-in lockout and throttling', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('wrong passwords lock the name: 429 with Retry-After, and the page says until when, in Chinese and at 390 px', async () => {
    const name = `nobody-${Date.now().toString(36)}`;
    const statuses: number[] = [];
    for (let i = 0; i < SIGNIN_LIMITS.failuresPerUser + 2; i++) {
      const res = await postSignin(name, `guess-${i}`);
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(60);
      await res.body?.cancel();
    }
    expect(statuses).toEqual([...Array(SIGNIN_LIMITS.failuresPerUser - 1).fill(400), 429, 429, 429]);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    await page.goto(`${baseUrl}/signin`);
    await page.fill('[data-testid="signin-form"] input[name="username"]', name);
    await page.fill('[data-testid="signin-form"] input[name="password"]', 'one more guess');
    await page.click('[data-testid="signin-form"] button[type="submit"]');
    const problem = page.locator('[data-testid="signin-problem"][data-problem="locked"]');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/已暂时锁定。请在 \d\d:\d\d（北京时间，约 1[45] 分钟后）再试/);
    await page.screenshot({ path: join(shots, 'signin-locked-390.png') });
    await context.close();
  });

  test('an inspector who opens the app on a phone signs in and lands on the field page', async () => {
    const inspector = DEMO_USERS.find((u) => u.username === 'inspector')!;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(300_000);
    page.setDefaultNavigationTimeout(300_000);
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(`${baseUrl}/signin?next=%2F`);
    await page.fill('[data-testid="signin-form"] input[name="username"]', inspector.username);
    await page.fill('[data-testid="signin-form"] input[name="password"]', inspector.password);
    await Promise.all([
      page.waitForURL(`${baseUrl}/inspect`),
      page.tap('[data-testid="signin-form"] button[type="submit"]')
    ]);
    await page.locator('[data-testid="inspect-map"]').waitFor();
    await page.screenshot({ path: join(shots, 'signin-inspector-lands-390.png') });
    await context.close();
  });

  test("64 parallel sign-ins for unknown names: all but a few refused with 429 at once, and a commander's map request still answers", async () => {
    const cookie = await signInCookie(baseUrl, commander);
    const flood = Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        postSignin(`flood-${i}`, 'guess').then(async (r) => {
          await r.body?.cancel();
          return r.status;
        })
      )
    );
    const started = performance.now();
    const areas = await fetch(`${baseUrl}/api/map/areas?area=370105`, { headers: { cookie } });
    const ms = performance.now() - started;
    await areas.body?.cancel();
    const statuses = await flood;
    expect(areas.status).toBe(200);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(64 - SIGNIN_LIMITS.inFlightPerAddress);
    expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
    // A figure for the log, not a test of speed (the CI machine is loaded).
    console.log(`commander /api/map/areas during 64 parallel sign-ins: ${ms.toFixed(0)} ms`);
  });
});
