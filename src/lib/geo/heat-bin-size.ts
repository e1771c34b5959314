/**
 * Size of a square heat bin in degrees for a web-map zoom level: `binPixels` screen pixels of a
 * 256-pixel Web Mercator tile at the equator (360° / (256 · 2^zoom) per pixel). Bins are aligned to
 * a global grid of this size, so panning the map never moves them.
 * @example heatBinSize(12, 16) // 0.0054931640625 (≈ 600 m)
 */
export function heatBinSize(zoom: number, binPixels = 16): number {
  if (!Number.isFinite(zoom) || zoom < 0 || zoom > 22) throw new Error(`zoom is ${zoom}: it must be between 0 and 22`);
  return (binPixels * 360) / (256 * 2 ** Math.round(zoom));
}
