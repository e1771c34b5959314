-- Draft workload without differencing (issue 14): open petition cases of a draft grid were counted
-- from the cases' points, so a planner — who may not read petition rows — could locate a case to
-- ~0.4 m by submitting overlapping drafts and comparing the counts (the first covering draft took
-- it). Now a draft's open cases are the current grids' counts apportioned by the share of each
-- grid's area the draft covers (a fraction; the caller rounds so totals are kept): the answer
-- depends only on how many open cases each current grid holds, never on where in it they lie.
-- Everything else is as in 0006.
drop function plan_draft_workload(bigint, geometry[], date, float8);
create function plan_draft_workload(parent bigint, drafts geometry[], on_day date, min_area_m2 float8)
returns table (ord integer, households float8, enterprises_red integer, enterprises_orange integer,
  enterprises_yellow integer, enterprises_blue integer, open_hazards integer, open_cases float8,
  inspections_due integer)
language sql stable security definer
set search_path = public, pg_catalog
set app.trusted = 'on'
as $$
  with p as (
    select a.id from area a, app_session_user() c
    where a.id = parent and a.valid_to is null and code_in_scope(a.code, c.scope_code)
  ), kids as (
    select a.id, a.households, a.geom, ST_Area(a.geom::geography) as m2,
      (select count(*) from petition_case c where c.grid_id = a.id and c.status in ('received', 'accepted', 'mediating')) as cases
    from area a
    where a.parent_id = (select id from p) and a.valid_to is null and a.level = 'grid'
  ), d as (
    select t.ord::int as ord, t.geom from unnest(drafts) with ordinality as t(geom, ord)
  ), share as (
    select d.ord, k.households, k.cases, ST_Area(ST_Intersection(k.geom, d.geom, 1e-9::float8)::geography) / nullif(k.m2, 0) as f
    from d join kids k on k.geom && d.geom
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
  )
  select d.ord,
    coalesce((select sum(s.households * s.f) from share s where s.ord = d.ord), 0)::float8,
    (select count(*)::int from ent where ent.ord = d.ord and risk_class = 'red'),
    (select count(*)::int from ent where ent.ord = d.ord and risk_class = 'orange'),
    (select count(*)::int from ent where ent.ord = d.ord and risk_class = 'yellow'),
    (select count(*)::int from ent where ent.ord = d.ord and risk_class = 'blue'),
    (select count(*)::int from haz where haz.ord = d.ord),
    case when ST_Area(d.geom::geography) < min_area_m2 then null
         else coalesce((select sum(s.cases * s.f) from share s where s.ord = d.ord), 0)::float8 end,
    (select count(*)::int from ent where ent.ord = d.ord and due)
  from d
  order by d.ord
$$;
grant execute on function plan_draft_workload(bigint, geometry[], date, float8) to pingan_app;
