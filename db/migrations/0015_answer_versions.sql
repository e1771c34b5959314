-- Versions for every table an analytic answer reads (issue 16, the first view in seconds): the
-- server keeps the last answer of each panel (risk, pyramids, trends, alerts, timeline, priorities,
-- allocation, heat, hotspots) per scope and serves it while none of these tables has changed
-- (src/lib/server/db/versioned-answers.ts, the 'all' version: the sum of every table's version,
-- which grows by one with every writing statement). The rollups (incident_daily, petition_daily)
-- are written in the same transactions as the facts they count, so their facts' versions cover them.
alter table data_version drop constraint data_version_name_check;
alter table data_version add constraint data_version_name_check check (name in (
  'hazard', 'petition_case', 'area', 'daily_report', 'enterprise', 'incident', 'inspection',
  'sensitive_period', 'staff'
));
insert into data_version (name) values
  ('area'), ('daily_report'), ('enterprise'), ('incident'), ('inspection'), ('sensitive_period'),
  ('staff');

create trigger area_data_version after insert or update or delete on area
  for each statement execute function bump_data_version();
create trigger area_data_version_truncate after truncate on area
  for each statement execute function bump_data_version();
create trigger daily_report_data_version after insert or update or delete on daily_report
  for each statement execute function bump_data_version();
create trigger daily_report_data_version_truncate after truncate on daily_report
  for each statement execute function bump_data_version();
create trigger enterprise_data_version after insert or update or delete on enterprise
  for each statement execute function bump_data_version();
create trigger enterprise_data_version_truncate after truncate on enterprise
  for each statement execute function bump_data_version();
create trigger incident_data_version after insert or update or delete on incident
  for each statement execute function bump_data_version();
create trigger incident_data_version_truncate after truncate on incident
  for each statement execute function bump_data_version();
create trigger inspection_data_version after insert or update or delete on inspection
  for each statement execute function bump_data_version();
create trigger inspection_data_version_truncate after truncate on inspection
  for each statement execute function bump_data_version();
create trigger sensitive_period_data_version after insert or update or delete on sensitive_period
  for each statement execute function bump_data_version();
create trigger sensitive_period_data_version_truncate after truncate on sensitive_period
  for each statement execute function bump_data_version();
create trigger staff_data_version after insert or update or delete on staff
  for each statement execute function bump_data_version();
create trigger staff_data_version_truncate after truncate on staff
  for each statement execute function bump_data_version();
