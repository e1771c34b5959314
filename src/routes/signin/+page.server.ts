import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/db';
import { authenticate } from '$lib/server/auth/users';
import { signinGuard } from '$lib/server/auth/signin-guard';
import { safeNextPath } from '$lib/server/safe-next';
import { landingPath } from '$lib/server/access/home-path';
import { warmHomeView } from '$lib/server/warm-home-view';
import { demoMeta } from '$lib/server/queries/dataset-meta';
import { createSession, readSession, SESSION_ABSOLUTE_MINUTES, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { audit } from '$lib/server/audit';
import { trusted } from '$lib/server/db/contexts';
import { usernameExists } from '$lib/server/queries/app-users';
import type { Actions, PageServerLoad } from './$types';

/** Only same-origin paths are followed after sign-in (no open redirect): safe-next.ts. */
const safeNext = (next: string | null) => safeNextPath(next);

/** HH:MM in China Standard Time, for "retry at". */
const chinaTime = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false
  }).format(d);

const form = z.object({
  username: z.string().trim().min(1, 'required').max(40),
  password: z.string().min(1, 'required').max(200)
});

export const load: PageServerLoad = async ({ locals, url }) => {
  if (locals.user) redirect(303, landingPath(locals.user.role, safeNext(url.searchParams.get('next'))));
  const db = await getDatabase();
  return { demo: db.mode === 'embedded' && db.config.demoData };
};

export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress, setHeaders, fetch }) => {
    const data = Object.fromEntries(await request.formData());
    const parsed = form.safeParse(data);
    if (!parsed.success) return fail(400, { username: String(data.username ?? ''), problem: 'missing' as const });
    const { sql } = await getDatabase();
    const { username, password } = parsed.data;
    const verdict = await signinGuard.attempt(getClientAddress(), username, () =>
      authenticate(sql, username, password)
    );
    if (verdict.ok === false) {
      if (verdict.reason === 'busy') {
        setHeaders({ 'retry-after': '5' });
        return fail(429, { username, problem: 'busy' as const });
      }
      // Record the attempted name only when it is a real account: people type passwords into the
      // username field, and those must not land in the log. Failures are recorded in aggregate:
      // the first of a window and the lockout, with the count, not one row per attempt.
      const first = verdict.reason === 'wrong' && verdict.failures === 1;
      const locking = verdict.reason === 'locked' && verdict.justLocked;
      if (first || locking) {
        const known = await trusted(sql, (tx) => usernameExists(tx, username));
        await audit(sql, {
          user: null,
          action: 'signin',
          outcome: 'denied',
          status: locking ? 429 : 400,
          detail: {
            username: known ? username : '(unknown)',
            failures: verdict.failures,
            ...(verdict.reason === 'locked' ? { locked: verdict.scope, until: verdict.retryAt.toISOString() } : {})
          }
        });
      }
      if (verdict.reason === 'locked') {
        const seconds = Math.max(1, Math.ceil((verdict.retryAt.getTime() - Date.now()) / 1000));
        setHeaders({ 'retry-after': String(seconds) });
        return fail(429, {
          username,
          problem: 'locked' as const,
          retryAt: chinaTime(verdict.retryAt),
          minutes: Math.ceil(seconds / 60)
        });
      }
      return fail(400, { username, problem: 'wrong' as const });
    }
    const userId = verdict.userId;
    // A new session id at every sign-in (no fixation).
    const token = await createSession(sql, userId);
    cookies.set(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: url.protocol === 'https:',
      maxAge: SESSION_ABSOLUTE_MINUTES * 60
    });
    const session = await readSession(sql, token);
    await audit(sql, { user: session, action: 'signin', outcome: 'allowed', status: 303 });
    const next = safeNext(url.searchParams.get('next'));
    const landing = session ? landingPath(session.role, next) : next;
    // The command map's first view is computed while the browser follows the redirect.
    if (session && landing === '/') {
      const demo = await trusted(sql, (tx) => demoMeta(tx));
      warmHomeView(fetch, session, demo?.endDate);
    }
    redirect(303, landing);
  }
};
