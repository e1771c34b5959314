import { TextLayer } from '@deck.gl/layers';

/** A label: text at a point. */
export interface AreaLabel {
  name: string;
  position: [number, number];
}

/**
 * Chinese area names drawn by deck.gl from the browser's local fonts (no glyph server needed).
 * `characterSet: 'auto'` builds the font atlas from the labels' own characters.
 */
export function createAreaLabelLayer(labels: AreaLabel[], options: { dark?: boolean } = {}) {
  return new TextLayer<AreaLabel>({
    id: 'area-labels',
    data: labels,
    getText: (d) => d.name,
    getPosition: (d) => d.position,
    characterSet: 'auto',
    fontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    getSize: 14,
    getColor: options.dark ? [230, 240, 250, 255] : [30, 40, 55, 255],
    outlineWidth: 3,
    outlineColor: options.dark ? [11, 22, 34, 255] : [255, 255, 255, 255],
    fontSettings: { sdf: true },
    billboard: true
  });
}
