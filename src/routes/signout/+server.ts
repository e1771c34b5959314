import { redirect } from '@sveltejs/kit';
import { getSql } from '$lib/server/db';
import { revokeSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { audit } from '$lib/server/audit';
import type { RequestHandler } from './$types';

/** POST /signout — revoke the session on the server and clear the cookie. */
export const POST: RequestHandler = async ({ locals, cookies }) => {
  const sql = await getSql();
  await revokeSession(sql, locals.sessionToken!);
  await audit(sql, { user: locals.user, action: 'signout', outcome: 'allowed', status: 303 });
  cookies.delete(SESSION_COOKIE, { path: '/' });
  redirect(303, '/signin');
};
