/**
 * The versioned save of a parent's child grids, in the caller's transaction: lock the parent,
 * check the revision the edit started from (optimistic locking), validate in PostGIS, close the
 * changed grids' versions (valid_to = today), insert their successors (valid_from = today),
 * reassign every located fact of the closed grids (plan_reassign_facts, migration 0006), check the
 * parent's fact counts are the same before and after, record the revision and an audit entry.
 * Any failure throws and the caller's transaction rolls back: nothing is half-written.
 */
import type { Tx } from '../db/contexts';
import { translator, type Translate } from '../../i18n/messages';
import type { PlanFeature } from '../../geo/parse-plan-geojson';
import { PLAN_TOLERANCES } from '../../domain/plan-config';
import { apportionIntegers } from '../../domain/apportion-integers';
import type {
  AddedGrid,
  FactCounts,
  PlanParent,
  PlanRevisionEntry,
  PlanSaveResult,
  PlanValidation
} from '../../api/plan';
import { planHistory, planRevision } from './plan-children';
import { validatePlan, type PlanWords } from './validate-plan';

/** The edit started from an older revision: someone saved in between. */
export class PlanConflict extends Error {
  constructor(
    readonly current: number,
    readonly changes: PlanRevisionEntry[],
    t: Translate = translator('en')
  ) {
    super(t('plan.refused.stale', { revision: current }));
    this.name = 'PlanConflict';
  }
}

/** The proposal failed validation or names grids that are not children of the parent. */
export class PlanRejected extends Error {
  constructor(
    message: string,
    readonly validation?: PlanValidation
  ) {
    super(message);
    this.name = 'PlanRejected';
  }
}

interface Current {
  id: number;
  code: string;
  name: string;
  households: number;
  population: number;
}

/**
 * Save `features` as the complete new set of `parent`'s children.
 * @param baseRevision the revision the edit started from
 * @param t the language of refusals (the user's)
 * @throws PlanConflict when baseRevision is stale; PlanRejected when the proposal is refused
 */
