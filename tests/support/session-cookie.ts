/**
 * Sign in the way the form does (POST /signin, same origin) and return the session cookie as a
 * `Cookie` header value, `pingan_session=…`. For HTTP-level tests and benches that need no browser.
 */
export async function signInCookie(baseUrl: string, who: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${baseUrl}/signin`, {
    method: 'POST',
    headers: { origin: baseUrl, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: who.username, password: who.password }).toString(),
    redirect: 'manual'
  });
  await res.body?.cancel();
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pingan_session='));
  if (res.status !== 303 || !cookie)
    throw new Error(`sign-in as ${who.username} answered ${res.status} without a session cookie`);
  return cookie.split(';')[0]!;
}
