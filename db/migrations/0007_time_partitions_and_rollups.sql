-- Scale (issue 8): the two largest event tables partitioned by time, and per-grid per-day rollups
-- of the counts the pyramids read, kept current on every write.
--
-- incident and petition_case become native range partitions by year (China Standard Time years,
-- so a day never straddles two partitions), with a default partition for anything outside the
-- years created. A query with a time window scans only the years it touches: the planner prunes
-- the rest (tests/db/partitions.test.ts reads the plan). A year is added by
-- ensure_year_partitions(); the scale generator calls it for the years it writes.
--
-- hazard and inspection stay plain tables: the questions asked of hazards are stocks ("open on
-- day t", found any time before t), which a partition by time cannot prune, and inspection rows
-- are referenced by key from visit_submission; both are served by indexes below instead.
--
-- A partitioned table's primary key must contain the partition key: (id, occurred_at) and
-- (id, received_at). ids still come from one identity sequence and stay unique in practice;
-- petition_case.repeat_of_id can no longer be a foreign key to id alone, so a trigger checks it.

create function ensure_year_partitions(tbl text, first_year int, last_year int) returns int
language plpgsql as $$
declare
  y int;
  made int := 0;
  part text;
begin
  if tbl not in ('incident', 'petition_case') then
    raise exception 'no yearly partitions for table %', tbl;
  end if;
  for y in first_year..last_year loop
    part := format('%s_y%s', tbl, y);
    if to_regclass(part) is null then
      execute format('create table %I partition of %I for values from (%L) to (%L)', part, tbl,
        make_timestamptz(y, 1, 1, 0, 0, 0, 'Asia/Shanghai'), make_timestamptz(y + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai'));
      made := made + 1;
    end if;
  end loop;
  return made;
end
$$;

-- incident ------------------------------------------------------------------------------------
alter table incident rename to incident_unpartitioned;
create table incident (like incident_unpartitioned including defaults including constraints including generated including identity)
  partition by range (occurred_at);
create table incident_default partition of incident default;
select ensure_year_partitions('incident', 2020, 2030);
insert into incident (id, district_code, grid_id, enterprise_id, domain, tier, category, occurred_at, deaths,
  serious_injuries, minor_injuries, participants, geom)
select id, district_code, grid_id, enterprise_id, domain, tier, category, occurred_at, deaths,
  serious_injuries, minor_injuries, participants, geom
from incident_unpartitioned;
drop table incident_unpartitioned;
select setval(pg_get_serial_sequence('incident', 'id'), coalesce((select max(id) from incident), 0) + 1, false);

alter table incident add primary key (id, occurred_at);
alter table incident add foreign key (grid_id) references area (id);
alter table incident add foreign key (enterprise_id) references enterprise (id);
create index incident_geom_gist on incident using gist (geom);
create index incident_grid on incident (grid_id);
create index incident_time on incident (occurred_at);
create index incident_enterprise on incident (enterprise_id, occurred_at) where enterprise_id is not null;
create trigger incident_grid before insert or update of geom on incident
  for each row execute function set_grid_from_geom();

-- petition_case -------------------------------------------------------------------------------
alter table petition_case rename to petition_case_unpartitioned;
create table petition_case (like petition_case_unpartitioned including defaults including constraints including identity)
  partition by range (received_at);
create table petition_case_default partition of petition_case default;
select ensure_year_partitions('petition_case', 2020, 2030);
insert into petition_case (id, district_code, grid_id, received_at, channel, category, group_size, repeat_of_id,
  level_reached, status, accepted_at, extension_days, closed_at, resolution_method, geom, summary)
select id, district_code, grid_id, received_at, channel, category, group_size, repeat_of_id,
  level_reached, status, accepted_at, extension_days, closed_at, resolution_method, geom, summary
from petition_case_unpartitioned;
drop table petition_case_unpartitioned;
select setval(pg_get_serial_sequence('petition_case', 'id'), coalesce((select max(id) from petition_case), 0) + 1, false);

alter table petition_case add primary key (id, received_at);
alter table petition_case add foreign key (grid_id) references area (id);
create index petition_case_geom_gist on petition_case using gist (geom);
create index petition_case_grid on petition_case (grid_id);
create index petition_case_received on petition_case (received_at);
create index petition_case_open on petition_case (received_at) where status in ('received', 'accepted', 'mediating');
create index petition_case_repeat on petition_case (repeat_of_id) where repeat_of_id is not null;
create index petition_case_closed on petition_case (closed_at) where closed_at is not null;
create trigger petition_case_grid before insert or update of geom on petition_case
  for each row execute function set_grid_from_geom();

-- The repeat a case follows must be a case (was a foreign key to petition_case.id).
create function check_petition_repeat() returns trigger
language plpgsql as $$
begin
  if new.repeat_of_id is not null and not exists (select 1 from petition_case where id = new.repeat_of_id) then
    raise exception 'repeat_of_id % is not a petition case', new.repeat_of_id
      using errcode = '23503', hint = 'name the id of the earlier case this one repeats';
  end if;
  return new;
end
$$;
alter function check_petition_repeat() security definer;
alter function check_petition_repeat() set search_path = public, pg_catalog;
alter function check_petition_repeat() set app.trusted = 'on';
create trigger petition_case_repeat_exists before insert or update of repeat_of_id on petition_case
  for each row execute function check_petition_repeat();

-- Hazard stocks: open on day t = found before t and not rectified before t. Two index-backed
-- parts: still open (rectified_on is null) and rectified on or after t.
create index hazard_unrectified_found on hazard (found_on) where rectified_on is null;
create index hazard_rectified_on on hazard (rectified_on) where rectified_on is not null;

-- Access: as before the conversion (0002, 0004).
do $$
declare
  t text;
begin
  foreach t in array array['incident', 'petition_case'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy owner_trusted on %I to %I using (current_setting(''app.trusted'', true) = ''on'') with check (current_setting(''app.trusted'', true) = ''on'')',
      t, current_user);
    execute format('grant select, insert, update on %I to pingan_app', t);
    execute format('grant usage on sequence %s to pingan_app', pg_get_serial_sequence(t, 'id'));
  end loop;
end
$$;
create policy incident_read on incident for select to pingan_app
  using (grid_id in (select a.id from area a where code_in_scope(a.code, (select app_scope()))));
create policy incident_write on incident for insert to pingan_app
  with check ((select app_role()) in ('inspector', 'commander') and grid_in_scope(grid_id, (select app_scope())));
create policy petition_read on petition_case for select to pingan_app
  using ((select app_role()) in ('mediator', 'commander')
    and grid_id in (select a.id from area a where code_in_scope(a.code, (select app_scope()))));
create policy petition_write on petition_case for insert to pingan_app
  with check ((select app_role()) = 'mediator' and grid_in_scope(grid_id, (select app_scope())));
create policy petition_update on petition_case for update to pingan_app
  using ((select app_role()) = 'mediator' and grid_in_scope(grid_id, (select app_scope())))
  with check ((select app_role()) = 'mediator' and grid_in_scope(grid_id, (select app_scope())));

-- Rollups ---------------------------------------------------------------------------------------
-- Per grid and China-Standard-Time day: incidents by tier, and petition cases by the stability
-- pyramid's class on the day received plus cases closed that day. Row triggers keep them equal to
-- a recount from the raw rows after every insert, update (a case escalating, a grid redrawn) and
-- delete; bulk loads set app.rollups_deferred = 'on' and call rebuild_rollups() once at the end.
-- They carry the read policies of the rows they count, so a role sees exactly the counts of rows
-- it may read.
create table incident_daily (
  grid_id bigint not null,
  day date not null,
  serious integer not null default 0,
  minor integer not null default 0,
  near_miss integer not null default 0,
  mass_incident integer not null default 0,
  primary key (grid_id, day)
);
create index incident_daily_day on incident_daily (day);

create table petition_daily (
  grid_id bigint not null,
  day date not null,
  group_or_escalated integer not null default 0,
  individual integer not null default 0,
  screening integer not null default 0,
  closed integer not null default 0,
  primary key (grid_id, day)
);
create index petition_daily_day on petition_daily (day);

-- The stability pyramid's class of a case (pyramid.ts stabilityCounts).
create function petition_class(channel text, group_size int, level_reached text) returns text
language sql immutable parallel safe as $$
  select case
    when channel = 'screening' then 'screening'
    when group_size >= 5 or level_reached in ('city', 'province', 'national') then 'group_or_escalated'
    else 'individual'
  end
$$;

create function cst_day(t timestamptz) returns date
language sql immutable parallel safe as $$ select (t at time zone 'Asia/Shanghai')::date $$;

create function incident_daily_add(g bigint, d date, tier text, n int) returns void
language sql as $$
  insert into incident_daily as r (grid_id, day, serious, minor, near_miss, mass_incident)
  values (g, d, (tier = 'serious')::int * n, (tier = 'minor')::int * n, (tier = 'near_miss')::int * n,
          (tier = 'mass_incident')::int * n)
  on conflict (grid_id, day) do update set
    serious = r.serious + excluded.serious, minor = r.minor + excluded.minor,
    near_miss = r.near_miss + excluded.near_miss, mass_incident = r.mass_incident + excluded.mass_incident
$$;

create function petition_daily_add(g bigint, d date, class text, closed_n int, n int) returns void
language sql as $$
  insert into petition_daily as r (grid_id, day, group_or_escalated, individual, screening, closed)
  values (g, d, (class = 'group_or_escalated')::int * n, (class = 'individual')::int * n,
          (class = 'screening')::int * n, closed_n)
  on conflict (grid_id, day) do update set
    group_or_escalated = r.group_or_escalated + excluded.group_or_escalated,
    individual = r.individual + excluded.individual,
    screening = r.screening + excluded.screening, closed = r.closed + excluded.closed
$$;

create function incident_rollup() returns trigger
language plpgsql as $$
begin
  if current_setting('app.rollups_deferred', true) = 'on' then
    return null;
  end if;
  if tg_op = 'UPDATE' and old.grid_id = new.grid_id and old.tier = new.tier
     and cst_day(old.occurred_at) = cst_day(new.occurred_at) then
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    perform incident_daily_add(old.grid_id, cst_day(old.occurred_at), old.tier, -1);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform incident_daily_add(new.grid_id, cst_day(new.occurred_at), new.tier, 1);
  end if;
  return null;
end
$$;

create function petition_rollup() returns trigger
language plpgsql as $$
begin
  if current_setting('app.rollups_deferred', true) = 'on' then
    return null;
  end if;
  if tg_op = 'UPDATE' and old.grid_id = new.grid_id
     and cst_day(old.received_at) = cst_day(new.received_at)
     and petition_class(old.channel, old.group_size, old.level_reached) = petition_class(new.channel, new.group_size, new.level_reached)
     and cst_day(old.closed_at) is not distinct from cst_day(new.closed_at) then
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    perform petition_daily_add(old.grid_id, cst_day(old.received_at), petition_class(old.channel, old.group_size, old.level_reached), 0, -1);
    if old.closed_at is not null then
      perform petition_daily_add(old.grid_id, cst_day(old.closed_at), '', -1, 0);
    end if;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform petition_daily_add(new.grid_id, cst_day(new.received_at), petition_class(new.channel, new.group_size, new.level_reached), 0, 1);
    if new.closed_at is not null then
      perform petition_daily_add(new.grid_id, cst_day(new.closed_at), '', 1, 0);
    end if;
  end if;
  return null;
end
$$;

-- The rollups are written by the triggers as the owner, whoever wrote the row.
do $$
declare
  f text;
begin
  foreach f in array array['incident_rollup()', 'petition_rollup()'] loop
    execute format('alter function %s security definer', f);
    execute format('alter function %s set search_path = public, pg_catalog', f);
    execute format('alter function %s set app.trusted = ''on''', f);
  end loop;
end
$$;

create trigger incident_rollup after insert or update or delete on incident
  for each row execute function incident_rollup();
create trigger petition_rollup after insert or update or delete on petition_case
  for each row execute function petition_rollup();

-- Recount both rollups from the raw rows (after a bulk load, or to repair).
create function rebuild_rollups() returns void
language plpgsql as $$
begin
  delete from incident_daily;
  insert into incident_daily (grid_id, day, serious, minor, near_miss, mass_incident)
  select grid_id, cst_day(occurred_at),
    count(*) filter (where tier = 'serious'), count(*) filter (where tier = 'minor'),
    count(*) filter (where tier = 'near_miss'), count(*) filter (where tier = 'mass_incident')
  from incident group by 1, 2;
  delete from petition_daily;
  insert into petition_daily (grid_id, day, group_or_escalated, individual, screening, closed)
  select grid_id, day, sum(g), sum(i), sum(s), sum(c)
  from (
    select grid_id, cst_day(received_at) as day,
      (petition_class(channel, group_size, level_reached) = 'group_or_escalated')::int as g,
      (petition_class(channel, group_size, level_reached) = 'individual')::int as i,
      (petition_class(channel, group_size, level_reached) = 'screening')::int as s, 0 as c
    from petition_case
    union all
    select grid_id, cst_day(closed_at), 0, 0, 0, 1 from petition_case where closed_at is not null
  ) x
  group by 1, 2;
end
$$;
select rebuild_rollups();

do $$
declare
  t text;
begin
  foreach t in array array['incident_daily', 'petition_daily'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy owner_trusted on %I to %I using (current_setting(''app.trusted'', true) = ''on'') with check (current_setting(''app.trusted'', true) = ''on'')',
      t, current_user);
    execute format('grant select on %I to pingan_app', t);
  end loop;
end
$$;
create policy incident_daily_read on incident_daily for select to pingan_app
  using (grid_id in (select a.id from area a where code_in_scope(a.code, (select app_scope()))));
create policy petition_daily_read on petition_daily for select to pingan_app
  using ((select app_role()) in ('mediator', 'commander')
    and grid_id in (select a.id from area a where code_in_scope(a.code, (select app_scope()))));