export async function savePlan(
  tx: Tx,
  parent: PlanParent,
  baseRevision: number,
  features: PlanFeature[],
  username: string,
  t: Translate = translator('en')
): Promise<PlanSaveResult> {
  const words: PlanWords = { t, labels: planLabels(t, features) };
  // Serialise saves of one parent: the second waits here, then sees the new revision.
  await tx`select id from area where id = ${parent.id} for update`;
  // Fact writes into these grids share-lock their grid (0013): the ones already running finish
  // first and are counted; later ones wait for this save and go to the new grids.
  await tx`select id from area where parent_id = ${parent.id} and valid_to is null and level = 'grid' order by id for update`;
  const revision = await planRevision(tx, parent.code);
  if (revision !== baseRevision) throw new PlanConflict(revision, await planHistory(tx, parent.code, baseRevision), t);

  const current = await tx<Current[]>`
    select id::int, code, name, households, population from area
    where parent_id = ${parent.id} and valid_to is null and level = 'grid' order by code`;
  const byCode = new Map(current.map((c) => [c.code, c]));
  for (const f of features) {
    if (f.code !== null && !byCode.has(f.code)) {
      throw new PlanRejected(t('plan.refused.unknown-grid', { code: f.code, parent: parent.code }));
    }
  }
  const validation = await validatePlan(
    tx,
    parent.id,
    features.map((f) => f.geometry),
    {},
    words
  );
  if (!validation.ok) throw new PlanRejected(validation.problems[0]!.message, validation);

  // A grid submitted with its code whose outline moved less than a few centimetres is unchanged.
  const kept = new Set<string>();
  const withCode = features.filter((f) => f.code !== null);
  if (withCode.length > 0) {
    const rows = await tx<{ code: string; same: boolean }[]>`
      select a.code, ST_HausdorffDistance(a.geom, ST_SetSRID(ST_GeomFromGeoJSON(t.g), 4326)) * 111320 < ${PLAN_TOLERANCES.unchangedMetres} as same
      from unnest(${withCode.map((f) => f.code!)}::text[], ${withCode.map((f) => JSON.stringify(f.geometry))}::text[]) as t(code, g)
      join area a on a.code = t.code and a.valid_to is null`;
    for (const r of rows) if (r.same) kept.add(r.code);
  }
  const changed = features.filter(
    (f) => f.code === null || !kept.has(f.code) || (f.name !== null && f.name !== byCode.get(f.code)!.name)
  );
  const submitted = new Set(withCode.map((f) => f.code!));
  const closing = current.filter((c) => !submitted.has(c.code) || changed.some((f) => f.code === c.code));
  const [{ today }] = (await tx<
    { today: string }[]
  >`select ((now() at time zone 'Asia/Shanghai')::date)::text as today`) as unknown as [{ today: string }];
  if (changed.length === 0 && closing.length === 0) {
    const zero = {};
    return {
      revision,
      changed: false,
      savedOn: today,
      closed: [],
      added: [],
      before: zero,
      after: zero,
      inClosedGrids: 0,
      reassigned: 0
    };
  }

  // One exact topology (0011, docs/topology.md): the parent's boundary, the kept grids and the
  // drafts noded together on the 1e-7° grid, so the new grids share identical vertices with their
  // neighbours and union exactly to the parent.
  const exact = await exactChildren(
    tx,
    parent.id,
    features,
    (f) => (f.code !== null && kept.has(f.code) ? byCode.get(f.code)!.id : null),
    words
  );
  const exactOf = new Map(features.map((f, i) => [f, exact[i]!]));

  const allBefore = current.map((c) => c.id);
  const before = await factTotals(tx, allBefore);
  const closedIds = closing.map((c) => c.id);
  const inClosedGrids = sum(await factTotals(tx, closedIds));

  // Households and population of the closed grids, apportioned to their successors by area of
  // overlap (largest remainder, so the totals are kept exactly).
  const shares = await tx<{ ord: number; w: number }[]>`
    select t.ord::int - 1 as ord,
      coalesce(sum(c.households * ST_Area(ST_Intersection(c.geom, g.geom, 1e-9::float8)::geography) / nullif(ST_Area(c.geom::geography), 0)), 0)::float8 as w
    from unnest(${changed.map((f) => exactOf.get(f)!)}::text[]) with ordinality as t(w, ord)
    cross join lateral (select ST_GeomFromEWKB(decode(t.w, 'hex')) as geom) g
    left join area c on c.id = any(${closedIds}::bigint[]) and c.geom && g.geom
    group by t.ord order by t.ord`;
  const closedHouseholds = closing.reduce((s, c) => s + c.households, 0);
  const closedPopulation = closing.reduce((s, c) => s + c.population, 0);
  const households = apportionIntegers(
    shares.map((s) => s.w),
    closedHouseholds
  );
  const population = apportionIntegers(
    shares.map((s) => s.w),
    closedPopulation
  );

  await tx`update area set valid_to = ${today}::date where id = any(${closedIds}::bigint[])`;

  const [{ next }] = (await tx<{ next: number }[]>`
    select coalesce(max(split_part(code, '-', 4)::int), 0)::int + 1 as next from area
    where parent_id in (select id from area where code = ${parent.code}) and level = 'grid'`) as unknown as [
    { next: number }
  ];
  let n = next;
  const rows = changed.map((f, i) => {
    let code = f.code;
    let name = f.name ?? (f.code ? byCode.get(f.code)!.name : null);
    if (code === null) {
      if (n > 999) throw new PlanRejected(t('plan.refused.codes-used', { parent: parent.code }));
      code = `${parent.code}-${String(n).padStart(3, '0')}`;
      name ??= `${parent.name}第${n}网格`;
      n++;
    }
    return { code, name: name!, households: households[i]!, population: population[i]!, geom: exactOf.get(f)! };
  });
  const added = await tx<Omit<AddedGrid, 'facts'>[]>`
    insert into area (code, district_code, level, parent_id, name, households, population, geom, valid_from)
    select t.code, split_part(t.code, '-', 1), 'grid', ${parent.id}, t.name, t.households, t.population,
           ST_Multi(ST_GeomFromEWKB(decode(t.geom, 'hex'))), ${today}::date
    from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.households)}::int[],
                ${rows.map((r) => r.population)}::int[], ${rows.map((r) => r.geom)}::text[]) as t(code, name, households, population, geom)
    returning id::int, code, name, households`;

  // Where a new edge meets the parent's boundary or a kept grid, that point becomes a vertex of the
  // areas on the other side too (moving nothing by more than 8 mm; 0011), then the tiling is proven.
  await tx`
    select plan_insert_nodes(${parent.id}, (select ST_Collect(d.geom) from area a, ST_DumpPoints(a.geom) d where a.id = any(${added.map((a) => a.id)}::bigint[])),
                             ${[...closedIds, ...added.map((a) => a.id)]}::bigint[])`;
  await assertExactTiling(tx, parent, t);

  const moved = await tx<
    { fact: string; moved: number }[]
  >`select fact, moved from plan_reassign_facts(${closedIds}::bigint[])`;
  const reassigned = moved.reduce((s, m) => s + m.moved, 0);
  const allAfter = (
    await tx<{ id: number }[]>`
    select id::int from area where parent_id = ${parent.id} and valid_to is null and level = 'grid'`
  ).map((r) => r.id);
  const after = await factTotals(tx, allAfter);
  if (JSON.stringify(after) !== JSON.stringify(before) || reassigned !== inClosedGrids) {
    // The counts go to the server log; the planner reads what to do.
    console.error(
      `[plan] ${parent.code}: fact counts would change (before ${JSON.stringify(before)}, after ${JSON.stringify(after)})`
    );
    throw new PlanRejected(t('plan.refused.facts-changed'));
  }
  const perGrid = await tx<{ grid_id: number; n: number }[]>`
    select grid_id::int, sum(n)::int as n from plan_grid_facts(${added.map((a) => a.id)}::bigint[]) group by grid_id`;
  const factsOf = new Map(perGrid.map((r) => [r.grid_id, r.n]));

  const entry = { closed: closing.map((c) => c.code), added: added.map((a) => a.code) };
  await tx`
    insert into plan_revision (parent_code, revision, saved_on, username, closed_codes, added_codes)
    values (${parent.code}, ${revision + 1}, ${today}::date, ${username}, ${entry.closed}::text[], ${entry.added}::text[])`;
  return {
    revision: revision + 1,
    changed: true,
    savedOn: today,
    closed: closing.map((c) => ({ id: c.id, code: c.code })),
    added: added.map((a) => ({ ...a, facts: factsOf.get(a.id) ?? 0 })),
    before,
    after,
    inClosedGrids,
    reassigned
  };
}

