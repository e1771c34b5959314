import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';

/** One grid of the planner's draft: an existing grid (its code) or a new one (code null). */
export interface DraftGrid {
  /** Stable key within the page (terra-draw feature id). */
  key: string;
  code: string | null;
  name: string | null;
  geometry: Polygon | MultiPolygon;
}

/** terra-draw mode names used by the planner. */
export type DrawTool = 'select' | 'polygon' | 'linestring' | 'static';

/** A problem drawn on the map and listed in the panel. */
export interface ShownProblem {
  kind: string;
  features: number[];
  areaM2: number;
  at: Position;
  geometry: Geometry;
}

/** Workload of one grid as the API returns it (the components name it so). */
export type { GridWorkload as Workload } from '$lib/api/plan';
