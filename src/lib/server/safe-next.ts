/**
 * Where to go after sign-in: only a path of this app, never another origin. The value is parsed
 * as the browser would parse it (WHATWG URL: tabs and newlines are dropped, backslashes read as
 * slashes, so `/\t/host` and `/\host` would reach another host) and refused unless it stays on the
 * app's own origin; the answer is the parsed, percent-encoded path, safe in a Location header.
 * https://url.spec.whatwg.org/#concept-basic-url-parser
 */
const BASE = 'http://app.invalid';
/** Control characters, any white space (U+3000 included) and backslashes are never part of a path we send. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const UNSAFE = /[\u0000-\u001f\u007f\s\\]/u;

/**
 * @param next the `next` query value as received (already percent-decoded once), or null
 * @returns a path beginning with a single `/`, or `/`
 * @example
 * safeNextPath('/plan?area=370105-002-002') // '/plan?area=370105-002-002'
 * safeNextPath('/\t/evil.example')           // '/'
 */
export function safeNextPath(next: string | null | undefined): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || UNSAFE.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE || !url.pathname.startsWith('/') || url.pathname.startsWith('//')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
