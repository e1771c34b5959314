/** Colours of the four-colour risk classes (安全风险分级管控), RGB 0–255, in RISK_CLASSES order. */
export const RISK_CLASS_COLORS: [number, number, number][] = [
  [215, 25, 28], // red: major risk
  [245, 130, 32], // orange: high risk
  [240, 200, 20], // yellow: general risk
  [30, 100, 200] // blue: low risk
];

/** CSS colour of a risk class index. */
export function riskClassCss(index: number): string {
  const c = RISK_CLASS_COLORS[index] ?? [128, 128, 128];
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * Shapes doubling the four colours, so the classes read without colour vision (and in print):
 * red ■, orange ◆, yellow ▲, blue ●.
 */
export const RISK_CLASS_SHAPES = ['■', '◆', '▲', '●'] as const;

/** Hazard site colours by status (index into HAZARD_STATUSES) — Okabe–Ito, colour-blind safe. */
export const HAZARD_STATUS_COLORS: [number, number, number][] = [
  [213, 94, 0], // open: vermillion
  [230, 159, 0], // rectifying: orange
  [0, 114, 178], // rectified: blue
  [0, 158, 115] // verified: bluish green
];
/** Overdue hazards (open past the deadline) are drawn in this colour regardless of status. */
export const HAZARD_OVERDUE_COLOR: [number, number, number] = [204, 121, 167]; // reddish purple

/** CSS colour of an RGB triple. */
export const css = (c: readonly [number, number, number]) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/**
 * Gi* hotspot classes (confidence by the p-value): hot 99 / 95 / 90 %, not significant, cold
 * 90 / 95 / 99 % — a red–blue diverging scheme (ColorBrewer RdBu), readable with red-green colour
 * blindness.
 */
export const HOTSPOT_COLORS: Record<
  'hot99' | 'hot95' | 'hot90' | 'cold90' | 'cold95' | 'cold99',
  [number, number, number]
> = {
  hot99: [178, 24, 43],
  hot95: [239, 138, 98],
  hot90: [253, 219, 199],
  cold90: [209, 229, 240],
  cold95: [103, 169, 207],
  cold99: [33, 102, 172]
};

/** The hotspot class of a Gi* z-score and p-value, or null when p ≥ 0.10. */
export function hotspotClass(z: number, p: number): keyof typeof HOTSPOT_COLORS | null {
  const confidence = p < 0.01 ? '99' : p < 0.05 ? '95' : p < 0.1 ? '90' : null;
  if (!confidence || z === 0) return null;
  return `${z > 0 ? 'hot' : 'cold'}${confidence}` as keyof typeof HOTSPOT_COLORS;
}

/** ColorBrewer YlOrRd, six classes: petition density (heat and hexbins), sequential, readable with colour-vision deficiency. */
export const PETITION_DENSITY_COLORS: [number, number, number][] = [
  [255, 255, 178],
  [254, 217, 118],
  [254, 178, 76],
  [253, 141, 60],
  [240, 59, 32],
  [189, 0, 38]
];

/** Petition points: open cases (purple) and closed ones (grey), RGBA. */
export const PETITION_OPEN_COLOR: [number, number, number, number] = [120, 40, 140, 220];
export const PETITION_CLOSED_COLOR: [number, number, number, number] = [150, 150, 160, 150];
