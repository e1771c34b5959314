/**
 * The petition heat surface as one image, computed on the CPU from the server's bins: a Gaussian
 * kernel around each bin centre, summed in Web Mercator pixels, scaled to the densest pixel of the
 * view and coloured by a ramp. The map draws it as a single bitmap.
 *
 * Why not deck.gl's HeatmapLayer: it aggregates on the GPU with several shader programs. Where
 * WebGL is software-rendered (no GPU, as on the CI and test machines) their first compilation took
 * 3–5 s of the commander's first view. The bins are already aggregated by the server (a few
 * thousand at most), so summing their kernels here costs milliseconds.
 */
import type { HeatBins } from '../api/analytics';

type Rgb = readonly [number, number, number];

export interface HeatRasterOptions {
  /** The zoom the bins were made for (the answer's `zoom`); sets the kernel's size on the ground. */
  zoom: number;
  /** Kernel radius on screen at that zoom, CSS pixels. */
  radiusPixels?: number;
  /** Pixels whose √(share of the densest) is below this stay transparent. */
  threshold?: number;
  /** Multiplies √(share of the densest) before the ramp (values past 1 take its last colour). */
  intensity?: number;
  /** The ramp, faint first. */
  colors: readonly Rgb[];
  /** The image's longer side at most, pixels (the kernel is sampled more coarsely beyond it). */
  maxSide?: number;
}

export interface HeatRaster {
  width: number;
  height: number;
  /** Row-major RGBA, the first row north. */
  rgba: Uint8ClampedArray;
  /** West, south, east, north (degrees) of the image's outer edges. */
  bounds: [number, number, number, number];
  /** The densest pixel's kernel sum (counts × kernel weight), for tests and tooltips. */
  max: number;
}

/** MapLibre's world size at zoom 0, pixels (512-pixel tiles). */
const WORLD_PX = 512;

export const mercatorX = (lng: number) => (lng + 180) / 360;
export const mercatorY = (lat: number) => {
  const phi = (lat * Math.PI) / 180;
  return (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2;
};
const lngOf = (x: number) => x * 360 - 180;
const latOf = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;

/** The ramp at t ∈ [0, 1], linear between its stops. */
function rampAt(colors: readonly Rgb[], t: number): Rgb {
  const s = Math.min(1, Math.max(0, t)) * (colors.length - 1);
  const i = Math.min(colors.length - 2, Math.floor(s));
  const f = s - i;
  const a = colors[i]!;
  const b = colors[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** The heat image of `bins`, or null when there is nothing to draw. */
export function heatRaster(bins: HeatBins, options: HeatRasterOptions): HeatRaster | null {
  const { zoom, radiusPixels = 45, threshold = 0.05, intensity = 1, colors, maxSide = 1024 } = options;
  const n = bins.n.length;
  if (n === 0 || colors.length < 2) return null;

  // Bin centres in Web Mercator (0..1 over the world), and their extent.
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = mercatorX(bins.x0 + (bins.ix[i]! + 0.5) * bins.size);
    const y = mercatorY(bins.y0 + (bins.iy[i]! + 0.5) * bins.size);
    xs[i] = x;
    ys[i] = y;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const radius = radiusPixels / (WORLD_PX * 2 ** zoom);
  minX -= radius;
  minY -= radius;
  maxX += radius;
  maxY += radius;
  // Eight image pixels per kernel radius, coarser when the image would pass maxSide.
  const cell = Math.max(radius / 8, Math.max(maxX - minX, maxY - minY) / maxSide);
  const width = Math.max(1, Math.ceil((maxX - minX) / cell));
  const height = Math.max(1, Math.ceil((maxY - minY) / cell));

  // A Gaussian with 2.5σ at the radius, cut there; precomputed once on the pixel grid.
  const r = Math.max(1, Math.round(radius / cell));
  const sigma2 = 2 * (r / 2.5) ** 2;
  const side = 2 * r + 1;
  const kernel = new Float64Array(side * side);
  for (let dy = -r; dy <= r; dy++)
    for (let dx = -r; dx <= r; dx++) {
      const d2 = dx * dx + dy * dy;
      kernel[(dy + r) * side + dx + r] = d2 > r * r ? 0 : Math.exp(-d2 / sigma2);
    }

  const density = new Float64Array(width * height);
  for (let i = 0; i < n; i++) {
    const w = bins.n[i]!;
    if (!(w > 0)) continue;
    const cx = Math.floor((xs[i]! - minX) / cell);
    const cy = Math.floor((ys[i]! - minY) / cell);
    for (let dy = -r; dy <= r; dy++) {
      const py = cy + dy;
      if (py < 0 || py >= height) continue;
      const row = py * width;
      const krow = (dy + r) * side + r;
      for (let dx = -r; dx <= r; dx++) {
        const px = cx + dx;
        if (px < 0 || px >= width) continue;
        density[row + px]! += w * kernel[krow + dx]!;
      }
    }
  }
  let max = 0;
  for (let p = 0; p < density.length; p++) if (density[p]! > max) max = density[p]!;
  if (max === 0) return null;

  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < density.length; p++) {
    // On a square-root scale: one dense cluster would otherwise leave every other place pale.
    const t = Math.sqrt(density[p]! / max) * intensity;
    if (t < threshold) continue;
    const [cr, cg, cb] = rampAt(colors, t);
    rgba[4 * p] = cr;
    rgba[4 * p + 1] = cg;
    rgba[4 * p + 2] = cb;
    // Faint edges fade in; the core is opaque (the layer's opacity applies on top).
    rgba[4 * p + 3] = 255 * Math.min(1, t / 0.6);
  }
  return {
    width,
    height,
    rgba,
    bounds: [lngOf(minX), latOf(minY + height * cell), lngOf(minX + width * cell), latOf(minY)],
    max
  };
}
