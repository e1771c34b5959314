import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSigninGuard, SIGNIN_LIMITS } from '../../src/lib/server/auth/signin-guard';
import { authenticate, createUser } from '../../src/lib/server/auth/users';
import { trusted } from '../../src/lib/server/db/contexts';
import { engines, type TestDatabase } from '../support/db';

const PASSWORD = 'a-long-test-password';

describe.each(engines())('sign-in lockout and throttling on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.create();
    const wkt = 'MULTIPOLYGON(((117 36,117.01 36,117.01 36.01,117 36.01,117 36)))';
    await trusted(
      db.sql,
      (tx) => tx`
      insert into area (code, district_code, level, parent_id, name, geom, valid_from)
      values ('370105', '370105', 'district', null, '测试区', ST_GeomFromText(${wkt}, 4326), '2025-01-01')`
    );
    for (const username of ['chen', 'wang']) {
      await createUser(db.sql, {
        username,
        displayName: username,
        role: 'commander',
        homeAreaCode: '370105',
        password: PASSWORD
      });
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  test('20 wrong passwords lock the account with a retry time; the right one is refused until then; others are unaffected', async () => {
    const guard = createSigninGuard();
    let checks = 0;
    const tryAs = (username: string, password: string, address = '10.0.0.7') =>
      guard.attempt(address, username, () => {
        checks++;
        return authenticate(db.sql, username, password);
      });
    const started = Date.now();
    const verdicts = [];
    for (let i = 0; i < 20; i++) verdicts.push(await tryAs('chen', `wrong-password-${i}`));
    const reasons = verdicts.map((v) => (v.ok ? 'ok' : v.reason));
    expect(reasons).toEqual([
      ...Array(SIGNIN_LIMITS.failuresPerUser - 1).fill('wrong'),
      ...Array(20 - SIGNIN_LIMITS.failuresPerUser + 1).fill('locked')
    ]);
    // Once locked, no password is compared any more.
    expect(checks).toBe(SIGNIN_LIMITS.failuresPerUser);
    const locked = verdicts[SIGNIN_LIMITS.failuresPerUser - 1]!;
    expect(locked.ok === false && locked.reason === 'locked' && locked.justLocked && locked.scope).toBe('user');
    if (locked.ok || locked.reason !== 'locked') return;
    const lockMs = locked.retryAt.getTime() - started;
    expect(lockMs).toBeGreaterThanOrEqual(SIGNIN_LIMITS.userLockSeconds * 1000);

    const right = await tryAs('chen', PASSWORD);
    expect(right.ok ? 'ok' : right.reason).toBe('locked');
    // The lock is the account's, whatever the address or the case of the name.
    expect(((await tryAs('CHEN', PASSWORD, '10.0.0.8')) as { reason: string }).reason).toBe('locked');
    const other = await tryAs('wang', PASSWORD);
    expect(other.ok && other.userId).toBeGreaterThan(0);
  });

  test('a success resets the count of failures', async () => {
    const guard = createSigninGuard();
    const tryAs = (password: string) => guard.attempt('10.0.0.9', 'wang', () => authenticate(db.sql, 'wang', password));
    for (let i = 0; i < SIGNIN_LIMITS.failuresPerUser - 1; i++) expect((await tryAs('nope')).ok).toBe(false);
    expect((await tryAs(PASSWORD)).ok).toBe(true);
    const next = await tryAs('nope');
    expect(next.ok === false && next.reason === 'wrong' && next.failures).toBe(1);
  });

  test('64 parallel sign-ins for unknown users from one address: at most 4 are checked at once, the rest refused before any hash', async () => {
    const guard = createSigninGuard();
    let running = 0;
    let most = 0;
    let checked = 0;
    const verdicts = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        guard.attempt('10.0.0.10', `nobody-${i}`, async () => {
          running++;
          checked++;
          most = Math.max(most, running);
          try {
            return await authenticate(db.sql, `nobody-${i}`, 'whatever-it-is');
          } finally {
            running--;
          }
        })
      )
    );
    expect(most).toBeLessThanOrEqual(SIGNIN_LIMITS.inFlightPerAddress);
    expect(checked).toBe(SIGNIN_LIMITS.inFlightPerAddress);
    const busy = verdicts.filter((v) => !v.ok && v.reason === 'busy').length;
    expect(busy).toBe(64 - SIGNIN_LIMITS.inFlightPerAddress);
    // Another address is not held up by them.
    const elsewhere = await guard.attempt('10.0.0.11', 'wang', () => authenticate(db.sql, 'wang', PASSWORD));
    expect(elsewhere.ok).toBe(true);
  });

  test('failures from one address beyond its limit lock the address for every username', async () => {
    const guard = createSigninGuard({ ...SIGNIN_LIMITS, failuresPerAddress: 5 });
    const reasons: string[] = [];
    for (let i = 0; i < 7; i++) {
      const v = await guard.attempt('10.0.0.12', `nobody-else-${i}`, () =>
        authenticate(db.sql, `nobody-else-${i}`, 'x')
      );
      reasons.push(v.ok ? 'ok' : v.reason === 'locked' ? `locked-${v.scope}` : v.reason);
    }
    expect(reasons).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'locked-address', 'locked-address', 'locked-address']);
    const v = await guard.attempt('10.0.0.12', 'wang', () => authenticate(db.sql, 'wang', PASSWORD));
    expect(v.ok ? 'ok' : v.reason).toBe('locked');
  });
});
