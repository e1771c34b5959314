-- Plan saves and fact writes together (issue 14): a visit recording a hazard in a grid while a
-- planner's save closes that grid could leave the hazard on the closed version, or make the save
-- refuse because the parent's fact counts moved under it. Now every fact write takes a share lock
-- on the current grid it is assigned to, and a save locks the parent's current grids for update
-- before it counts (save-plan.ts): a write that came first is counted and reassigned by the save;
-- a write that comes later waits for the save and is then assigned to the new grid. A fact is
-- never assigned to a closed grid version. Bulk loads (app.rollups_deferred, one writer) skip the
-- lock. PostgreSQL: https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS
create or replace function set_grid_from_geom() returns trigger
language plpgsql security definer
set search_path = public, pg_catalog
set app.trusted = 'on'
as $$
declare
  g bigint;
  tries integer := 0;
begin
  if new.geom is null then
    raise exception 'a location is required' using errcode = '23502';
  end if;
  loop
    g := assign_grid(new.geom);
    if g is null then
      raise exception 'location (% %) is outside every grid of the district',
        round(ST_X(new.geom)::numeric, 6), round(ST_Y(new.geom)::numeric, 6)
        using errcode = '23514', hint = 'pick a point inside the district boundary';
    end if;
    exit when current_setting('app.rollups_deferred', true) = 'on';
    -- Waits while a save holds the grid; afterwards the row is read again, and a grid the save
    -- closed no longer qualifies, so the point is assigned afresh to its successor.
    perform 1 from area where id = g and valid_to is null for share;
    exit when found;
    tries := tries + 1;
    if tries >= 5 then
      raise exception 'the grids at (% %) are being redrawn; try again',
        round(ST_X(new.geom)::numeric, 6), round(ST_Y(new.geom)::numeric, 6) using errcode = '40001';
    end if;
  end loop;
  new.grid_id := g;
  new.district_code := (select district_code from area where id = g);
  return new;
end
$$;

-- grid_id is always the one the point gives: the triggers also run when grid_id alone is written.
drop trigger enterprise_grid on enterprise;
create trigger enterprise_grid before insert or update of geom, grid_id on enterprise
  for each row execute function set_grid_from_geom();
drop trigger hazard_grid on hazard;
create trigger hazard_grid before insert or update of geom, grid_id on hazard
  for each row execute function set_grid_from_geom();
drop trigger incident_grid on incident;
create trigger incident_grid before insert or update of geom, grid_id on incident
  for each row execute function set_grid_from_geom();
drop trigger petition_case_grid on petition_case;
create trigger petition_case_grid before insert or update of geom, grid_id on petition_case
  for each row execute function set_grid_from_geom();
drop trigger inspection_grid on inspection;
create trigger inspection_grid before insert or update of geom, grid_id on inspection
  for each row execute function set_grid_from_geom();
