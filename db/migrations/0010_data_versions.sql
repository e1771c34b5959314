-- A version per table the map's point layers read (issue 8): bumped in the writing transaction by
-- every statement that changes hazard or petition_case rows, so a copy of a layer made at version v
-- holds everything committed up to v. The server keeps the last answer of each layer per scope and
-- serves it while the version stands (src/lib/server/db/versioned-answers.ts): a hundred commanders
-- opening the same 90-day layer cost one query, and an inspector's visit, which changes hazards,
-- never invalidates the petition layer.
create table data_version (
  name text primary key check (name in ('hazard', 'petition_case')),
  version bigint not null default 0
);
insert into data_version (name) values ('hazard'), ('petition_case');

create function bump_data_version() returns trigger
language plpgsql as $$
begin
  update data_version set version = version + 1 where name = tg_table_name;
  return null;
end
$$;
alter function bump_data_version() security definer;
alter function bump_data_version() set search_path = public, pg_catalog;

create trigger hazard_data_version after insert or update or delete on hazard
  for each statement execute function bump_data_version();
create trigger hazard_data_version_truncate after truncate on hazard
  for each statement execute function bump_data_version();
create trigger petition_case_data_version after insert or update or delete on petition_case
  for each statement execute function bump_data_version();
create trigger petition_case_data_version_truncate after truncate on petition_case
  for each statement execute function bump_data_version();

-- Counters only: no rows of anyone's data. Readable by the request role; written by the trigger.
grant select on data_version to pingan_app;
