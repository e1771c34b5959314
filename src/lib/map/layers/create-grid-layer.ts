import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import type { GridProperties } from '../../api/map';

/** Properties of a grid cell feature: those of /api/map/grids. */
export type GridFeatureProperties = GridProperties;

/** Options of the grid layer. */
export interface GridLayerOptions {
  dark?: boolean;
  opacity?: number;
}

/**
 * Grid cells (网格) as outlines with a faint fill, pickable for tooltips.
 * @example createGridLayer(await (await fetch('/api/map/grids')).json())
 */
export function createGridLayer(
  data: FeatureCollection<MultiPolygon, GridFeatureProperties>,
  options: GridLayerOptions = {}
) {
  return new GeoJsonLayer<GridFeatureProperties>({
    id: 'grids',
    data: data as unknown as Feature<MultiPolygon, GridFeatureProperties>[],
    pickable: true,
    stroked: true,
    filled: true,
    opacity: options.opacity ?? 1,
    getFillColor: options.dark ? [90, 140, 200, 25] : [60, 110, 170, 18],
    getLineColor: options.dark ? [120, 170, 220, 200] : [70, 90, 120, 170],
    lineWidthUnits: 'pixels',
    getLineWidth: 0.8,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 70]
  });
}
