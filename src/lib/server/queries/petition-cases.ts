/**
 * Petition cases for the roles that handle them: exact places inside the caller's area
 * (row-level security), and counts per area with small counts suppressed elsewhere.
 */
import type { PetitionCase, PetitionCountRow, PetitionCountLevel, PetitionStatus } from '../../api/petitions';
import type { Tx } from '../db/contexts';

/** Up to `limit` cases with an id above `after`, by id (a keyset page); all statuses when `status` is undefined. */
export async function petitionCases(
  tx: Tx,
  status: PetitionStatus | undefined,
  after: number,
  limit: number
): Promise<PetitionCase[]> {
  return tx<PetitionCase[]>`
    select p.id, p.received_at, p.channel, p.category, p.group_size, p.repeat_of_id, p.level_reached, p.status,
           p.accepted_at, p.extension_days, p.closed_at, p.resolution_method, g.code as grid_code,
           round(ST_X(p.geom)::numeric, 6)::float8 as lon, round(ST_Y(p.geom)::numeric, 6)::float8 as lat
    from petition_case p join area g on g.id = p.grid_id
    where p.id > ${after} and ${status ? tx`p.status = ${status}` : tx`true`}
    order by p.id
    limit ${limit}`;
}

/**
 * Cases received in the half-open window [from, to) (days, China Standard Time) per area of
 * `level`, through the database's petition_counts(): exact inside the caller's scope for roles
 * that handle cases; elsewhere 1…k−1 is null and other counts are rounded down to a multiple of k.
 */
export async function petitionCounts(
  tx: Tx,
  level: PetitionCountLevel,
  from: string,
  to: string,
  k: number
): Promise<PetitionCountRow[]> {
  return tx<PetitionCountRow[]>`
    select area_id, code, name, cases, exact
    from petition_counts(${level}, ${from + 'T00:00:00+08:00'}::timestamptz,
                         ${to + 'T00:00:00+08:00'}::timestamptz, ${k}::int)`;
}
