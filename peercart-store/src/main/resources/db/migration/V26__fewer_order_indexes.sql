-- One b-tree less per new order (issue 17): the dashboard's orders-over-time read
-- (Audience.series) walks the activity's orders once on V1's orders_by_activity and tests
-- created_at and paid_at on each row, so V17's time index is no longer read. (Not an id range: an
-- order's id is minted from the wall clock after its created_at was read from the injected
-- clock, so the id's time may differ from created_at.)
DROP INDEX orders_by_activity_time;
