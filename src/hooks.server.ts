import { json, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { closeDatabase, getDatabase, initDatabase } from '$lib/server/db';
import { StartupError } from '$lib/server/db/startup-error';
import { LOCALES, resolveLocale, translator, type Locale, type MessageKey } from '$lib/i18n/messages';
import { readSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { can, type Action } from '$lib/server/access/permissions';
import { ROUTE_RULES } from '$lib/server/access/route-rules';
import { audit, countAnonymousDenial, flushAnonymousDenials } from '$lib/server/audit';
import { DATABASE_RETRY_AFTER_SECONDS, databaseRefusal, type DatabaseRefusal } from '$lib/server/db/unavailable';
import { requestWeight, withRequestWeight } from '$lib/server/db/heavy-gate';
import { landingPath } from '$lib/server/access/home-path';
import { analyticsConfig } from '$lib/server/analytics-config';

export const init: ServerInit = async () => {
  try {
    analyticsConfig();
    await initDatabase();
  } catch (err) {
    // A configuration problem: one line that says what is wrong and what to do, then exit.
    const message = err instanceof StartupError ? err.message : `unexpected error: ${(err as Error).message}`;
    console.error(`Startup failed: ${message.split('\n')[0]}`);
    process.exit(1);
  }
  // adapter-node emits this after it stopped accepting requests on SIGINT/SIGTERM; closing
  // PGlite then flushes its files. https://svelte.dev/docs/kit/adapter-node#Graceful-shutdown
  process.once('sveltekit:shutdown' as never, () => {
    void flushAnonymousDenials()
      .catch((err) =>
        console.error(`[audit] could not record the last anonymous denials at shutdown: ${(err as Error).message}`)
      )
      .finally(() =>
        closeDatabase().catch((err) => console.error(`[db] closing at shutdown failed: ${(err as Error).message}`))
      );
  });
};

const isApi = (path: string) => path.startsWith('/api/');
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `?lang=` when it names a language of the catalogue, else the cookie's choice, else the default. */
const askedLocale = (event: Parameters<Handle>[0]['event']): Locale => {
  const asked = event.url.searchParams.get('lang');
  return resolveLocale((LOCALES as readonly string[]).includes(asked ?? '') ? asked : event.cookies.get('lang'));
};

/** The locale of a request before `identify` ran (`?lang=`, then the cookie). */
const requestLocale = (event: Parameters<Handle>[0]['event']): Locale => event.locals.locale ?? askedLocale(event);

/** A refusal as JSON for the API and fetches that want JSON, as plain text for pages. */
function refusal(
  event: Parameters<Handle>[0]['event'],
  status: number,
  message: string,
  headers: Record<string, string> = {}
): Response {
  const wantsJson =
    isApi(event.url.pathname) || (event.request.headers.get('accept') ?? '').includes('application/json');
  return wantsJson
    ? json({ message }, { status, headers })
    : new Response(refusalPage(event, status, message), {
        status,
        headers: { 'content-type': 'text/html; charset=utf-8', ...headers }
      });
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A refusal a person reads in the browser: the reason in their language, and a way on — their own
 * page, or sign-in when they are not signed in. Self-contained (no script, inline style).
 */
function refusalPage(event: Parameters<Handle>[0]['event'], status: number, message: string): string {
  const locale = requestLocale(event);
  const t = translator(locale);
  const user = event.locals.user;
  const way = user
    ? `<a href="${landingPath(user.role, '/')}">${escapeHtml(t('error.page.home'))}</a>`
    : `<a href="/signin">${escapeHtml(t('error.page.signin'))}</a>`;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} · ${escapeHtml(t('app.title'))}</title>
<style>body{margin:0;font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',system-ui,sans-serif;background:#f5f7fa;color:#1f2933}main{max-width:34rem;margin:12vh auto;padding:1.5rem;background:#fff;border:1px solid #cbd2d9;border-radius:8px}h1{font-size:1.2rem;margin:0 0 .6rem}p{line-height:1.6}a{display:inline-block;margin-top:.6rem;padding:.5rem .9rem;background:#1f6feb;color:#fff;border-radius:6px;text-decoration:none}</style></head>
<body><main data-testid="refusal-page" data-status="${status}"><h1>${escapeHtml(t('error.page.title', { status }))}</h1><p>${escapeHtml(message)}</p>${way}</main></body></html>`;
}

/** The client's address, or '(unknown)' where the adapter cannot tell. */
function clientAddress(event: Parameters<Handle>[0]['event']): string {
  try {
    return event.getClientAddress();
  } catch {
    return '(unknown)';
  }
}

/**
 * A path whose percent-encoding does not decode (`%FF`, or `%ED%A0%80`, a lone surrogate) is a
 * broken link: 400 with what to check. SvelteKit's decodeURI fails on it and it then reaches no
 * route; this answers before anything else reads it.
 */
const wellFormedPath: Handle = async ({ event, resolve }) => {
  try {
    decodeURIComponent(event.url.pathname);
  } catch {
    return refusal(event, 400, translator(requestLocale(event))('error.badPath'));
  }
  // `?/default` names the reserved default action: SvelteKit throws on it (a 500). No form of
  // this app posts to it; it is a hand-made or broken link.
  if (event.request.method === 'POST' && event.url.searchParams.has('/default')) {
    return refusal(event, 400, translator(requestLocale(event))('error.badAction'));
  }
  return resolve(event);
};

/**
 * The database not answering (refused connection, shut down, starting) is 503 with Retry-After,
 * not 500: nothing is wrong with the request, and it may be sent again. Errors thrown by the hooks
 * (reading the session) arrive here as exceptions; errors inside a route were already turned into
 * a 500 by SvelteKit, and `handleError` marked them.
 */
const databaseUnavailable: Handle = async ({ event, resolve }) => {
  const unavailable = (kind: DatabaseRefusal) =>
    refusal(event, 503, refusalText(event, kind), {
      'retry-after': String(retryAfter(kind)),
      'cache-control': 'no-store'
    });
  let response: Response;
  try {
    response = await resolve(event);
  } catch (err) {
    const kind = databaseRefusal(err);
    if (kind) {
      console.error(`[db] ${kind}: ${event.request.method} ${event.url.pathname}: ${(err as Error).message}`);
      return unavailable(kind);
    }
    throw err;
  }
  if (response.status === 500 && event.locals.databaseRefusal) return unavailable(event.locals.databaseRefusal);
  return response;
};

/** Seconds to wait before sending the request again: a busy gate frees up sooner than a database. */
const retryAfter = (kind: DatabaseRefusal) => (kind === 'busy' ? 5 : DATABASE_RETRY_AFTER_SECONDS);

/** What a person reads when the database could not answer their request. */
const refusalText = (event: Parameters<Handle>[0]['event'], kind: DatabaseRefusal) =>
  translator(requestLocale(event))(
    kind === 'timeout' ? 'error.requestTimeout' : kind === 'busy' ? 'error.heavyBusy' : 'error.databaseUnavailable',
    { seconds: retryAfter(kind) }
  );

/** How long the chosen language is remembered. */
const LANGUAGE_COOKIE_DAYS = 365;

/** Locale and the signed-in user (if any) of the request. */
const identify: Handle = async ({ event, resolve }) => {
  const asked = event.url.searchParams.get('lang');
  event.locals.locale = askedLocale(event);
  // A language chosen once (?lang=en) is kept for the pages that follow.
  if (asked === event.locals.locale && event.cookies.get('lang') !== asked) {
    event.cookies.set('lang', asked, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: event.url.protocol === 'https:',
      maxAge: LANGUAGE_COOKIE_DAYS * 86_400
    });
  }
  event.locals.user = null;
  event.locals.sessionToken = null;
  const token = event.cookies.get(SESSION_COOKIE);
  if (token) {
    const { sql } = await getDatabase();
    const user = await readSession(sql, token);
    if (user) {
      event.locals.user = user;
      event.locals.sessionToken = token;
    }
  }
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale) });
};

/**
 * Cross-site requests that change state are refused. SvelteKit's own check covers form posts;
 * this covers JSON and every other body: a browser always sends Origin (and Sec-Fetch-Site) on
 * such requests.
 */
const sameOrigin: Handle = async ({ event, resolve }) => {
  if (STATE_CHANGING.has(event.request.method)) {
    const origin = event.request.headers.get('origin');
    const site = event.request.headers.get('sec-fetch-site');
    if ((origin !== null && origin !== event.url.origin) || site === 'cross-site') {
      const { sql } = await getDatabase();
      const action = `${event.request.method} ${event.route.id ?? '(no route)'}`;
      if (event.locals.user)
        await audit(sql, {
          user: event.locals.user,
          action,
          outcome: 'denied',
          status: 403,
          detail: { reason: 'cross-site request' }
        });
      else
        countAnonymousDenial(sql, { action, status: 403, address: clientAddress(event), reason: 'cross-site request' });
      return json({ message: translator(requestLocale(event))('error.crossSite') }, { status: 403 });
    }
  }
  return resolve(event);
};

/** The role × action check of every route (deny by default), with denials audited. */
const authorize: Handle = async ({ event, resolve }) => {
  const routeId = event.route.id;
  if (routeId === null) return resolve(event); // no such route: SvelteKit answers 404
  const method = event.request.method === 'HEAD' ? 'GET' : event.request.method;
  const rule = ROUTE_RULES[routeId]?.[method as 'GET'];
  const user = event.locals.user;
  const deny = async (status: 401 | 403, message: string, reason: string) => {
    if (status === 403 || STATE_CHANGING.has(method)) {
      const { sql } = await getDatabase();
      const action = `${method} ${routeId}`;
      // Without a session, denials are counted per client and written once a minute (audit.ts).
      if (user) await audit(sql, { user, action, outcome: 'denied', status, detail: { reason } });
      else countAnonymousDenial(sql, { action, status, address: clientAddress(event), reason });
    }
    if (isApi(event.url.pathname) || method !== 'GET') return json({ message }, { status });
    if (status === 401) redirect(303, `/signin?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
    // A page: the reason and a way on, in the user's language (SvelteKit's own error page for a
    // hook's error is English and offers no way back).
    return refusal(event, status, message);
  };
  const t = translator(requestLocale(event));
  if (rule === undefined) return deny(403, t('error.noAccessRule'), 'no rule');
  if (rule === 'public') return resolve(event);
  if (!user) return deny(401, t('error.signInFirst'), 'not signed in');
  if (rule !== 'signed-in' && !can(user.role, rule as Action)) {
    return deny(
      403,
      t('error.roleMayNot', { role: t(`user.role.${user.role}` as MessageKey) }),
      `role ${user.role} lacks ${rule}`
    );
  }
  return resolve(event);
};

/** Security headers. The CSP itself comes from kit.csp (svelte.config.js), which hashes SvelteKit's inline script. */
const securityHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('permissions-policy', 'geolocation=(self), camera=(), microphone=()');
  if (event.locals.user) response.headers.set('cache-control', 'private, no-store');
  const basemap = (await getDatabase()).config.basemapStyle;
  const csp = response.headers.get('content-security-policy');
  if (csp && basemap?.startsWith('http')) {
    // A configured basemap may load style, tiles, glyphs and sprites from its own origin.
    const origin = new URL(basemap).origin;
    response.headers.set(
      'content-security-policy',
      csp.replace(/connect-src ([^;]*)/, `connect-src $1 ${origin}`).replace(/img-src ([^;]*)/, `img-src $1 ${origin}`)
    );
  }
  return response;
};

/**
 * Heavy requests (analytics, large layers, plan saves) take turns at the database so that light
 * ones are never queued behind many of them (heavy-gate.ts). The session was read before, as light.
 */
const weigh: Handle = ({ event, resolve }) => withRequestWeight(requestWeight(event.route.id), () => resolve(event));

export const handle: Handle = sequence(
  securityHeaders,
  wellFormedPath,
  databaseUnavailable,
  identify,
  sameOrigin,
  authorize,
  weigh
);

export const handleError: HandleServerError = ({ error: err, event, status }) => {
  const kind = databaseRefusal(err);
  if (kind) {
    // databaseUnavailable (above) turns this 500 into a 503 with Retry-After.
    event.locals.databaseRefusal = kind;
    console.error(`[db] ${kind}: ${event.request.method} ${event.url.pathname}: ${(err as Error).message}`);
    return { message: refusalText(event, kind) };
  }
  if (status !== 404) console.error(`[error] ${event.request.method} ${event.url.pathname}:`, err);
  const t = translator(event.locals.locale ?? requestLocale(event));
  return { message: status === 404 ? t('error.notFound') : t('error.internal') };
};
