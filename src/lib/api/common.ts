/**
 * What every endpoint family shares: the area an answer is about, the error a refused request
 * throws in the browser, and the one function that calls an endpoint. Browser-safe: no server
 * imports (tests/unit/import-graph.test.ts).
 */

/** An area the caller may see, by its stable code. */
export interface AreaRef {
  id: number;
  code: string;
  name: string;
  level: string;
}

/** The body of every refusal: `{ message }`, in the caller's language, plus what the endpoint adds. */
export interface ErrorBody {
  message?: string;
  [field: string]: unknown;
}

/**
 * A non-2xx answer of an endpoint: its status and the server's message (the message a person can
 * act on), with the whole JSON body for endpoints that add fields (`reason`, `problems`, …).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly path: string;
  readonly body: ErrorBody;
  /** The server's message alone, without path and status. */
  readonly serverMessage: string;

  constructor(path: string, status: number, serverMessage: string, body: ErrorBody = {}) {
    super(`${path}: ${status} ${serverMessage}`);
    this.name = 'ApiError';
    this.path = path;
    this.status = status;
    this.serverMessage = serverMessage;
    this.body = body;
  }
}

/** A `fetch` (the browser's, or the one SvelteKit hands a load function). */
export type FetchFn = typeof fetch;

/** Query parameters as a client function takes them: undefined ones are left out. */
export type QueryValues = Record<string, string | number | boolean | readonly string[] | undefined>;

/**
 * `path?query` with the defined values in the given order (arrays comma-separated, as the
 * endpoints' `commaList` reads them).
 * @example
 * apiPath('/api/map/timeline', { area: '370105', from: '2026-01-01', to: undefined }) // '/api/map/timeline?area=370105&from=2026-01-01'
 */
export function apiPath(path: string, query: QueryValues = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    params.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Send a request to an endpoint of this app and return its JSON answer; a non-2xx answer throws
 * an {@link ApiError} carrying the server's message and status.
 * @param init method, body, headers, signal: as `fetch` takes them
 */
export async function requestJson<T>(path: string, init: RequestInit = {}, fetchFn: FetchFn = fetch): Promise<T> {
  const res = await fetchFn(path, init);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as ErrorBody;
    throw new ApiError(path, res.status, typeof body.message === 'string' ? body.message : res.statusText, body);
  }
  return res.json() as Promise<T>;
}

/** GET `path?query` as JSON (see {@link requestJson}). */
export function getApi<T>(path: string, query: object, signal?: AbortSignal, fetchFn: FetchFn = fetch): Promise<T> {
  return requestJson<T>(apiPath(path, query as QueryValues), { signal }, fetchFn);
}
