import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { HOTSPOT_COLORS, hotspotClass } from '../colors';
import type { ChildAreaProperties, GridProperties } from '../../api/map';

/** Properties of a child area: those of /api/map/areas. */
export type ChildAreaProps = ChildAreaProperties;

/**
 * The risk choropleth: the selected area's children filled by their risk score (`colorOf`), the
 * selected child outlined; pickable, so a click drills down.
 */
export function createRiskLayer(
  children: FeatureCollection<MultiPolygon, ChildAreaProps>,
  colorOf: (code: string) => [number, number, number] | null,
  options: { opacity?: number; dark?: boolean; highlight?: string | null; scoresKey?: string } = {}
) {
  return new GeoJsonLayer<ChildAreaProps>({
    id: 'risk',
    data: children.features as Feature<MultiPolygon, ChildAreaProps>[],
    pickable: true,
    stroked: true,
    filled: true,
    opacity: options.opacity ?? 0.7,
    getFillColor: (f) => {
      const c = colorOf(f.properties.code);
      return c ? [c[0], c[1], c[2], 200] : [200, 200, 200, 60];
    },
    getLineColor: (f) =>
      f.properties.code === options.highlight
        ? [0, 0, 0, 255]
        : options.dark
          ? [220, 230, 240, 220]
          : [60, 60, 60, 200],
    getLineWidth: (f) => (f.properties.code === options.highlight ? 3 : 1.2),
    lineWidthUnits: 'pixels',
    autoHighlight: true,
    highlightColor: [255, 255, 255, 80],
    updateTriggers: {
      getFillColor: options.scoresKey,
      getLineColor: [options.highlight, options.dark],
      getLineWidth: options.highlight
    }
  });
}

/** A grid's Gi* result (from /api/analytics/hotspots). */
export interface GridHotspot {
  id: number;
  z: number;
  p: number;
  significant: boolean;
  count: number;
}

/** The properties of a grid (from /api/map/grids) the hotspot layer reads. */
export type HotspotGridProperties = Pick<GridProperties, 'id' | 'code' | 'name'>;

/** Gi* hot and cold spots: grids coloured by confidence (99/95/90 %); others transparent. */
export function createHotspotLayer(
  grids: FeatureCollection<MultiPolygon, HotspotGridProperties>,
  results: readonly GridHotspot[],
  options: { opacity?: number; key?: string } = {}
) {
  const byId = new Map(results.map((r) => [r.id, r]));
  return new GeoJsonLayer<HotspotGridProperties>({
    id: 'hotspots',
    data: grids.features.filter((f) => byId.has(f.properties.id)) as Feature<MultiPolygon, HotspotGridProperties>[],
    pickable: true,
    stroked: true,
    filled: true,
    opacity: options.opacity ?? 1,
    getFillColor: (f) => {
      const r = byId.get(f.properties.id)!;
      const cls = r.significant ? hotspotClass(r.z, r.p) : null;
      return cls ? [...HOTSPOT_COLORS[cls], 190] : [0, 0, 0, 0];
    },
    getLineColor: [80, 80, 80, 90],
    lineWidthUnits: 'pixels',
    getLineWidth: 0.5,
    updateTriggers: { getFillColor: options.key }
  });
}
