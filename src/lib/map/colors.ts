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
