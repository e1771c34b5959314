/**
 * GET an endpoint of this app as binary columns (docs/binary-columns.md) and decode the answer; a
 * non-2xx answer throws an Error carrying the server's message (errors are answered as JSON `{ message }`).
 * @example const hazards = await getBinary('/api/map/hazards?from=2026-09-01&to=2026-11-30', decodeHazardPayload);
 */
export async function getBinary<T>(
  path: string,
  decode: (payload: ArrayBuffer) => T,
  signal?: AbortSignal
): Promise<T> {
  const url = `${path}${path.includes('?') ? '&' : '?'}format=bin`;
  const res = await fetch(url, { signal, headers: { accept: 'application/octet-stream' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new Error(`${path}: ${res.status} ${body.message ?? res.statusText}`);
  }
  return decode(await res.arrayBuffer());
}
