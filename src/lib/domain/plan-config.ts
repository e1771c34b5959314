/**
 * Limits, tolerances and workload thresholds of the grid planner (issue 6). One place, so the
 * browser's live check, the server's authoritative check and the tests agree.
 */
export const PLAN_LIMITS = {
  /** Largest GeoJSON body accepted, bytes. */
  maxBytes: 5_000_000,
  /** Most child grids in one submission. */
  maxFeatures: 1_000,
  /** Most vertices in one grid, and in one submission. */
  maxVerticesPerFeature: 10_000,
  maxVerticesTotal: 200_000,
  /** Most rings (outer + holes) in one grid. */
  maxRingsPerFeature: 100,
  /** Statement timeout of a validation or save transaction, milliseconds (a PostgreSQL server honours it). */
  statementTimeoutMs: 20_000,
  /**
   * Widest grid, degrees of longitude or latitude (2° ≈ 180–220 km): no grid of a community comes
   * near it, and it keeps every edge far from antipodal, where GEOS and PostGIS's geography
   * functions throw ("Antipodal edge detected!") instead of answering.
   */
  maxExtentDegrees: 2,
  /** Where any grid lies: a box around China, degrees (WGS 84). */
  chinaBounds: { west: 73, south: 3, east: 136, north: 54 }
} as const;

/**
 * The one precision of stored area geometry (migration 0011, docs/topology.md): every vertex lies
 * on a grid of `gridSize` degrees (≈ 1 cm), so neighbours share identical vertices; GeoJSON out of
 * the product carries `decimals` digits, which represent the stored vertices exactly, so an export
 * imported again is the same geometry.
 */
export const AREA_PRECISION = {
  gridSize: 1e-7,
  decimals: 7
} as const;

export const PLAN_TOLERANCES = {
  /** An overlap between two siblings, a gap piece or a part outside the parent smaller than this is float noise, m². */
  areaM2: 1,
  /**
   * The browser's live check (turf, floating-point overlays) reports gaps and overlaps above this,
   * m²: on the demo outlines its overlays leave artefacts of up to 60 m² where PostGIS's
   * fixed-precision overlay finds none. The server's check at `areaM2` decides.
   */
  liveAreaM2: 100,
  /** Grid area bounds, m². */
  minGridAreaM2: 5_000,
  maxGridAreaM2: 30_000_000,
  /** Snapping to neighbours' vertices and edges while drawing, metres. */
  snapMetres: 3,
  /** A submitted grid with an existing code whose outline moved less than this is unchanged, metres. */
  unchangedMetres: 0.05
} as const;

/** Tolerances as numbers (PLAN_TOLERANCES or overrides for tests and benchmarks). */
export type PlanTolerances = { [K in keyof typeof PLAN_TOLERANCES]: number };

/**
 * Workload thresholds per grid: a grid above `high` or below `low` is marked. Households after the
 * common 300–500 households-per-grid guidance, with slack.
 */
export const WORKLOAD_THRESHOLDS = {
  households: { low: 150, high: 1_200 },
  openHazards: { low: 0, high: 25 },
  openCases: { low: 0, high: 15 },
  inspectionsDue: { low: 0, high: 15 }
} as const;

/** The kinds of problem a validation reports; gaps are drawn red, overlaps orange. */
export const PROBLEM_KINDS = ['invalid', 'outside', 'overlap', 'gap', 'too-small', 'too-large'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];
