-- One exact topology for areas (issue 13). Every stored area vertex lies on one fixed precision
-- grid of 1e-7 degrees (about 1.1 cm north-south and 0.9 cm east-west at Jinan's latitude): far
-- below what a survey of a grid boundary means, far above double rounding (about 1e-14° here).
-- Neighbouring grids share identical vertices along their common edges, a parent's children union
-- exactly to the parent, and rook neighbours are the grids whose boundaries share a stretch of
-- positive length. docs/topology.md explains the rules and why.
--
-- PostGIS: https://postgis.net/docs/ST_Union.html (the gridSize form, OverlayNG snap-rounding),
-- https://postgis.net/docs/ST_Polygonize.html, https://postgis.net/docs/ST_Snap.html.

-- The precision grid of stored area vertices, degrees.
create function area_grid_size() returns float8
language sql immutable parallel safe as $$ select 1e-7::float8 $$;

-- Rebuild the current areas of a district as one exact polygonal coverage: the boundaries of its
-- current grids are noded together by snap-rounding to the precision grid, the faces of that
-- linework are polygonised, each face goes to the grid that holds most of it, each grid becomes
-- the union of its faces, and each community, sub-district and the district become the union of
-- their children; outer rings counter-clockwise (RFC 7946), as the generator writes them. Run by trusted server code (seeding, imports, this migration); refuses a grid
-- that would vanish (narrower than the precision). Returns how many areas of each level it wrote.
create function area_make_exact(district text)
returns table (level text, written integer)
language plpgsql volatile
set search_path = public, pg_catalog
as $$
declare
  gs constant float8 := area_grid_size();
  n integer;
  lost text;
begin
  create temporary table if not exists area_exact_faces (id bigint, geom geometry) on commit drop;
  truncate area_exact_faces;
  with g as (
    select a.id, a.geom from area a
    where a.district_code = district and a.level = 'grid' and a.valid_to is null
  ),
  lines as (select ST_Union(ST_Boundary(geom), gs) as l from g),
  faces as (select (ST_Dump(ST_Polygonize(l))).geom as f from lines)
  insert into area_exact_faces (id, geom)
  select (select g.id from g
          where g.geom && faces.f and ST_Intersects(g.geom, ST_PointOnSurface(faces.f))
          order by ST_Area(ST_Intersection(g.geom, faces.f, gs)) desc, g.id
          limit 1),
         faces.f
  from faces;

  select string_agg(a.code, ', ' order by a.code) into lost
  from area a
  where a.district_code = district and a.level = 'grid' and a.valid_to is null
    and not exists (select 1 from area_exact_faces f where f.id = a.id);
  if lost is not null then
    raise exception 'grids % are narrower than the precision grid (% degrees) and would vanish', lost, gs
      using errcode = '22023';
  end if;

  update area a set geom = u.geom
  from (select id, ST_ForcePolygonCCW(ST_Multi(ST_Union(geom, gs))) as geom from area_exact_faces where id is not null group by id) u
  where a.id = u.id;
  get diagnostics n = row_count;
  level := 'grid'; written := n; return next;

  -- Parents from their current children, bottom up.
  foreach level in array array['community', 'subdistrict', 'district'] loop
    update area p set geom = u.geom
    from (
      select c.parent_id, ST_ForcePolygonCCW(ST_Multi(ST_Union(c.geom, gs))) as geom
      from area c
      where c.district_code = district and c.valid_to is null and c.parent_id is not null
      group by c.parent_id
    ) u
    where p.id = u.parent_id and p.level = area_make_exact.level and p.valid_to is null;
    get diagnostics n = row_count;
    written := n; return next;
  end loop;
end
$$;
revoke execute on function area_make_exact(text) from public;

-- Insert nodes into the boundaries of current areas that pass within half a precision cell's
-- diagonal of them (ST_Snap of segments to the nodes; vertices are at least one cell apart, so
-- none moves): after a planner's save, the points where new grid edges meet the parent's boundary
-- become vertices of the parent, its ancestors and the grids across that boundary too, so shared
-- edges keep identical vertices. A boundary moves by less than 0.71e-7° (8 mm); the area keeps its
-- version, as the line it follows is the same at the stored precision. Only a planner, only for a
-- parent in scope; `skip` are areas not to touch (the grids the save closes or has just written).
create function plan_insert_nodes(parent bigint, nodes geometry, skip bigint[])
returns integer
language plpgsql volatile security definer
set search_path = public, pg_catalog
set app.trusted = 'on'
as $$
declare
  caller record;
  tol constant float8 := area_grid_size() * 0.75;
  n integer;
begin
  select * into caller from app_session_user();
  if caller.role is distinct from 'planner' then
    raise exception 'only planners change grid boundaries' using errcode = '42501';
  end if;
  if not exists (select 1 from area a where a.id = parent and a.valid_to is null and code_in_scope(a.code, caller.scope_code)) then
    raise exception 'the parent must be a current area in your area' using errcode = '42501';
  end if;
  update area a set geom = s.geom
  from (
    select a2.id, ST_Multi(ST_Snap(a2.geom, ST_Intersection(nodes, ST_Expand(a2.geom, tol)), tol)) as geom
    from area a2
    where a2.valid_to is null and a2.district_code = (select district_code from area where id = parent)
      and not (a2.id = any(skip)) and a2.geom && ST_Expand(nodes, tol)
      and ST_DWithin(ST_Boundary(a2.geom), nodes, tol)
  ) s
  where a.id = s.id and not ST_OrderingEquals(a.geom, s.geom) and ST_IsValid(s.geom);
  get diagnostics n = row_count;
  return n;
end
$$;
revoke execute on function plan_insert_nodes(bigint, geometry, bigint[]) from public;
grant execute on function plan_insert_nodes(bigint, geometry, bigint[]) to pingan_app;

-- The exact child grids of a planner's accepted proposal: the parent's boundary, the kept grids'
-- stored outlines and the drafts are noded together on the precision grid; each face inside the
-- parent goes to the kept grid that covers it, else to the first draft that covers it, else (a gap
-- below the validation's tolerance) to the nearest; faces outside the parent are dropped. `kept[i]`
-- is the id of the stored grid that submission i keeps (its draft is then ignored) or null.
-- Returns one geometry per submission, 1-based `ord`.
create function plan_exact_children(parent bigint, drafts geometry[], kept bigint[])
returns table (ord integer, geom geometry)
language sql stable
set search_path = public, pg_catalog
as $$
  with p as (select a.geom from area a where a.id = parent),
  s as (
    select t.ord::int as ord, coalesce(k.geom, ST_SetSRID(t.g, 4326)) as geom, k.id is not null as is_kept
    from unnest(drafts, kept) with ordinality as t(g, kid, ord)
    left join area k on k.id = t.kid
  ),
  lines as (
    select ST_Union(l, area_grid_size()) as l
    from (select ST_Boundary(geom) as l from p union all select ST_Boundary(geom) from s) b
  ),
  faces as (select (ST_Dump(ST_Polygonize(l))).geom as f from lines),
  inside as (
    select f, ST_PointOnSurface(f) as at from faces, p where ST_Intersects(p.geom, ST_PointOnSurface(f))
  ),
  owned as (
    select i.f, coalesce(
      (select s.ord from s where s.geom && i.at and ST_Intersects(s.geom, i.at) order by s.is_kept desc, s.ord limit 1),
      (select s.ord from s order by ST_Distance(s.geom, i.at), s.ord limit 1)) as ord
    from inside i
  )
  select ord, ST_ForcePolygonCCW(ST_Multi(ST_Union(f, area_grid_size()))) from owned group by ord order by ord
$$;
grant execute on function plan_exact_children(bigint, geometry[], bigint[]) to pingan_app;

-- Existing databases: rebuild every district's current areas. Older versions stay as they were
-- stored (they are the record of what was in force then).
select set_config('app.trusted', 'on', true);
select area_make_exact(d.district_code)
from (select distinct district_code from area where level = 'grid' and valid_to is null) d;
