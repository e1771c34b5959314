import { TextLayer } from '@deck.gl/layers';
import { RISK_CLASS_COLORS, RISK_CLASS_SHAPES } from '../colors';
import type { EnterpriseColumns as EnterpriseColumnsData } from '../../api/map';

/** Key enterprises as columns, as /api/map/enterprises answers them. */
export type { EnterpriseColumnsData };

/**
 * Build the binary attributes of the enterprise layer: positions as Float32 pairs and colours as
 * RGBA bytes from the risk class. Pure, so it is tested apart from the layer.
 */
export function enterpriseAttributes(cols: EnterpriseColumnsData) {
  const positions = new Float32Array(cols.positions);
  const colors = new Uint8Array(cols.count * 4);
  for (let i = 0; i < cols.count; i++) {
    const c = RISK_CLASS_COLORS[cols.riskClass[i]!] ?? [128, 128, 128];
    colors.set([c[0], c[1], c[2], 235], i * 4);
  }
  return { positions, colors };
}

/**
 * Key enterprises (重点企业) drawn as a shape per four-colour risk class (■ ◆ ▲ ●) in the class's
 * colour with a white halo, from binary position and colour columns; pickable by index.
 */
export function createEnterpriseLayer(cols: EnterpriseColumnsData, options: { opacity?: number; dark?: boolean } = {}) {
  const { positions, colors } = enterpriseAttributes(cols);
  return new TextLayer({
    id: 'enterprises',
    data: {
      length: cols.count,
      attributes: {
        getPosition: { value: positions, size: 2 },
        getColor: { value: colors, size: 4, normalized: true }
      }
    },
    getText: (_: unknown, { index }: { index: number }) => RISK_CLASS_SHAPES[cols.riskClass[index]!] ?? '●',
    characterSet: [...RISK_CLASS_SHAPES],
    fontFamily: '"Noto Sans CJK SC", "DejaVu Sans", sans-serif',
    fontSettings: { sdf: true },
    outlineWidth: 4,
    outlineColor: options.dark ? [11, 22, 34, 255] : [255, 255, 255, 255],
    getSize: 13,
    sizeMinPixels: 9,
    pickable: true,
    opacity: options.opacity ?? 1
  } as never);
}
