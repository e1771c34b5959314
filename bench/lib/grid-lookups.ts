/**
 * Grid assignment in Node, three ways, each with the database's rule (db/migrations/0001: the
 * current grid that covers the point — boundary included — and the lowest id when several do):
 * - turf: booleanPointInPolygon over all grids in id order (turf rejects on each feature's `bbox`
 *   member first, then runs point-in-polygon-hao);
 * - flatbush 4.7 over the grids' bounding boxes, point-in-polygon-hao 1.2 on the candidates;
 * - the typed-array floor: a uniform 1024 × 1024 raster over the grids' extent in an Int32Array,
 *   each cell holding the one grid that covers it whole; only points in cells a grid edge may cross go to
 *   flatbush + point-in-polygon-hao.
 * Each returns, per point, the index of its grid in `grids` (ascending id) or -1.
 */
import Flatbush from 'flatbush';
import pip from 'point-in-polygon-hao';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Position } from 'geojson';

export interface Grid {
  id: number;
  /** Polygons of the grid, each a list of rings (GeoJSON MultiPolygon coordinates). */
  polygons: Position[][][];
  bbox: [number, number, number, number];
}

export function createGrids(rows: { id: number; geom: MultiPolygon }[]): Grid[] {
  return [...rows]
    .sort((a, b) => a.id - b.id)
    .map((r) => {
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const poly of r.geom.coordinates)
        for (const [x, y] of poly[0]!) {
          x0 = Math.min(x0, x!);
          y0 = Math.min(y0, y!);
          x1 = Math.max(x1, x!);
          y1 = Math.max(y1, y!);
        }
      return { id: r.id, polygons: r.geom.coordinates, bbox: [x0, y0, x1, y1] };
    });
}

function covers(grid: Grid, p: [number, number]): boolean {
  for (const poly of grid.polygons) if (pip(p, poly) !== false) return true;
  return false;
}

/** turf over all grids, in id order; the first that covers the point wins. */
export function assignWithTurf(grids: Grid[], xs: Float64Array, ys: Float64Array): Int32Array {
  const features: Feature<MultiPolygon>[] = grids.map((g) => ({
    type: 'Feature',
    bbox: g.bbox,
    properties: {},
    geometry: { type: 'MultiPolygon', coordinates: g.polygons }
  }));
  const out = new Int32Array(xs.length).fill(-1);
  for (let i = 0; i < xs.length; i++) {
    const p = [xs[i]!, ys[i]!];
    for (let g = 0; g < features.length; g++) {
      if (booleanPointInPolygon(p, features[g]!)) {
        out[i] = g;
        break;
      }
    }
  }
  return out;
}

/** A flatbush index of the grids' bounding boxes (item i = grids[i]). */
export function indexGrids(grids: Grid[]): Flatbush {
  const index = new Flatbush(grids.length);
  for (const g of grids) index.add(g.bbox[0], g.bbox[1], g.bbox[2], g.bbox[3]);
  index.finish();
  return index;
}

/** The grid of one point by flatbush + point-in-polygon-hao (lowest index among those covering it). */
function lookup(grids: Grid[], index: Flatbush, x: number, y: number): number {
  const candidates = index.search(x, y, x, y);
  if (candidates.length > 1) candidates.sort((a, b) => a - b);
  const p: [number, number] = [x, y];
  for (const c of candidates) if (covers(grids[c]!, p)) return c;
  return -1;
}

export function assignWithFlatbush(grids: Grid[], index: Flatbush, xs: Float64Array, ys: Float64Array): Int32Array {
  const out = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = lookup(grids, index, xs[i]!, ys[i]!);
  return out;
}

const EDGE = -2;

export interface Raster {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  nx: number;
  ny: number;
  /** Per cell: the grid index covering the whole cell, -1 for none, or EDGE (an edge may cross it). */
  cells: Int32Array;
  edgeCells: number;
}

/**
 * Build the raster. A cell is EDGE when a ring segment may touch it: per raster column the segment
 * spans, the rows between the segment's lowest and highest y inside that column (widened by 1e-9°
 * against rounding). Every other cell has no boundary in it, so it lies whole in one grid or outside
 * all; so does a run of such cells along a row, and one exact lookup at a run's first cell decides it.
 */
export function buildRaster(grids: Grid[], index: Flatbush, n = 1024): Raster {
  const x0 = Math.min(...grids.map((g) => g.bbox[0]));
  const y0 = Math.min(...grids.map((g) => g.bbox[1]));
  const x1 = Math.max(...grids.map((g) => g.bbox[2]));
  const y1 = Math.max(...grids.map((g) => g.bbox[3]));
  const dx = (x1 - x0) / n;
  const dy = (y1 - y0) / n;
  const eps = 1e-9;
  const cells = new Int32Array(n * n);
  const col = (x: number) => Math.min(n - 1, Math.max(0, Math.floor((x - x0) / dx)));
  const row = (y: number) => Math.min(n - 1, Math.max(0, Math.floor((y - y0) / dy)));
  for (const g of grids)
    for (const poly of g.polygons)
      for (const ring of poly)
        for (let k = 1; k < ring.length; k++) {
          const [ax, ay] = ring[k - 1]! as [number, number];
          const [bx, by] = ring[k]! as [number, number];
          const minX = Math.min(ax, bx);
          const maxX = Math.max(ax, bx);
          const yAt = (x: number) => (ax === bx ? ay : ay + ((x - ax) * (by - ay)) / (bx - ax));
          for (let c = col(minX - eps); c <= col(maxX + eps); c++) {
            const xl = Math.max(minX, x0 + c * dx - eps);
            const xr = Math.min(maxX, x0 + (c + 1) * dx + eps);
            const ya = ax === bx ? Math.min(ay, by) : Math.min(yAt(xl), yAt(xr));
            const yb = ax === bx ? Math.max(ay, by) : Math.max(yAt(xl), yAt(xr));
            for (let r = row(ya - eps); r <= row(yb + eps); r++) cells[r * n + c] = EDGE;
          }
        }
  let edgeCells = 0;
  for (let r = 0; r < n; r++) {
    let run: number | null = null;
    for (let c = 0; c < n; c++) {
      const i = r * n + c;
      if (cells[i] === EDGE) {
        edgeCells++;
        run = null;
        continue;
      }
      run ??= lookup(grids, index, x0 + (c + 0.5) * dx, y0 + (r + 0.5) * dy);
      cells[i] = run;
    }
  }
  return { x0, y0, dx, dy, nx: n, ny: n, cells, edgeCells };
}

/** The floor: one Int32Array read per point; points in EDGE cells fall back to flatbush + pip. */
export function assignWithRaster(
  grids: Grid[],
  index: Flatbush,
  raster: Raster,
  xs: Float64Array,
  ys: Float64Array
): { out: Int32Array; fallbacks: number } {
  const { x0, y0, dx, dy, nx, ny, cells } = raster;
  const out = new Int32Array(xs.length);
  let fallbacks = 0;
  for (let i = 0; i < xs.length; i++) {
    const c = Math.floor((xs[i]! - x0) / dx);
    const r = Math.floor((ys[i]! - y0) / dy);
    // Off the raster (e.g. exactly on its east or north edge): the exact lookup decides.
    const v = c >= 0 && c < nx && r >= 0 && r < ny ? cells[r * nx + c]! : EDGE;
    if (v === EDGE) {
      fallbacks++;
      out[i] = lookup(grids, index, xs[i]!, ys[i]!);
    } else {
      out[i] = v;
    }
  }
  return { out, fallbacks };
}
