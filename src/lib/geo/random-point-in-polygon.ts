import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

/**
 * A uniformly random point inside a polygon, by rejection sampling in its bounding box.
 * @param area polygon, lon/lat degrees
 * @param next uniform random source in [0, 1)
 * @param maxTries give up after this many rejected draws (thin polygons)
 * @returns [lon, lat]
 * @throws Error when no point was found within `maxTries`
 */
export function randomPointInPolygon(
  area: Feature<Polygon | MultiPolygon>,
  next: () => number,
  maxTries = 10_000
): Position {
  const [minX, minY, maxX, maxY] = area.bbox ?? turfBbox(area);
  for (let i = 0; i < maxTries; i++) {
    const p = [minX + (maxX - minX) * next(), minY + (maxY - minY) * next()];
    if (booleanPointInPolygon(p, area)) return p;
  }
  throw new Error('randomPointInPolygon: no point found inside the polygon');
}
