import type { Tx } from '../db/contexts';

/** A bounding box in degrees: [west, south, east, north] (WGS 84 longitude/latitude). */
export type Bbox = [number, number, number, number];

/**
 * The bounding box of the current area with this code, rounded to 6 decimals, or null when there
 * is none the caller may see (row-level security hides areas outside the caller's subtree). Pages
 * open their map on it (the user's home area) instead of a box written into the code.
 * https://postgis.net/docs/ST_XMin.html
 *
 * @example const start = await areaBbox(tx, user.homeAreaCode); // [116.95, 36.66, 117.06, 36.75]
 */
export async function areaBbox(tx: Tx, code: string): Promise<Bbox | null> {
  const [row] = await tx<{ bbox: Bbox }[]>`
    select json_build_array(round(ST_XMin(geom)::numeric, 6), round(ST_YMin(geom)::numeric, 6),
                            round(ST_XMax(geom)::numeric, 6), round(ST_YMax(geom)::numeric, 6)) as bbox
    from area where code = ${code} and valid_to is null`;
  return row?.bbox ?? null;
}
