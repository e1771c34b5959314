/**
 * Spatial neighbours of the current grids in an area's subtree, for local statistics such as Gi*.
 * PostGIS: https://postgis.net/docs/ST_Intersection.html (the gridSize form),
 * https://postgis.net/docs/ST_DWithin.html (geography, metres).
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../db/contexts';

/** How two grids count as neighbours. */
export type NeighbourRule =
  /**
   * Sharing a stretch of boundary of positive length at the stored precision of 1e-7° (rook
   * contiguity; a shared corner is not enough). docs/topology.md.
   */
  | { by: 'edge' }
  /** Centroids within `metres` of each other on the spheroid. */
  | { by: 'distance'; metres: number };

/** Grids and their neighbours: `neighbours[i]` holds indices into `ids`, never i itself. */
export interface GridNeighbours {
  /** Current grid ids of the subtree, ascending (the order `gridEventCounts` uses too). */
  ids: number[];
  neighbours: number[][];
}

/**
 * Neighbour lists of the current grids under `code` (the area itself when it is a grid, and every
 * grid whose code starts with `code-`). The relation is symmetric by construction: each unordered
 * pair is found once and entered on both sides. The answer may be shared with other callers of the
 * same grids: do not mutate it.
 *
 * @param rule `{ by: 'edge' }`, or `{ by: 'distance', metres }` with 0 < metres ≤ 100 000
 * @throws RangeError for a distance band outside that range
 * @example
 * await gridNeighbours(tx, '370105', { by: 'distance', metres: 1500 })
 */
export async function gridNeighbours(tx: Tx, code: string, rule: NeighbourRule): Promise<GridNeighbours> {
  if (rule.by === 'distance' && !(rule.metres > 0 && rule.metres <= 100_000)) {
    throw new RangeError(`Invalid distance band ${rule.metres} m: must be more than 0 and at most 100000 metres`);
  }
  // The neighbours follow from the grids' ids and geometries alone: a digest of both keys the
  // answer, so a plan save (new grid versions) or any change of a geometry computes them afresh,
  // and an unchanged district reuses them. The digest costs one short scan; the pairs, a spatial
  // self-join over every grid (≈ 1 s on the embedded demo), are what no request should repeat.
  const grids = await tx<{ id: number; h: string }[]>`
    select id, md5(ST_AsBinary(geom)) as h from area
    where level = 'grid' and valid_to is null and (code = ${code} or code like ${code + '-%'}) order by id`;
  const digest = createHash('sha256');
  for (const g of grids) digest.update(`${g.id}:${g.h};`);
  const key = `${rule.by === 'edge' ? 'edge' : `distance:${rule.metres}`}|${digest.digest('hex')}`;
  const known = neighbourCache.get(key);
  if (known) return known;
  const computed = await computeNeighbours(tx, code, rule, grids);
  if (neighbourCache.size >= NEIGHBOUR_CACHE_ENTRIES) neighbourCache.delete(neighbourCache.keys().next().value!);
  neighbourCache.set(key, computed);
  return computed;
}

/** Answers of {@link gridNeighbours} by rule and grid digest, oldest first (shared: do not mutate). */
const neighbourCache = new Map<string, GridNeighbours>();
const NEIGHBOUR_CACHE_ENTRIES = 32;

async function computeNeighbours(
  tx: Tx,
  code: string,
  rule: NeighbourRule,
  grids: { id: number }[]
): Promise<GridNeighbours> {
  let pairs: { a: number; b: number }[];
  if (rule.by === 'edge') {
    // Rook contiguity at the stored precision (docs/topology.md): the boundaries, noded together by
    // snap-rounding on the 1e-7° grid every area vertex lies on (0011), share a stretch of positive
    // length. On stored grids shared edges have identical vertices, so this is exact; grids written
    // outside the product (floating-point gaps or overlaps far below 1e-7°) are noded the same way.
    // The prefilter is a distance within one cell, not ST_Intersects, which such gaps defeat.
    // The 3-argument (gridSize) overlay also because PGlite's PostGIS returns an empty result
    // instead of raising on a GEOS TopologyException in the default overlay.
    pairs = await tx<{ a: number; b: number }[]>`
      with g as (
        select id, geom from area where level = 'grid' and valid_to is null and (code = ${code} or code like ${code + '-%'})
      )
      select a.id as a, b.id as b
      from g a join g b on a.id < b.id and a.geom && ST_Expand(b.geom, area_grid_size()) and ST_DWithin(a.geom, b.geom, area_grid_size())
      where ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom), area_grid_size())) > 0`;
  } else {
    pairs = await tx<{ a: number; b: number }[]>`
      with g as (
        select id, ST_Centroid(geom)::geography as c from area
        where level = 'grid' and valid_to is null and (code = ${code} or code like ${code + '-%'})
      )
      select a.id as a, b.id as b from g a join g b on a.id < b.id and ST_DWithin(a.c, b.c, ${rule.metres}::float8)`;
  }
  const ids = grids.map((g) => g.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const neighbours = ids.map(() => [] as number[]);
  for (const { a, b } of pairs) {
    const i = index.get(a)!;
    const j = index.get(b)!;
    neighbours[i]!.push(j);
    neighbours[j]!.push(i);
  }
  for (const list of neighbours) list.sort((x, y) => x - y);
  return { ids, neighbours };
}
