-- The dashboard's funnel starts at the buyer page: one row per visitor of an activity (the buyer
-- page sends a visitor id it keeps in the browser), so repeated visits of one visitor count once.
-- Orders over time are bucketed by created_at within an activity: the index lets that read
-- range over one activity's orders in time order without a sort of the shop's.
CREATE TABLE activity_visits (
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  first_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, activity_id, visitor_id)
) ${without_rowid};
CREATE INDEX orders_by_activity_time ON orders (shop_id, activity_id, created_at);
-- When a group succeeded (its last seat paid): the dashboard's time to fill is filled_at - created_at.
-- Groups that succeeded before this column have none and are left out of the average.
ALTER TABLE buyer_groups ADD COLUMN filled_at BIGINT;
