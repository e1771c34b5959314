-- Inspector visits (issue 7): nearby search on the ellipsoid, visits recorded from a phone with an
-- idempotency key, and the hazards a visit finds or confirms as rectified.

-- Nearby search: KNN (`<->`) on geography gives metres on the sphere and works under row-level
-- security (an ORDER BY is not a qual, so RLS does not keep it off the index). Expression indexes,
-- so the point columns stay geometry(Point, 4326).
-- https://postgis.net/docs/geometry_distance_knn.html
create index enterprise_geog_gist on enterprise using gist ((geom::geography));
create index hazard_geog_gist on hazard using gist ((geom::geography));

-- What a found hazard is (free text, screened for personal identifiers like the other notes).
alter table hazard add column description text
  check (length(description) <= 500)
  constraint hazard_description_no_personal_identifiers check (not pii_suspect(description));

-- A visit: to an enterprise (enterprise_id) or to a free hazard site (hazard_id); who recorded it,
-- where the phone was, and the inspector's note.
alter table inspection add column hazard_id bigint references hazard (id);
alter table inspection add column recorded_by bigint references app_user (id);
alter table inspection add column recorded_geom geometry(Point, 4326);
alter table inspection add column note text
  check (length(note) <= 500)
  constraint inspection_note_no_personal_identifiers check (not pii_suspect(note));
create index inspection_hazard on inspection (hazard_id, inspected_at) where hazard_id is not null;

-- One row per accepted submit. The key is chosen by the browser when the inspector presses "save"
-- and is sent again on every retry (also after days in an offline queue), so a retried or
-- duplicated submit finds its row here and gets the first answer back instead of a second visit.
create table visit_submission (
  idempotency_key uuid not null,
  user_id bigint not null references app_user (id),
  -- SHA-256 of the canonical request body: the same key with another body is refused.
  request_hash text not null check (request_hash ~ '^[0-9a-f]{64}$'),
  inspection_id bigint references inspection (id),
  response jsonb,
  received_at timestamptz not null default now(),
  constraint visit_submission_key_unique unique (idempotency_key)
);

alter table visit_submission enable row level security;
alter table visit_submission force row level security;
do $$
begin
  execute format(
    'create policy owner_trusted on visit_submission to %I using (current_setting(''app.trusted'', true) = ''on'') with check (current_setting(''app.trusted'', true) = ''on'')',
    current_user);
end
$$;
-- An inspector reads and completes only their own submissions.
create policy visit_submission_own on visit_submission for all to pingan_app
  using (user_id = (select user_id from app_session_user()))
  with check ((select app_role()) = 'inspector' and user_id = (select user_id from app_session_user()));
grant select, insert, update on visit_submission to pingan_app;

-- Free hazard sites worth a visit (open or rectifying, not at an enterprise): a partial index, so
-- the KNN scan walks only those. Its predicate uses leakproof operators, so it stays usable under
-- row-level security.
create index hazard_open_free_geog_gist on hazard using gist ((geom::geography))
  where enterprise_id is null and status in ('open', 'rectifying');

-- The open hazards of each nearby enterprise.
create index hazard_enterprise on hazard (enterprise_id) where enterprise_id is not null;
-- … and their incidents of the last year.
create index incident_enterprise on incident (enterprise_id, occurred_at) where enterprise_id is not null;
