/** Mean Earth radius in metres (IUGG R1), the sphere PostGIS geography uses for sphere distances. */
export const EARTH_RADIUS_M = 6_371_008.8;

const rad = Math.PI / 180;

/**
 * Great-circle distance in metres between two [lon, lat] positions in degrees, on a sphere of
 * EARTH_RADIUS_M (haversine formula). Within about 0.5 % of the WGS 84 ellipsoidal distance.
 * @example haversineMetres([117, 36.7], [117, 36.71]) // ≈ 1111.95
 */
export function haversineMetres(a: readonly [number, number], b: readonly [number, number]): number {
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}
