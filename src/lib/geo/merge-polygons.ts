/**
 * Merge adjacent grids into one outline (turf union, https://turfjs.org/docs/api/union), dropping
 * holes below a tolerance that floating-point noise along the shared edges can leave.
 */
import { area, featureCollection, polygon as turfPolygon, union } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';

/**
 * @param parts the grids to merge (each a Polygon or a one-part MultiPolygon), lon/lat degrees
 * @param sliverM2 holes smaller than this are float noise, m²
 * @returns one Polygon
 * @throws Error when the grids do not touch along an edge (the union has more than one part)
 */
export function mergePolygons(parts: (Polygon | MultiPolygon)[], sliverM2 = 1): Polygon {
  if (parts.length < 2) throw new Error('select at least two grids to merge');
  const merged = union(
    featureCollection(parts.map((g) => ({ type: 'Feature' as const, properties: {}, geometry: g })))
  );
  if (!merged) throw new Error('the grids could not be merged');
  const g = merged.geometry;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const big = polys.filter((p) => area(turfPolygon(p)) > sliverM2);
  if (big.length !== 1) throw new Error('only grids that share an edge can be merged');
  const [outer, ...holes] = big[0]!;
  return { type: 'Polygon', coordinates: [outer!, ...holes.filter((h) => area(turfPolygon([h])) > sliverM2)] };
}
