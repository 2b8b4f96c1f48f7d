-- One b-tree less per new order (issue 17): the dashboard's orders-over-time read
-- (Audience.series) walks the activity's orders on V1's orders_by_activity and tests created_at
-- on each row, as its paid half already did, so V17's time index is no longer read. (An id
-- range would not do: an order's id is minted from the wall clock after its created_at was read,
-- from the injected clock, so the two may differ.)
DROP INDEX orders_by_activity_time;
