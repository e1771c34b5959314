import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/db';
import { authenticate } from '$lib/server/auth/users';
import { createSession, readSession, SESSION_ABSOLUTE_MINUTES, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { audit } from '$lib/server/audit';
import { trusted } from '$lib/server/db/contexts';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}

const form = z.object({
  username: z.string().trim().min(1, 'required').max(40),
  password: z.string().min(1, 'required').max(200)
});

export const load: PageServerLoad = async ({ locals, url }) => {
  if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
  const db = await getDatabase();
  return { demo: db.mode === 'embedded' && db.config.demoData };
};

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const data = Object.fromEntries(await request.formData());
    const parsed = form.safeParse(data);
    if (!parsed.success) return fail(400, { username: String(data.username ?? ''), problem: 'missing' as const });
    const { sql } = await getDatabase();
    const userId = await authenticate(sql, parsed.data.username, parsed.data.password);
    if (userId === null) {
      // Record the attempted name only when it is a real account: people type passwords into the
      // username field, and those must not land in the log.
      const [known] = await trusted(sql, (tx) => tx`select 1 from app_user where username = ${parsed.data.username}`);
      await audit(sql, {
        user: null, action: 'signin', outcome: 'denied', status: 400,
        detail: { username: known ? parsed.data.username : '(unknown)' }
      });
      return fail(400, { username: parsed.data.username, problem: 'wrong' as const });
    }
    // A new session id at every sign-in (no fixation).
    const token = await createSession(sql, userId);
    cookies.set(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: url.protocol === 'https:',
      maxAge: SESSION_ABSOLUTE_MINUTES * 60
    });
    await audit(sql, { user: await readSession(sql, token), action: 'signin', outcome: 'allowed', status: 303 });
    redirect(303, safeNext(url.searchParams.get('next')));
  }
};
