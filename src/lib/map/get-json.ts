/**
 * GET a JSON endpoint of this app; a non-2xx answer throws an Error carrying the server's message
 * (every endpoint answers errors as `{ message }`).
 * @example const grids = await getJson<FeatureCollection>('/api/map/grids');
 */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { signal });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new Error(`${path}: ${res.status} ${body.message ?? res.statusText}`);
  }
  return res.json() as Promise<T>;
}
