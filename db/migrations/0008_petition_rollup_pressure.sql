-- The petition rollup (0007) also counts, by day received, the parts of petition pressure the risk
-- score reads (analytics risk inputs): cases by 5 or more people, repeats, and cases that went
-- above the district. With them the risk inputs of the children of an area read rollups and
-- indexes only, never every case of the district.

alter table petition_daily
  add column grp integer not null default 0,
  add column repeated integer not null default 0,
  add column escalated integer not null default 0;

create function petition_daily_add(g bigint, d date, class text, grp boolean, repeated boolean, escalated boolean, closed_n int, n int)
returns void
language sql as $$
  insert into petition_daily as r (grid_id, day, group_or_escalated, individual, screening, closed, grp, repeated, escalated)
  values (g, d, (class = 'group_or_escalated')::int * n, (class = 'individual')::int * n,
          (class = 'screening')::int * n, closed_n, grp::int * n, repeated::int * n, escalated::int * n)
  on conflict (grid_id, day) do update set
    group_or_escalated = r.group_or_escalated + excluded.group_or_escalated,
    individual = r.individual + excluded.individual,
    screening = r.screening + excluded.screening, closed = r.closed + excluded.closed,
    grp = r.grp + excluded.grp, repeated = r.repeated + excluded.repeated, escalated = r.escalated + excluded.escalated
$$;

create or replace function petition_rollup() returns trigger
language plpgsql as $$
begin
  if current_setting('app.rollups_deferred', true) = 'on' then
    return null;
  end if;
  if tg_op = 'UPDATE' and old.grid_id = new.grid_id
     and cst_day(old.received_at) = cst_day(new.received_at)
     and petition_class(old.channel, old.group_size, old.level_reached) = petition_class(new.channel, new.group_size, new.level_reached)
     and (old.group_size >= 5) = (new.group_size >= 5)
     and (old.repeat_of_id is null) = (new.repeat_of_id is null)
     and (old.level_reached in ('city', 'province', 'national')) = (new.level_reached in ('city', 'province', 'national'))
     and cst_day(old.closed_at) is not distinct from cst_day(new.closed_at) then
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    perform petition_daily_add(old.grid_id, cst_day(old.received_at), petition_class(old.channel, old.group_size, old.level_reached),
      old.group_size >= 5, old.repeat_of_id is not null, old.level_reached in ('city', 'province', 'national'), 0, -1);
    if old.closed_at is not null then
      perform petition_daily_add(old.grid_id, cst_day(old.closed_at), '', false, false, false, -1, 0);
    end if;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform petition_daily_add(new.grid_id, cst_day(new.received_at), petition_class(new.channel, new.group_size, new.level_reached),
      new.group_size >= 5, new.repeat_of_id is not null, new.level_reached in ('city', 'province', 'national'), 0, 1);
    if new.closed_at is not null then
      perform petition_daily_add(new.grid_id, cst_day(new.closed_at), '', false, false, false, 1, 0);
    end if;
  end if;
  return null;
end
$$;

drop function petition_daily_add(bigint, date, text, int, int);

create or replace function rebuild_rollups() returns void
language plpgsql as $$
begin
  delete from incident_daily;
  insert into incident_daily (grid_id, day, serious, minor, near_miss, mass_incident)
  select grid_id, cst_day(occurred_at),
    count(*) filter (where tier = 'serious'), count(*) filter (where tier = 'minor'),
    count(*) filter (where tier = 'near_miss'), count(*) filter (where tier = 'mass_incident')
  from incident group by 1, 2;
  delete from petition_daily;
  insert into petition_daily (grid_id, day, group_or_escalated, individual, screening, closed, grp, repeated, escalated)
  select grid_id, day, sum(g), sum(i), sum(s), sum(c), sum(gr), sum(rp), sum(es)
  from (
    select grid_id, cst_day(received_at) as day,
      (petition_class(channel, group_size, level_reached) = 'group_or_escalated')::int as g,
      (petition_class(channel, group_size, level_reached) = 'individual')::int as i,
      (petition_class(channel, group_size, level_reached) = 'screening')::int as s, 0 as c,
      (group_size >= 5)::int as gr, (repeat_of_id is not null)::int as rp,
      (level_reached in ('city', 'province', 'national'))::int as es
    from petition_case
    union all
    select grid_id, cst_day(closed_at), 0, 0, 0, 1, 0, 0, 0 from petition_case where closed_at is not null
  ) x
  group by 1, 2;
end
$$;
select rebuild_rollups();

-- create or replace reset these (0007): the trigger writes the rollup as the owner.
alter function petition_rollup() security definer;
alter function petition_rollup() set search_path = public, pg_catalog;
alter function petition_rollup() set app.trusted = 'on';
