import type { FeatureCollection } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';

/**
 * The offline default MapLibre style: no tiles, glyphs or sprites from the internet — a plain
 * background and the district's own outlines from the project's data. Labels are drawn by
 * deck.gl's TextLayer with the browser's local fonts.
 * https://maplibre.org/maplibre-style-spec/
 *
 * @param outlines district and sub-district outlines (GeoJSON, properties.level)
 * @param dark big-screen theme
 */
export function createOfflineStyle(outlines: FeatureCollection, dark = false): StyleSpecification {
  return {
    version: 8,
    name: 'pingan-offline',
    sources: {
      outlines: { type: 'geojson', data: outlines }
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': dark ? '#0b1622' : '#eef1f4' } },
      {
        id: 'district-fill',
        type: 'fill',
        source: 'outlines',
        filter: ['==', ['get', 'level'], 'district'],
        paint: { 'fill-color': dark ? '#13263a' : '#ffffff' }
      },
      {
        id: 'subdistrict-line',
        type: 'line',
        source: 'outlines',
        filter: ['==', ['get', 'level'], 'subdistrict'],
        paint: { 'line-color': dark ? '#5c7a99' : '#7b8794', 'line-width': 1.5 }
      },
      {
        id: 'district-line',
        type: 'line',
        source: 'outlines',
        filter: ['==', ['get', 'level'], 'district'],
        paint: { 'line-color': dark ? '#9fc3e7' : '#1f2933', 'line-width': 2.5 }
      }
    ]
  };
}