/**
 * The exact geometry (hex EWKB) of each submitted grid, in submission order: kept grids (`keptId`) as
 * stored plus the nodes new neighbours put on them, the others from their drafts.
 * @throws PlanRejected when a submission ends up with no area (it lay entirely on others)
 */
async function exactChildren(
  tx: Tx,
  parentId: number,
  features: PlanFeature[],
  keptId: (f: PlanFeature) => number | null,
  words: PlanWords
): Promise<string[]> {
  const rows = await tx<{ ord: number; ewkb: string }[]>`
    select ord::int, encode(ST_AsEWKB(geom), 'hex') as ewkb
    from plan_exact_children(${parentId},
      array(select ST_SetSRID(ST_GeomFromGeoJSON(g), 4326) from unnest(${features.map((f) => JSON.stringify(f.geometry))}::text[]) with ordinality as t(g, o) order by o),
      ${features.map(keptId)}::bigint[])`;
  const byOrd = new Map(rows.map((r) => [r.ord, r.ewkb]));
  return features.map((_, i) => {
    const g = byOrd.get(i + 1);
    if (!g) throw new PlanRejected(words.t('plan.refused.swallowed', { a: words.labels[i]! }));
    return g;
  });
}

/** Refuse the save unless the parent's current grids union exactly to it without overlaps. */
async function assertExactTiling(tx: Tx, parent: PlanParent, t: Translate): Promise<void> {
  const [row] = await tx<{ equal: boolean; overlaps: number }[]>`
    with c as (select id, geom from area where parent_id = ${parent.id} and valid_to is null and level = 'grid'),
    p as (select geom from area where id = ${parent.id})
    select coalesce(ST_Equals((select ST_Union(geom) from c), p.geom), false) as equal,
           (select count(*)::int from c a join c b on a.id < b.id and a.geom && b.geom
             where ST_Relate(a.geom, b.geom, '2********')) as overlaps
    from p`;
  if (!row!.equal || row!.overlaps > 0) {
    throw new PlanRejected(t('plan.refused.not-exact', { parent: parent.code }));
  }
}

async function factTotals(tx: Tx, grids: number[]): Promise<FactCounts> {
  const rows = await tx<{ fact: string; n: number }[]>`
    select fact, sum(n)::int as n from plan_grid_facts(${grids}::bigint[]) group by fact order by fact`;
  const out: FactCounts = { enterprise: 0, hazard: 0, incident: 0, inspection: 0, petition_case: 0 };
  for (const r of rows) out[r.fact] = r.n;
  return out;
}

function sum(c: FactCounts): number {
  return Object.values(c).reduce((s, n) => s + n, 0);
}

/** The labels the planner sees for submitted grids: the name, or "feature n" for an unnamed one. */
export function planLabels(t: Translate, features: PlanFeature[]): string[] {
  return features.map((f, i) => f.name ?? f.code ?? t('plan.where.feature', { n: i + 1 }));
}
