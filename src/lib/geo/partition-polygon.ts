import { bbox as turfBbox, featureCollection, intersect, point, voronoi } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

/**
 * Cut a polygon into one piece per site: the Voronoi cell of each site clipped to the polygon.
 * The pieces tile the polygon (no gaps, no overlaps) up to floating-point noise, because the
 * Voronoi cells tile a box larger than the polygon and each cell is intersected with the polygon.
 *
 * @param area polygon to cut, lon/lat degrees
 * @param sites one [lon, lat] per piece, distinct, inside `area`
 * @returns one MultiPolygon per site, in the order of `sites` (null where the cell misses the area)
 * @example
 * partitionPolygon(square, [[0.25, 0.5], [0.75, 0.5]]) // two halves
 */
export function partitionPolygon(area: Feature<Polygon | MultiPolygon>, sites: Position[]): (MultiPolygon | null)[] {
  if (sites.length === 0) throw new Error('partitionPolygon: at least one site is needed');
  if (sites.length === 1) return [toMulti(area.geometry)];
  const [minX, minY, maxX, maxY] = turfBbox(area);
  const padX = (maxX - minX) * 0.5 + 1e-6;
  const padY = (maxY - minY) * 0.5 + 1e-6;
  const cells = voronoi(featureCollection(sites.map((s) => point(s))), {
    bbox: [minX - padX, minY - padY, maxX + padX, maxY + padY]
  });
  return sites.map((_, i) => {
    const cell = cells.features[i];
    if (!cell) return null;
    const piece = intersect(featureCollection([cell, area]));
    return piece ? toMulti(piece.geometry) : null;
  });
}

function toMulti(g: Polygon | MultiPolygon): MultiPolygon {
  return g.type === 'MultiPolygon' ? g : { type: 'MultiPolygon', coordinates: [g.coordinates] };
}
