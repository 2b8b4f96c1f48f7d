-- Group buying (groupOn, luckyDrawGroup) and tuan settlement. A group is one row: its members
-- (at most 100) are a JSON list changed only under the row's lock, so seats can never be
-- double-booked. due_at is set while work is due (an open group's expiry) and indexed for the scheduler.
ALTER TABLE orders ADD COLUMN group_id TEXT;
ALTER TABLE orders ADD COLUMN cashback BIGINT NOT NULL DEFAULT 0;
CREATE TABLE buyer_groups (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  leader_buyer_id TEXT NOT NULL,
  size INTEGER NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  due_at BIGINT,
  members TEXT NOT NULL,
  PRIMARY KEY (shop_id, id)
) WITHOUT ROWID;
CREATE INDEX buyer_groups_by_activity ON buyer_groups (shop_id, activity_id, status, id);
CREATE INDEX buyer_groups_by_leader ON buyer_groups (shop_id, activity_id, leader_buyer_id);
CREATE INDEX buyer_groups_due ON buyer_groups (due_at);
-- luckyDrawGroup draws: one per activity (group_id '') drawn after the end, or one per group drawn
-- when it succeeds. The seed stays secret (never served) until drawn_at; its commitment is public.
CREATE TABLE draws (
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  seed TEXT NOT NULL,
  commitment TEXT NOT NULL,
  due_at BIGINT,
  drawn_at BIGINT,
  entries TEXT,
  winners TEXT,
  PRIMARY KEY (shop_id, activity_id, group_id)
) WITHOUT ROWID;
CREATE INDEX draws_due ON draws (due_at);
-- tuan: settled once, after endsAt + settlementDelaySeconds.
CREATE TABLE settlements (
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  due_at BIGINT,
  settled_at BIGINT,
  buyers INTEGER,
  tier TEXT,
  cashback_orders INTEGER,
  cashback_total BIGINT,
  PRIMARY KEY (shop_id, activity_id)
) WITHOUT ROWID;
CREATE INDEX settlements_due ON settlements (due_at);
