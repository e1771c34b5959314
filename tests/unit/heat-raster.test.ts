import { describe, expect, test } from 'vitest';
import { heatRaster, mercatorX, mercatorY } from '../../src/lib/map/heat-raster';
import type { HeatBins } from '../../src/lib/api/analytics';

const RAMP = [
  [255, 255, 178],
  [253, 141, 60],
  [189, 0, 38]
] as const;

/** Bins of 0.001° from (117, 36.6): one per [ix, iy, n]. */
const bins = (cells: [number, number, number][]): HeatBins => ({
  x0: 117,
  y0: 36.6,
  size: 0.001,
  ix: cells.map((c) => c[0]),
  iy: cells.map((c) => c[1]),
  n: cells.map((c) => c[2])
});

const pixel = (r: NonNullable<ReturnType<typeof heatRaster>>, x: number, y: number) =>
  Array.from(r.rgba.slice(4 * (y * r.width + x), 4 * (y * r.width + x) + 4));

/** The pixel holding (lng, lat), in Web Mercator like the map draws the image. */
function pixelAt(r: NonNullable<ReturnType<typeof heatRaster>>, lng: number, lat: number) {
  const [w, s, e, n] = r.bounds;
  const x = Math.floor(((mercatorX(lng) - mercatorX(w)) / (mercatorX(e) - mercatorX(w))) * r.width);
  const y = Math.floor(((mercatorY(lat) - mercatorY(n)) / (mercatorY(s) - mercatorY(n))) * r.height);
  return { x, y };
}

describe('heatRaster', () => {
  test('nothing to draw: no bins, or only empty ones', () => {
    expect(heatRaster(bins([]), { zoom: 12, colors: RAMP })).toBeNull();
    expect(heatRaster(bins([[0, 0, 0]]), { zoom: 12, colors: RAMP })).toBeNull();
  });

  test('one bin: the hottest colour at its centre, symmetric, transparent past the kernel radius', () => {
    const r = heatRaster(bins([[3, 4, 7]]), { zoom: 12, radiusPixels: 40, colors: RAMP })!;
    const centre = pixelAt(r, 117.0035, 36.6045);
    expect(pixel(r, centre.x, centre.y)).toEqual([189, 0, 38, 255]);
    // Symmetric left/right and up/down of the centre.
    for (const d of [2, 4, 6]) {
      expect(pixel(r, centre.x - d, centre.y)).toEqual(pixel(r, centre.x + d, centre.y));
      expect(pixel(r, centre.x, centre.y - d)).toEqual(pixel(r, centre.x, centre.y + d));
    }
    // The image is the kernel's square; its corners lie past the radius.
    expect(pixel(r, 0, 0)[3]).toBe(0);
    expect(pixel(r, r.width - 1, r.height - 1)[3]).toBe(0);
    // 40 px at zoom 12 is 40 / (512·2^12) of the world: the image spans two radii.
    const spanX = mercatorX(r.bounds[2]) - mercatorX(r.bounds[0]);
    expect(spanX).toBeGreaterThanOrEqual((2 * 40) / (512 * 4096));
    expect(spanX).toBeLessThan(((2 * 40) / (512 * 4096)) * 1.2);
  });

  test('the denser of two distant bins is the hotter, the other is still drawn', () => {
    const r = heatRaster(
      bins([
        [0, 0, 100],
        [60, 0, 4]
      ]),
      { zoom: 12, colors: RAMP }
    )!;
    const a = pixelAt(r, 117.0005, 36.6005);
    const b = pixelAt(r, 117.0605, 36.6005);
    expect(pixel(r, a.x, a.y)).toEqual([189, 0, 38, 255]);
    const weak = pixel(r, b.x, b.y);
    // √(4/100) = 0.2 of the ramp: between its first and middle colours, visible.
    expect(weak[3]).toBeGreaterThan(0);
    expect(weak[1]).toBeGreaterThan(141);
    expect(weak[1]).toBeLessThan(255);
    // The gap between them is far past both kernels: transparent.
    const mid = pixelAt(r, 117.0305, 36.6005);
    expect(pixel(r, mid.x, mid.y)[3]).toBe(0);
  });

  test('rows are in Web Mercator: a bin far north of another lands on its own row', () => {
    const r = heatRaster(
      bins([
        [0, 0, 5],
        [0, 200, 5]
      ]),
      { zoom: 11, colors: RAMP }
    )!;
    for (const lat of [36.6005, 36.8005]) {
      const p = pixelAt(r, 117.0005, lat);
      expect(pixel(r, p.x, p.y)).toEqual([189, 0, 38, 255]);
    }
  });

  test('the image never passes maxSide, however far apart the bins', () => {
    const r = heatRaster(
      bins([
        [0, 0, 1],
        [5000, 3000, 1]
      ]),
      { zoom: 16, colors: RAMP, maxSide: 256 }
    )!;
    expect(Math.max(r.width, r.height)).toBeLessThanOrEqual(256);
    expect(r.rgba.length).toBe(r.width * r.height * 4);
  });
});
