import { describe, expect, test } from 'vitest';
import { enterpriseAttributes } from '../../src/lib/map/layers/create-enterprise-layer';
import { RISK_CLASS_COLORS } from '../../src/lib/map/colors';

describe('enterpriseAttributes', () => {
  test('packs positions as float32 pairs and colours as RGBA bytes by risk class', () => {
    const { positions, colors } = enterpriseAttributes({
      count: 2,
      ids: [1, 2],
      positions: [117.1, 36.7, 117.2, 36.8],
      riskClass: [0, 3],
      industry: [0, 0],
      names: ['a', 'b']
    });
    expect(positions).toBeInstanceOf(Float32Array);
    expect(Array.from(positions)).toEqual(Array.from(new Float32Array([117.1, 36.7, 117.2, 36.8])));
    expect(Array.from(colors)).toEqual([...RISK_CLASS_COLORS[0]!, 235, ...RISK_CLASS_COLORS[3]!, 235]);
  });

  test('an unknown class is drawn grey, not dropped', () => {
    const { colors } = enterpriseAttributes({
      count: 1,
      ids: [1],
      positions: [0, 0],
      riskClass: [-1],
      industry: [0],
      names: ['x']
    });
    expect(Array.from(colors)).toEqual([128, 128, 128, 235]);
  });
});
