/**
 * Pixel statistics of screenshots, computed in the page itself (createImageBitmap on the PNG bytes),
 * so tests can say "the map is not blank" and "this toggle changed the picture" with numbers.
 */
import type { Page } from 'playwright-core';

/** Statistics of one image: mean and standard deviation of luminance (0–255), distinct colours (quantised to 5 bits per channel). */
export interface PixelStats {
  width: number;
  height: number;
  meanLuma: number;
  stdLuma: number;
  distinctColours: number;
}

/** Statistics of a PNG screenshot. */
export async function pixelStats(page: Page, png: Buffer): Promise<PixelStats> {
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    let sum = 0;
    let sumSq = 0;
    const colours = new Set<number>();
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const y = 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
      sum += y;
      sumSq += y * y;
      colours.add(((data[i]! >> 3) << 10) | ((data[i + 1]! >> 3) << 5) | (data[i + 2]! >> 3));
    }
    const mean = sum / n;
    return {
      width: bitmap.width,
      height: bitmap.height,
      meanLuma: mean,
      stdLuma: Math.sqrt(Math.max(0, sumSq / n - mean * mean)),
      distinctColours: colours.size
    };
  }, png.toString('base64'));
}

/** Share of pixels (0–1) whose colour differs by more than `tolerance` (0–255, any channel) between two same-size PNGs. */
export async function changedShare(page: Page, a: Buffer, b: Buffer, tolerance = 24): Promise<number> {
  return page.evaluate(
    async ([a64, b64, tol]) => {
      const read = async (b64: string) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      };
      const [x, y] = await Promise.all([read(a64 as string), read(b64 as string)]);
      if (x.length !== y.length) return 1;
      let changed = 0;
      for (let i = 0; i < x.length; i += 4) {
        if (
          Math.abs(x[i]! - y[i]!) > (tol as number) ||
          Math.abs(x[i + 1]! - y[i + 1]!) > (tol as number) ||
          Math.abs(x[i + 2]! - y[i + 2]!) > (tol as number)
        )
          changed++;
      }
      return changed / (x.length / 4);
    },
    [a.toString('base64'), b.toString('base64'), tolerance] as const
  );
}
