-- Grid planner: versioned saves of a community's grids (issue 6).
--
-- A save closes the changed grids' versions (valid_to = the save's day) and inserts their
-- successors (valid_from = the same day). Versions are day-granular: a grid created and replaced
-- on the same day keeps a zero-length version (valid_from = valid_to) that no as-of date shows,
-- so the check on the interval allows equality and (code, valid_from) no longer has to be unique.
-- The one current version per code stays unique (area_code_current).

do $$
declare
  c text;
begin
  select conname into c from pg_constraint
  where conrelid = 'area'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%valid_to > valid_from%';
  execute format('alter table area drop constraint %I', c);
end
$$;
alter table area add constraint area_version_interval check (valid_to is null or valid_to >= valid_from);
drop index area_code_version;
create index area_code_version on area (code, valid_from);
create index area_parent_current on area (parent_id) where valid_to is null;

-- One row per accepted save of a parent's children: the optimistic-locking revision (a save
-- carries the revision it started from; the next one is revision + 1, unique per parent) and what
-- changed, so a planner whose save is refused sees who changed which grids and when.
create table plan_revision (
  parent_code text not null check (parent_code ~ '^[0-9]{6}(-[0-9]{3}){0,2}$'),
  revision integer not null check (revision >= 1),
  saved_at timestamptz not null default now(),
  saved_on date not null,
  username text,
  closed_codes text[] not null,
  added_codes text[] not null,
  primary key (parent_code, revision)
);

alter table plan_revision enable row level security;
alter table plan_revision force row level security;
do $$
begin
  execute format(
    'create policy owner_trusted on plan_revision to %I using (current_setting(''app.trusted'', true) = ''on'') with check (current_setting(''app.trusted'', true) = ''on'')',
    current_user);
end
$$;
grant select, insert on plan_revision to pingan_app;
create policy plan_revision_read on plan_revision for select to pingan_app
  using (code_in_scope(parent_code, (select app_scope())));
create policy plan_revision_write on plan_revision for insert to pingan_app
  with check ((select app_role()) = 'planner' and code_in_scope(parent_code, (select app_scope())));

-- The grid a point belonged to on a day: the grid version valid that day that covers it, the lower
-- id winning on a shared edge exactly as assign_grid() does for the current grids.
create function grid_at(p geometry, d date) returns bigint
language sql stable parallel safe security definer
set search_path = public, pg_catalog
set app.trusted = 'on'
as $$
  select a.id from area a
  where a.level = 'grid' and a.valid_from <= d and (a.valid_to is null or a.valid_to > d)
    and ST_Covers(a.geom, p)
  order by a.id
  limit 1
$$;
grant execute on function grid_at(geometry, date) to pingan_app;

-- Reassign every located fact (enterprises, hazards, incidents, petition cases, inspections) of
-- closed grids to the current grid that covers it (the set_grid_from_geom trigger does the
-- assignment). Only a planner, only grids in their scope that are already closed. Runs as the
-- owner because planners may not otherwise write facts; returns how many rows of each table moved.
create function plan_reassign_facts(closed bigint[])
returns table (fact text, moved integer)
language plpgsql volatile security definer
set search_path = public, pg_catalog
set app.trusted = 'on'
as $$
declare
  caller record;
  n integer;
begin
  select * into caller from app_session_user();
  if caller.role is distinct from 'planner' then
    raise exception 'only planners reassign facts' using errcode = '42501';
  end if;
  if exists (select 1 from unnest(closed) c(id) left join area a on a.id = c.id
             where a.id is null or a.level <> 'grid' or a.valid_to is null or not code_in_scope(a.code, caller.scope_code)) then
    raise exception 'grids to reassign must be closed grids in your area' using errcode = '42501';
  end if;
  update enterprise set geom = geom where grid_id = any(closed);
  get diagnostics n = row_count; fact := 'enterprise'; moved := n; return next;
  update hazard set geom = geom where grid_id = any(closed);
  get diagnostics n = row_count; fact := 'hazard'; moved := n; return next;
  update incident set geom = geom where grid_id = any(closed);
  get diagnostics n = row_count; fact := 'incident'; moved := n; return next;
  update petition_case set geom = geom where grid_id = any(closed);
  get diagnostics n = row_count; fact := 'petition_case'; moved := n; return next;
  update inspection set geom = geom where grid_id = any(closed);
  get diagnostics n = row_count; fact := 'inspection'; moved := n; return next;
end
$$;
grant execute on function plan_reassign_facts(bigint[]) to pingan_app;

