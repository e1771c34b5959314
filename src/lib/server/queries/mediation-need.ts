import type { AreaNeed, Mediator } from '../../domain/allocate-mediators';
import type { Tx } from '../db/contexts';

/** Open petition cases (received, accepted or mediating) in an area's subtree, by grid and by community. */
export interface MediationNeed {
  /** Grids with at least one open case, by code. */
  grids: AreaNeed[];
  /** Communities with at least one open case in their grids, by code. */
  communities: AreaNeed[];
}

/**
 * Open petition cases per grid and per community for the subtree of `code` (current areas whose code
 * equals `code` or starts with `code` + '-'). A case counts once in its grid and once in the
 * community above it; feed one of the two lists, not both, to allocateMediators.
 */
export async function mediationNeed(tx: Tx, code: string): Promise<MediationNeed> {
  const rows = await tx<(AreaNeed & { level: 'grid' | 'community' })[]>`
    with grids as (
      select g.id, g.code, c.code as community
      from area g join area c on c.id = g.parent_id
      where g.level = 'grid' and g.valid_to is null and (g.code = ${code} or g.code like ${code + '-%'})
    ), open as (
      select g.code, g.community, count(*)::int as cases
      from petition_case p join grids g on g.id = p.grid_id
      where p.status in ('received', 'accepted', 'mediating')
      group by g.code, g.community
    )
    select 'grid' as level, code, cases from open
    union all
    select 'community', community, sum(cases)::int from open group by community
    order by level desc, code`;
  return {
    grids: rows.filter((r) => r.level === 'grid').map(({ code, cases }) => ({ code, cases })),
    communities: rows.filter((r) => r.level === 'community').map(({ code, cases }) => ({ code, cases }))
  };
}

/**
 * Active mediators who may serve somewhere in the subtree of `code`: those whose home area lies in it
 * and those whose home area lies above it. Ordered by staff id; the id is returned as text.
 */
export async function mediatorsFor(tx: Tx, code: string): Promise<(Mediator & { displayName: string })[]> {
  return tx<(Mediator & { displayName: string })[]>`
    select s.id::text as id, a.code as "homeAreaCode", s.capacity_per_week as "capacityPerWeek",
           s.display_name as "displayName"
    from staff s join area a on a.id = s.home_area_id
    where s.role = 'mediator' and s.active
      and (a.code = ${code} or a.code like ${code + '-%'} or ${code} like a.code || '-%')
    order by s.id`;
}

/** Current names of areas by code (the allocation's rows name their areas as the map does). */
export async function areaNames(tx: Tx, codes: readonly string[]): Promise<Record<string, string>> {
  if (codes.length === 0) return {};
  const rows = await tx<{ code: string; name: string }[]>`
    select code, name from area where code = any(${codes as string[]}) and valid_to is null`;
  return Object.fromEntries(rows.map((r) => [r.code, r.name]));
}
