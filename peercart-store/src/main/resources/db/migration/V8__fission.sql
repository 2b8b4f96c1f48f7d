-- Fission (docs/fission.md): share links and what came through them, helpDepositExpansion's
-- deposits and helps, inSourcingFission's coupons. Instants are epoch milliseconds.
-- One share link per buyer per activity; parent_share_id is the link they arrived through.
CREATE TABLE shares (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  parent_share_id TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
) ${without_rowid};
CREATE UNIQUE INDEX shares_one_per_buyer ON shares (shop_id, activity_id, buyer_id);
CREATE TABLE share_visits (
  shop_id TEXT NOT NULL,
  share_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  visits INTEGER NOT NULL,
  first_at BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, share_id, visitor_id)
) ${without_rowid};
CREATE INDEX share_visits_by_activity ON share_visits (shop_id, activity_id);
-- An action (kind ORDER, HELP or CLAIM; ref_id the order, help or claim) made through a share link.
CREATE TABLE share_arrivals (
  shop_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  ref_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  share_id TEXT NOT NULL,
  sharer_id TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  new_customer INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, kind, ref_id)
) ${without_rowid};
CREATE INDEX share_arrivals_by_activity ON share_arrivals (shop_id, activity_id);
-- helpDepositExpansion: one row per deposit order, locked by every help; due_at = the balance
-- window's end while the deposit waits for its balance.
CREATE TABLE deposits (
  shop_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  status TEXT NOT NULL,
  value BIGINT NOT NULL,
  helps INTEGER NOT NULL,
  balance_order_id TEXT,
  due_at BIGINT,
  settled_at BIGINT,
  PRIMARY KEY (shop_id, order_id)
) ${without_rowid};
CREATE INDEX deposits_due ON deposits (due_at);
CREATE INDEX deposits_by_balance ON deposits (shop_id, balance_order_id);
CREATE TABLE helps (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  initiator_id TEXT NOT NULL,
  helper_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  amount BIGINT NOT NULL,
  credited BIGINT NOT NULL,
  value_after BIGINT NOT NULL,
  share_id TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
) ${without_rowid};
CREATE UNIQUE INDEX helps_once ON helps (shop_id, activity_id, initiator_id, helper_id);
CREATE INDEX helps_by_order ON helps (shop_id, order_id, created_at);
CREATE TABLE helper_quota (
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  helper_id TEXT NOT NULL,
  helps INTEGER NOT NULL,
  PRIMARY KEY (shop_id, activity_id, helper_id)
) ${without_rowid};
-- Accounts that helped from a device on a day (the activity's time zone); the day row is locked.
CREATE TABLE help_device_days (
  shop_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  day TEXT NOT NULL,
  accounts INTEGER NOT NULL,
  PRIMARY KEY (shop_id, device_id, day)
) ${without_rowid};
CREATE TABLE help_devices (
  shop_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  day TEXT NOT NULL,
  helper_id TEXT NOT NULL,
  PRIMARY KEY (shop_id, device_id, day, helper_id)
) ${without_rowid};
-- The secret seed random help amounts are drawn from; its commitment is public, the seed once
-- the balance window ended (reveal_at).
CREATE TABLE help_seeds (
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  seed TEXT NOT NULL,
  commitment TEXT NOT NULL,
  reveal_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, activity_id)
) ${without_rowid};
-- inSourcingFission coupons (内购券): a balance per buyer per activity, never negative.
CREATE TABLE coupon_accounts (
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  balance BIGINT NOT NULL CHECK (balance >= 0),
  initial BIGINT NOT NULL,
  earned BIGINT NOT NULL,
  spent BIGINT NOT NULL,
  PRIMARY KEY (shop_id, activity_id, buyer_id)
) ${without_rowid};
-- A friend's claim through a sharer's link: once per friend per sharer.
CREATE TABLE coupon_claims (
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  sharer_id TEXT NOT NULL,
  friend_id TEXT NOT NULL,
  id TEXT NOT NULL,
  share_id TEXT NOT NULL,
  day TEXT NOT NULL,
  sharer_coupons BIGINT NOT NULL,
  friend_coupons BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, activity_id, sharer_id, friend_id)
) ${without_rowid};
CREATE INDEX coupon_claims_by_friend ON coupon_claims (shop_id, activity_id, friend_id);
CREATE INDEX coupon_claims_by_day ON coupon_claims (shop_id, activity_id, sharer_id, day);
-- Coupons an order took (HELD) and gave back on cancel or refund (RETURNED).
CREATE TABLE coupon_spends (
  shop_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  coupons BIGINT NOT NULL,
  status TEXT NOT NULL,
  PRIMARY KEY (shop_id, order_id)
) ${without_rowid};
