-- Stocks of a small area (issue 8). The 0007 indexes serve a district: one range scan over the
-- open hazards, or over those rectified since a day. For a sub-district or a grid the planner ANDed
-- them with hazard_grid once per grid — at 10M events a sub-district's 90-day pyramid read the
-- 20k open and 55k recently rectified entries 51 times (330 ms). Keyed by grid first, each grid
-- reads only its own rows; the same for open petition cases and cases closed since a day. The
-- hazard indexes carry the other dates the stock counts read, so they answer without the table.
create index hazard_grid_unrectified on hazard (grid_id, found_on) include (deadline, level, rectified_on) where rectified_on is null;
create index hazard_grid_rectified_on on hazard (grid_id, rectified_on) include (found_on, deadline, level) where rectified_on is not null;
create index petition_case_grid_open on petition_case (grid_id, received_at) where status in ('received', 'accepted', 'mediating');
create index petition_case_grid_closed on petition_case (grid_id, closed_at) where closed_at is not null;
