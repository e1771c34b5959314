-- Free-text fields, screened for personal identifiers on write (the same patterns as
-- src/lib/domain/find-personal-identifiers.ts; PostgreSQL regular expressions have no look-behind,
-- so the digit boundaries are spelt out).

create function pii_suspect(t text) returns boolean
language sql immutable parallel safe as $$
  select t is not null and (
    -- resident ID number: 6-digit region, birth date 18xx–20xx, 3 digits, check digit or X
    t ~ '(^|[^0-9])[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]([^0-9]|$)'
    -- mobile number, optionally with +86, also written 138-1234-5678 or 138 1234 5678
    or t ~ '(^|[^0-9])(\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}([^0-9]|$)'
    -- landline with area code
    or t ~ '(^|[^0-9])0[1-9][0-9]{1,2}-?[2-8][0-9]{6,7}([^0-9]|$)'
    -- e-mail address
    or t ~ '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
  )
$$;

-- A mediator's summary of the grievance (what it is about, not who raised it).
alter table petition_case add column summary text
  check (length(summary) <= 500)
  constraint petition_case_summary_no_personal_identifiers check (not pii_suspect(summary));

-- What was done to rectify a hazard.
alter table hazard add column rectification_note text
  check (length(rectification_note) <= 500)
  constraint hazard_note_no_personal_identifiers check (not pii_suspect(rectification_note));