-- Facts per grid, by table, for the save's before/after counts, whatever the caller may read row
-- by row (planners do not read petition rows): counts only, for grids in the caller's scope.
create function plan_grid_facts(grids bigint[])
returns table (grid_id bigint, fact text, n integer)
language sql stable security definer
set search_path = public, pg_catalog
set app.trusted = 'on'
as $$
  with g as (
    select a.id from area a, app_session_user() c
    where a.id = any(grids) and code_in_scope(a.code, c.scope_code)
  ), f as (
    select grid_id, 'enterprise' as fact from enterprise where grid_id in (select id from g)
    union all select grid_id, 'hazard' from hazard where grid_id in (select id from g)
    union all select grid_id, 'incident' from incident where grid_id in (select id from g)
    union all select grid_id, 'petition_case' from petition_case where grid_id in (select id from g)
    union all select grid_id, 'inspection' from inspection where grid_id in (select id from g)
  )
  select grid_id, fact, count(*)::int from f group by grid_id, fact
$$;
grant execute on function plan_grid_facts(bigint[]) to pingan_app;

-- Workload of draft grids of a parent (a community in the caller's scope): for each draft polygon
-- (by its position in `drafts`, 1-based), the facts now in the parent's current grids that the
-- draft covers (the first covering draft wins, as the lower id does on save): key enterprises by
-- risk colour, open hazards, open petition cases, enterprises due for inspection (red 30, orange 90,
-- yellow 180, blue 365 days since the last one, 安全风险分级管控), and households apportioned by
-- area from the current grids (a fraction; the caller rounds so totals are kept). Open cases of a
-- draft smaller than min_area_m2 are null, so a tiny polygon cannot pinpoint a grievance.
create function plan_draft_workload(parent bigint, drafts geometry[], on_day date, min_area_m2 float8)
returns table (ord integer, households float8, enterprises_red integer, enterprises_orange integer,
  enterprises_yellow integer, enterprises_blue integer, open_hazards integer, open_cases integer,
  inspections_due integer)
language sql stable security definer
set search_path = public, pg_catalog
set app.trusted = 'on'
as $$
  with p as (
    select a.id from area a, app_session_user() c
    where a.id = parent and a.valid_to is null and code_in_scope(a.code, c.scope_code)
  ), kids as (
    select a.id, a.households, a.geom, ST_Area(a.geom::geography) as m2 from area a
    where a.parent_id = (select id from p) and a.valid_to is null and a.level = 'grid'
  ), d as (
    select t.ord::int as ord, t.geom from unnest(drafts) with ordinality as t(geom, ord)
  ), ent as (
    select e.risk_class,
      (select min(d.ord) from d where ST_Covers(d.geom, e.geom)) as ord,
      not exists (select 1 from inspection i where i.enterprise_id = e.id
        and i.inspected_at >= (on_day - case e.risk_class when 'red' then 30 when 'orange' then 90
                                                           when 'yellow' then 180 else 365 end)::timestamp at time zone 'Asia/Shanghai') as due
    from enterprise e where e.grid_id in (select id from kids)
  ), haz as (
    select (select min(d.ord) from d where ST_Covers(d.geom, h.geom)) as ord
    from hazard h where h.grid_id in (select id from kids) and h.status in ('open', 'rectifying')
  ), cas as (
    select (select min(d.ord) from d where ST_Covers(d.geom, c.geom)) as ord
    from petition_case c where c.grid_id in (select id from kids) and c.status in ('received', 'accepted', 'mediating')
  )
  select d.ord,
    coalesce((select sum(k.households * ST_Area(ST_Intersection(k.geom, d.geom, 1e-9::float8)::geography) / nullif(k.m2, 0))
              from kids k where k.geom && d.geom), 0)::float8,
    (select count(*)::int from ent where ent.ord = d.ord and risk_class = 'red'),
    (select count(*)::int from ent where ent.ord = d.ord and risk_class = 'orange'),
    (select count(*)::int from ent where ent.ord = d.ord and risk_class = 'yellow'),
    (select count(*)::int from ent where ent.ord = d.ord and risk_class = 'blue'),
    (select count(*)::int from haz where haz.ord = d.ord),
    case when ST_Area(d.geom::geography) < min_area_m2 then null
         else (select count(*)::int from cas where cas.ord = d.ord) end,
    (select count(*)::int from ent where ent.ord = d.ord and due)
  from d
  order by d.ord
$$;
grant execute on function plan_draft_workload(bigint, geometry[], date, float8) to pingan_app;
