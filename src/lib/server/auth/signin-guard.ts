/**
 * Sign-in protection (OWASP authentication cheat sheet: "account lockout" and "login throttling"):
 * consecutive failures per username lock that account for a while, failures per client address
 * lock the address, and each address may have only a few attempts in flight — so guessing is slow,
 * a flood of attempts is refused before any hash is computed, and other users are unaffected.
 * Counters live in this process (rate-limiter-flexible's RateLimiterMemory,
 * https://github.com/animir/node-rate-limiter-flexible/wiki/Memory); several app processes would
 * each count on their own.
 */
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';

/** The thresholds; counters are kept in memory and forgotten at restart. */
export const SIGNIN_LIMITS = {
  /** Failed attempts for one username within `userWindowSeconds` before it is locked. */
  failuresPerUser: 10,
  userWindowSeconds: 3600,
  /** How long a locked username stays locked, seconds. */
  userLockSeconds: 900,
  /** Failed attempts from one address within `addressWindowSeconds` before it is locked. */
  failuresPerAddress: 100,
  addressWindowSeconds: 3600,
  addressLockSeconds: 3600,
  /** Attempts from one address being checked at the same time; more are refused at once. */
  inFlightPerAddress: 4
} as const;

export type SigninLimits = { [K in keyof typeof SIGNIN_LIMITS]: number };

/** The outcome of one attempt. */
export type SigninVerdict =
  | { ok: true; userId: number }
  | { ok: false; reason: 'wrong'; failures: number }
  | { ok: false; reason: 'locked'; retryAt: Date; failures: number; scope: 'user' | 'address'; justLocked: boolean }
  | { ok: false; reason: 'busy' };

/** A guard with its own counters. */
export interface SigninGuard {
  /**
   * Run `check` (the password comparison) unless the username or address is locked or the address
   * has too many attempts in flight; count a failure, and lock when a threshold is reached.
   * @param check resolves to the user id, or null for a wrong name or password
   */
  attempt(address: string, username: string, check: () => Promise<number | null>): Promise<SigninVerdict>;
}

const isLocked = (res: RateLimiterRes | null, points: number) => res !== null && res.consumedPoints > points;

/** Create a guard; the app uses one per process ({@link signinGuard}). */
export function createSigninGuard(limits: SigninLimits = SIGNIN_LIMITS): SigninGuard {
  const byUser = new RateLimiterMemory({
    keyPrefix: 'signin-user',
    points: limits.failuresPerUser,
    duration: limits.userWindowSeconds
  });
  const byAddress = new RateLimiterMemory({
    keyPrefix: 'signin-address',
    points: limits.failuresPerAddress,
    duration: limits.addressWindowSeconds
  });
  const inFlight = new Map<string, number>();

  const lockedVerdict = (res: RateLimiterRes, scope: 'user' | 'address', justLocked: boolean): SigninVerdict => ({
    ok: false,
    reason: 'locked',
    scope,
    justLocked,
    failures: Math.min(res.consumedPoints, scope === 'user' ? limits.failuresPerUser : limits.failuresPerAddress),
    retryAt: new Date(Date.now() + res.msBeforeNext)
  });

  return {
    async attempt(address, rawUsername, check) {
      const username = rawUsername.trim().toLowerCase();
      const [user, addr] = await Promise.all([byUser.get(username), byAddress.get(address)]);
      if (isLocked(user, limits.failuresPerUser)) return lockedVerdict(user!, 'user', false);
      if (isLocked(addr, limits.failuresPerAddress)) return lockedVerdict(addr!, 'address', false);
      const running = inFlight.get(address) ?? 0;
      if (running >= limits.inFlightPerAddress) return { ok: false, reason: 'busy' };
      inFlight.set(address, running + 1);
      let userId: number | null;
      try {
        userId = await check();
      } finally {
        const left = (inFlight.get(address) ?? 1) - 1;
        if (left > 0) inFlight.set(address, left);
        else inFlight.delete(address);
      }
      if (userId !== null) {
        await byUser.delete(username);
        return { ok: true, userId };
      }
      const [u, a] = await Promise.all([byUser.penalty(username, 1), byAddress.penalty(address, 1)]);
      if (u.consumedPoints >= limits.failuresPerUser) {
        return lockedVerdict(await byUser.block(username, limits.userLockSeconds), 'user', true);
      }
      if (a.consumedPoints >= limits.failuresPerAddress) {
        return lockedVerdict(await byAddress.block(address, limits.addressLockSeconds), 'address', true);
      }
      return { ok: false, reason: 'wrong', failures: u.consumedPoints };
    }
  };
}

/** The process's guard for the sign-in form. */
export const signinGuard: SigninGuard = createSigninGuard();
